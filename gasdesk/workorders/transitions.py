"""The work-order state machine as data (WO-1, WO-5): action -> sources, target, roles.

The services apply it and the UI lists the allowed actions from the same table, so the
buttons and the rule cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gasdesk.org.roles import Role
from gasdesk.workorders.models import WorkOrderStatus as S

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The target of `resume` is the status the order had before it was suspended.
RESTORE = "__restore__"


@dataclass(frozen=True)
class Transition:
    action: str
    label: StrOrPromise  # lazy: shown in the user's language
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    needs_reason: bool = False
    assignee_only: bool = False  # a technician may act only on orders assigned to them
    team_only: bool = False  # only a team-mate of the current assignee, never the assignee
    # False: applied only by another app's service that checks its own rule first (the pool
    # claim), so the generic order pages and API endpoints do not offer it.
    generic: bool = True
    event: str = ""  # the history kind, past tense


_DESK: frozenset[str] = frozenset({Role.DISPATCHER, Role.SPECIALIST})
_FIELD: frozenset[str] = frozenset({Role.TECHNICIAN, Role.DISPATCHER})
_ANY_DESK: frozenset[str] = _DESK | {Role.TECHNICIAN, Role.HOTLINE_AGENT}
_OPEN_RUNNING: frozenset[str] = frozenset(
    {S.NEW, S.DISPATCHED, S.ACCEPTED, S.ARRIVED, S.IN_PROGRESS, S.RETURNED}
)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "dispatch",
            _("派工"),
            frozenset({S.NEW, S.RETURNED}),
            S.DISPATCHED,
            _DESK,
            event="DISPATCHED",
        ),
        Transition(
            "reassign",
            _("改派"),
            frozenset({S.DISPATCHED, S.ACCEPTED}),
            S.DISPATCHED,
            _DESK,
            needs_reason=True,
            event="REASSIGNED",
        ),
        Transition(
            "accept",
            _("接单"),
            frozenset({S.DISPATCHED}),
            S.ACCEPTED,
            _FIELD,
            assignee_only=True,
            event="ACCEPTED",
        ),
        # DSP-2 团队池: a technician of the assignee's team takes the order and signs for it. The
        # pool itself (who may claim what, when) is fieldwork's rule; this is only the change.
        Transition(
            "claim",
            _("认领"),
            frozenset({S.DISPATCHED}),
            S.ACCEPTED,
            frozenset({Role.TECHNICIAN}),
            team_only=True,
            generic=False,
            event="CLAIMED",
        ),
        Transition(
            "arrive",
            _("到达现场"),
            frozenset({S.ACCEPTED}),
            S.ARRIVED,
            _FIELD,
            assignee_only=True,
            event="ARRIVED",
        ),
        Transition(
            "start_work",
            _("开始处理"),
            frozenset({S.ARRIVED}),
            S.IN_PROGRESS,
            _FIELD,
            assignee_only=True,
            event="WORK_STARTED",
        ),
        Transition(
            "complete",
            _("完工"),
            frozenset({S.ARRIVED, S.IN_PROGRESS}),
            S.COMPLETED,
            _FIELD,
            assignee_only=True,
            event="COMPLETED",
        ),
        Transition(
            "close",
            _("归档"),
            frozenset({S.COMPLETED}),
            S.CLOSED,
            _DESK | {Role.HOTLINE_AGENT},
            event="CLOSED",
        ),
        Transition(
            "suspend",
            pgettext_lazy("action", "挂起"),
            _OPEN_RUNNING,
            S.SUSPENDED,
            _ANY_DESK,
            needs_reason=True,
            event="SUSPENDED",
        ),
        Transition(
            "resume", _("恢复"), frozenset({S.SUSPENDED}), RESTORE, _ANY_DESK, event="RESUMED"
        ),
        Transition(
            "return",
            _("退回"),
            frozenset({S.DISPATCHED, S.ACCEPTED}),
            S.RETURNED,
            _FIELD,
            needs_reason=True,
            assignee_only=True,
            event="RETURNED",
        ),
        Transition(
            "cancel",
            _("取消"),
            frozenset({S.NEW, S.DISPATCHED, S.RETURNED, S.SUSPENDED}),
            S.CANCELLED,
            _DESK | {Role.HOTLINE_AGENT},
            needs_reason=True,
            event="CANCELLED",
        ),
    ]
}


def actions_from(status: str) -> list[Transition]:
    """Transitions whose source includes `status`, in table order."""
    return [t for t in TRANSITIONS.values() if status in t.sources]
