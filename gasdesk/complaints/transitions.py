"""The complaint process as data (CMP-17): action -> sources, target, roles.

Besides the five steps, two decisions keep the status: naming the responsible person (CMP-24)
and the specialist's valid/invalid decision (有效投诉, CMP-1, OQ-13).

Services check this table; the detail page lists its buttons from it, so they cannot drift.
A target of None keeps the status (a response is recorded without moving the complaint).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gasdesk.complaints.models import ComplaintStatus as S
from gasdesk.org.roles import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Step:
    action: str
    label: StrOrPromise
    sources: frozenset[str]
    target: str | None
    roles: frozenset[str]
    event: str


_DESK = frozenset({Role.SPECIALIST, Role.MANAGER})
_BEFORE_ANSWER = frozenset({S.ROUTED, S.INVESTIGATING, S.SOLUTION_GIVEN})
_NOT_ARCHIVED = frozenset(s for s in S if s != S.ARCHIVED)

STEPS: dict[str, Step] = {
    s.action: s
    for s in [
        Step(
            "assign",
            _("指定责任人"),
            _BEFORE_ANSWER,
            None,
            _DESK,
            "RESPONSIBLE_ASSIGNED",
        ),
        Step(
            "level",
            _("定级"),
            frozenset({S.ROUTED, S.INVESTIGATING}),
            S.INVESTIGATING,
            frozenset({Role.SPECIALIST}),
            "LEVELLED",
        ),
        Step(
            "validity",
            _("认定有效性"),
            _NOT_ARCHIVED,
            None,
            frozenset({Role.SPECIALIST}),
            "VALIDITY_SET",
        ),
        Step(
            "respond",
            _("响应客户"),
            frozenset({S.ROUTED, S.INVESTIGATING, S.SOLUTION_GIVEN}),
            None,
            _DESK | {Role.DEPT_ADMIN},
            "RESPONDED",
        ),
        Step(
            "solution",
            _("商定方案"),
            frozenset({S.INVESTIGATING}),
            S.SOLUTION_GIVEN,
            _DESK,
            "SOLUTION_AGREED",
        ),
        Step(
            "close",
            _("办结反馈"),
            frozenset({S.INVESTIGATING, S.SOLUTION_GIVEN}),
            S.ANSWERED,
            _DESK,
            "CLOSED",
        ),
        Step(
            "callback",
            _("回访"),
            frozenset({S.ANSWERED}),
            S.CALLED_BACK,
            _DESK | {Role.CALLBACK_AGENT},
            "CALLED_BACK",
        ),
        Step("archive", _("归档"), frozenset({S.CALLED_BACK}), S.ARCHIVED, _DESK, "ARCHIVED"),
    ]
}


def steps_from(status: str) -> list[Step]:
    return [s for s in STEPS.values() if status in s.sources]
