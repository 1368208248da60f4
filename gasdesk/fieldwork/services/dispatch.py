"""Dispatch and signing for (DSP-1…3, CAL-6): assign, accept, agree a time, cannot keep it.

The order's status moves only through workorders' `apply_transition` (conditional UPDATE);
this module adds the Assignment row with its acceptance deadline in the same transaction, so
two dispatchers assigning one order at once leave exactly one assignment.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from gasdesk.business_calendar.selectors import workday_calendar
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.fieldwork.acceptance import contact_deadline, plan_acceptance
from gasdesk.fieldwork.models import Assignment
from gasdesk.fieldwork.services.adoption import adopt_dispatched, orphans
from gasdesk.fieldwork.services.common import field_rules, iso, log_event, order_pack
from gasdesk.org.roles import Role, has_role
from gasdesk.org.selectors import technicians_in_scope
from gasdesk.workorders.models import WorkOrder
from gasdesk.workorders.models import WorkOrderStatus as S
from gasdesk.workorders.services import apply_transition

if TYPE_CHECKING:
    from gasdesk.org.models import User

LOST_RACE = "该工单刚被其他调度员派工或修改，本次派工未生效，请刷新后查看"
DESK_ROLES = (Role.DISPATCHER, Role.SPECIALIST)


def _check_technician(by: User, technician: User | None) -> User:
    """Technicians only, inside the assigner's own unit subtree."""
    if technician is None:
        raise RuleViolation("technician", "请选择维修人员")
    if not technicians_in_scope(by).filter(pk=technician.pk).exists():
        raise RuleViolation("technician", "只能派给本单位（含下级班组）的维修人员")
    return technician


def _new_assignment(order: WorkOrder, technician: User, *, by: User, now: datetime) -> Assignment:
    pack = order_pack(order)
    plan = plan_acceptance(
        field_rules(pack).acceptance,
        pack.calendar.pool_sign_by,
        business_type=order.business_type,
        assigned_at=now,
        calendar=workday_calendar(),
    )
    assert technician.org_unit_id is not None  # technicians_in_scope only lists placed users
    return Assignment.objects.create(
        order=order,
        team_id=technician.org_unit_id,
        technician=technician,
        assigned_by=by,
        assigned_at=now,
        kind=plan.kind,
        accept_due_at=plan.accept_due_at,
        pools_at=plan.pools_at,
        contact_due_at=plan.contact_due_at,
    )


def assign_order(
    order: WorkOrder, *, by: User, technician: User | None, reason: str = ""
) -> Assignment:
    """派工 (or 改派 with a reason): the technician gets the order and an acceptance deadline.

    A concurrent assignment of the same order loses on the conditional UPDATE (or on the
    one-current-assignment constraint) and gets a clear message; nothing of it is written.
    """
    technician = _check_technician(by, technician)
    action = "reassign" if order.status in (S.DISPATCHED, S.ACCEPTED) else "dispatch"
    try:
        with transaction.atomic():
            apply_transition(order, action, by=by, reason=reason, assignee=technician)
            now = order.updated_at
            Assignment.objects.filter(order=order, is_current=True).update(
                is_current=False, ended_at=now
            )
            assignment = _new_assignment(order, technician, by=by, now=now)
            log_event(
                order,
                "ASSIGNED",
                by=by,
                at=now,
                reason=reason,
                data={
                    "technician": technician.pk,
                    "accept_due_at": iso(assignment.accept_due_at),
                    "kind": assignment.kind,
                    "action": action,
                },
            )
    except (ConcurrentChange, IntegrityError):
        raise ConcurrentChange(LOST_RACE) from None
    return assignment


def held_assignment(order: WorkOrder) -> Assignment:
    """The current assignment, adopting an order dispatched on the workorders pages first
    (DSP-1/2: its deadline runs from the recorded dispatch, see services.adoption)."""
    orders = WorkOrder.objects.filter(pk=order.pk)
    if orphans(orders).exists():
        adopt_dispatched(timezone.now(), orders)
    return current_assignment(order)


def current_assignment(order: WorkOrder) -> Assignment:
    """The order's current assignment (an order dispatched elsewhere has none to sign for)."""
    found = Assignment.objects.filter(order=order, is_current=True).first()
    if found is None:
        raise RuleViolation("order", "该工单未经现场派工，请由调度员派工")
    return found


def _require_holder(assignment: Assignment, by: User) -> None:
    if assignment.technician_id != by.pk and not has_role(by, *DESK_ROLES):
        raise PermissionDeniedRule("只能处理派给本人的工单")


def _update_current(assignment: Assignment, **changes: object) -> None:
    """Conditional UPDATE on the row still being current (a reassignment wins otherwise)."""
    if not Assignment.objects.filter(pk=assignment.pk, is_current=True).update(**changes):
        raise ConcurrentChange("该工单已改派，请刷新后查看")
    for name, value in changes.items():
        setattr(assignment, name, value)


def accept_order(order: WorkOrder, *, by: User) -> Assignment:
    """签收 (DSP-1/2): sign for the order; a pool-class order's 1-hour contact clock starts."""
    assignment = held_assignment(order)
    _require_holder(assignment, by)
    rules = field_rules(order_pack(order)).acceptance
    with transaction.atomic():
        apply_transition(order, "accept", by=by)
        now = order.updated_at
        due = contact_deadline(rules, assignment.contact_due_at, now)
        _update_current(assignment, accepted_at=now, contact_due_at=due)
        log_event(order, "SIGNED_FOR", by=by, at=now, data={"contact_due_at": iso(due)})
    return assignment


def agree_visit_time(
    order: WorkOrder, *, by: User, appointment_at: datetime, note: str = ""
) -> Assignment:
    """DSP-1: the technician phoned the customer and agreed a visit time."""
    assignment = current_assignment(order)
    _require_holder(assignment, by)
    if order.status != S.ACCEPTED:
        raise RuleViolation("status", "请先签收工单，再与客户约定上门时间")
    now = timezone.now()
    if appointment_at < now:
        raise RuleViolation("appointment_at", "约定上门时间不能早于当前时间")
    with transaction.atomic():
        _update_current(
            assignment, contacted_at=assignment.contacted_at or now, appointment_at=appointment_at
        )
        log_event(
            order,
            "VISIT_TIME_AGREED",
            by=by,
            at=now,
            reason=note,
            data={"appointment_at": iso(appointment_at)},
        )
    return assignment


def report_cannot_keep(order: WorkOrder, *, by: User, reason: str) -> Assignment:
    """DSP-3: tell the team leader in advance; the leader then reassigns (assign_order)."""
    assignment = current_assignment(order)
    if assignment.technician_id != by.pk:
        raise PermissionDeniedRule("只能由接单人员报告")
    if not reason.strip():
        raise RuleViolation("reason", "请说明无法按约上门的原因")
    now = timezone.now()
    with transaction.atomic():
        _update_current(assignment, cannot_keep_at=now)
        log_event(order, "CANNOT_KEEP_APPOINTMENT", by=by, at=now, reason=reason.strip())
    return assignment
