"""Team pool claim (DSP-2 团队池): a technician of the same team takes an unsigned order that
went to the pool, and signs for it at once (the 1-hour contact clock starts).

The order's status and assignee move only through workorders' `apply_transition`. The state
machine has no technician action for this yet: `reassign` is a desk action (dispatcher,
specialist) and `accept` is for the current assignee only. `claim_from_pool` therefore calls
the transition `claim` (DISPATCHED → ACCEPTED, role technician, assignee becomes the actor),
which workorders must add (see the fieldgaps report); until then it is refused with
"未知操作：claim" and nothing is written. The fieldwork checks (same team, order in the pool)
come first, so they hold whatever workorders decides about scope.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.fieldwork.acceptance import contact_deadline
from gasdesk.fieldwork.models import Assignment
from gasdesk.fieldwork.services.common import field_rules, iso, log_event, order_pack
from gasdesk.fieldwork.services.dispatch import held_assignment
from gasdesk.org.roles import Role, require_role
from gasdesk.workorders.services import apply_transition

if TYPE_CHECKING:
    from gasdesk.org.models import User
    from gasdesk.workorders.models import WorkOrder

CLAIM_LOST = "该工单刚被同组其他人员认领，请刷新后查看"


def _check_claim(pooled: Assignment, by: User) -> None:
    """Only a technician of the team holding the order, and only while it sits in the pool."""
    require_role(by, Role.TECHNICIAN)
    if by.org_unit_id != pooled.team_id:
        raise PermissionDeniedRule("只能认领本班组团队池中的工单")
    if pooled.pooled_at is None or pooled.accepted_at is not None:
        raise RuleViolation("order", "该工单不在团队池中，不能认领")


def _claimed(pooled: Assignment, order: WorkOrder, by: User, due: datetime) -> Assignment:
    """The claimer's assignment: signed for now, keeping the pool's acceptance deadline."""
    now = order.updated_at
    Assignment.objects.filter(pk=pooled.pk, is_current=True).update(is_current=False, ended_at=now)
    return Assignment.objects.create(
        order=order,
        team_id=pooled.team_id,
        technician=by,
        assigned_by=by,
        assigned_at=now,
        kind=pooled.kind,
        accept_due_at=pooled.accept_due_at,
        pools_at=pooled.pools_at,
        pooled_at=pooled.pooled_at,
        accepted_at=now,
        contact_due_at=due,
    )


def claim_from_pool(order: WorkOrder, *, by: User) -> Assignment:
    """认领: take a pooled order of one's own team and sign for it in one step."""
    pooled = held_assignment(order)
    _check_claim(pooled, by)
    rules = field_rules(order_pack(order)).acceptance
    try:
        with transaction.atomic():
            apply_transition(order, "claim", by=by)
            due = contact_deadline(rules, None, order.updated_at)
            claimed = _claimed(pooled, order, by, due)
            log_event(
                order,
                "CLAIMED_FROM_POOL",
                by=by,
                at=order.updated_at,
                data={"from": pooled.technician_id, "contact_due_at": iso(due)},
            )
    except (ConcurrentChange, IntegrityError):
        raise ConcurrentChange(CLAIM_LOST) from None
    return claimed
