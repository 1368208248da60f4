"""Every write to an existing order: transitions, agreed times, payment (WO-1, WO-6, STD-4, CAL-9).

All go through `apply_transition` or a sibling that (1) checks role, scope and the table,
(2) updates with a conditional UPDATE on the status and version seen, raising ConcurrentChange
when another writer won, and (3) writes the history event in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from gasdesk.business_calendar.selectors import workday_calendar
from gasdesk.business_calendar.units import Unit
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.org.roles import Role, has_role, require_role
from gasdesk.org.scoping import in_scope, require_in_scope
from gasdesk.standards.lookup import loaded_pack
from gasdesk.standards.schema import Area, StartEvent, Tier
from gasdesk.workorders.deadlines import compute_deadlines, period_options, shift_after_pause
from gasdesk.workorders.models import CLOCK_MET_BY, SuspendReason, WorkOrder, WorkOrderEvent
from gasdesk.workorders.models import WorkOrderStatus as S
from gasdesk.workorders.transitions import RESTORE, TRANSITIONS, Transition, actions_from

if TYPE_CHECKING:
    from gasdesk.org.models import User


def _iso(moment: datetime) -> str:
    """Times in history and basis are written in Asia/Shanghai, as people read them."""
    return timezone.localtime(moment).isoformat()


def _may_act(order: WorkOrder, t: Transition, user: User) -> bool:
    """Role from the table; a technician only on orders assigned to them (desk roles may act
    for a technician)."""
    if not has_role(user, *t.roles):
        return False
    if t.team_only:
        return _is_team_mate(order, user)
    acts_as_desk = has_role(user, Role.DISPATCHER, Role.SPECIALIST)
    return acts_as_desk or not t.assignee_only or order.assignee_id == user.pk


def _is_team_mate(order: WorkOrder, user: User) -> bool:
    assignee = order.assignee
    return (
        assignee is not None
        and assignee.pk != user.pk
        and user.org_unit_id is not None
        and user.org_unit_id == assignee.org_unit_id
    )


def available_actions(order: WorkOrder, user: User) -> list[Transition]:
    """The transitions the UI offers: exactly those `apply_transition` would accept now."""
    return [t for t in actions_from(order.status) if t.generic and _may_act(order, t, user)]


def _check_allowed(order: WorkOrder, t: Transition, by: User) -> None:
    require_role(by, *t.roles)
    if t.team_only:
        if not _is_team_mate(order, by):
            raise PermissionDeniedRule("只能认领本班组同事的工单")
    elif order.assignee_id != by.pk:
        require_in_scope(by, order.org_unit)
    if not _may_act(order, t, by):
        raise PermissionDeniedRule("只能处理派给本人的工单")
    if order.status not in t.sources:
        raise RuleViolation(
            "status", f"工单当前状态为“{order.get_status_display()}”，不能{t.label}"
        )


def next_due(values: dict[str, Any], order: WorkOrder) -> datetime | None:
    """Earliest deadline whose clock is still running (what the queue sorts by)."""
    pending = []
    for clock in CLOCK_MET_BY:
        met = values.get(CLOCK_MET_BY[clock], getattr(order, CLOCK_MET_BY[clock]))
        due = values.get(f"{clock}_due_at", getattr(order, f"{clock}_due_at"))
        if due is not None and met is None:
            pending.append(due)
    return min(pending, default=None)


def _assignment(by: User, assignee: User | None) -> dict[str, Any]:
    """The technician must be inside the dispatcher's own org scope."""
    if assignee is None:
        raise RuleViolation("assignee", "请选择处理人")
    if not has_role(assignee, Role.TECHNICIAN) or assignee.org_unit is None:
        raise RuleViolation("assignee", "处理人须为维修/安检人员")
    if not in_scope(by, assignee.org_unit):
        raise RuleViolation("assignee", "处理人不在您的组织范围内")
    return {"assignee": assignee}


def _resume_changes(order: WorkOrder, now: datetime) -> dict[str, Any]:
    """Move every running deadline on by the pause (CAL-9) and restore the prior status."""
    changes: dict[str, Any] = {
        "status": order.status_before_suspend,
        "suspended_at": None,
        "status_before_suspend": "",
        "suspend_reason": "",
    }
    basis = dict(order.deadline_basis)
    pack = loaded_pack(order.pack_id).pack
    for clock in CLOCK_MET_BY:
        due = getattr(order, f"{clock}_due_at")
        if due is None or getattr(order, CLOCK_MET_BY[clock]) is not None:
            continue
        unit = Unit(basis[clock]["unit"])
        new_due = shift_after_pause(
            due,
            unit,
            suspended_at=order.suspended_at or now,
            resumed_at=now,
            calendar=workday_calendar(),
            options=period_options(pack.calendar),
        )
        changes[f"{clock}_due_at"] = new_due
        basis[clock] = {**basis[clock], "due_at": _iso(new_due)}
    changes["deadline_basis"] = basis
    return changes


def _changes_for(
    order: WorkOrder, t: Transition, now: datetime, params: dict[str, Any]
) -> dict[str, Any]:
    changes: dict[str, Any] = {"status": t.target}
    action = t.action
    if action in ("dispatch", "reassign"):
        changes.update(_assignment(params["by"], params.get("assignee")))
    elif action == "accept":
        changes["responded_at"] = order.responded_at or now
    elif action == "claim":
        changes.update(assignee=params["by"], responded_at=order.responded_at or now)
    elif action == "arrive":
        changes["arrived_at"] = order.arrived_at or now
    elif action == "complete":
        changes.update(completed_at=now, result=params.get("result", "") or order.result)
    elif action == "close":
        changes["closed_at"] = now
    elif action == "suspend":
        reason_code = params.get("suspend_reason") or ""
        if reason_code not in SuspendReason.values:
            raise RuleViolation("suspend_reason", "请选择挂起原因")
        changes.update(
            suspended_at=now, status_before_suspend=order.status, suspend_reason=reason_code
        )
    elif t.target == RESTORE:
        changes = _resume_changes(order, now)
    return changes


def _write(
    order: WorkOrder,
    changes: dict[str, Any],
    *,
    by: User,
    kind: str,
    reason: str,
    data: dict[str, Any] | None = None,
    happened_at: datetime | None = None,
) -> WorkOrder:
    """Conditional UPDATE on (status, updated_at) seen by the caller, then the event."""
    now = changes["updated_at"]
    changes["next_due_at"] = next_due(changes, order)
    with transaction.atomic():
        updated = WorkOrder.objects.filter(
            pk=order.pk, status=order.status, updated_at=order.updated_at
        ).update(**changes)
        if updated != 1:
            raise ConcurrentChange()
        WorkOrderEvent.objects.create(
            order=order,
            by=by,
            kind=kind,
            reason=reason,
            at=happened_at or now,
            from_status=order.status,
            to_status=changes.get("status", order.status),
            data=data or {},
        )
    for name, value in changes.items():
        setattr(order, name, value)
    return order


def _moment(order: WorkOrder, at: datetime | None, now: datetime) -> datetime:
    """When the action happened: now, or earlier for work recorded after the fact (offline)."""
    if at is None:
        return now
    if at > now:
        raise RuleViolation("at", "操作时间不能晚于当前时间")
    if at < order.received_at:
        raise RuleViolation("at", "操作时间不能早于受理时间")
    return at


def apply_transition(
    order: WorkOrder,
    action: str,
    *,
    by: User,
    reason: str = "",
    at: datetime | None = None,
    **params: Any,
) -> WorkOrder:
    """Move the order along the state machine; the one write path for UI, API and jobs."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise RuleViolation("action", f"未知操作：{action}")
    _check_allowed(order, t, by)
    if t.needs_reason and not reason.strip():
        raise RuleViolation("reason", f"{t.label}须填写原因")
    recorded_at = timezone.now()
    moment = _moment(order, at, recorded_at)
    changes = _changes_for(order, t, moment, {**params, "by": by})
    changes["updated_at"] = recorded_at
    data = {"assignee": changes["assignee"].pk} if "assignee" in changes else {}
    if "deadline_basis" in changes:
        data["deadlines"] = changes["deadline_basis"]
    if at is not None:
        data["recorded_at"] = _iso(recorded_at)
    return _write(
        order, changes, by=by, kind=t.event, reason=reason.strip(), data=data, happened_at=moment
    )


def agree_deadline(
    order: WorkOrder, *, by: User, clock: str, agreed_at: datetime, reason: str = ""
) -> WorkOrder:
    """STD-4: a time agreed with the customer replaces a commitment marked 除与用户另有约定外."""
    require_role(by, Role.HOTLINE_AGENT, Role.DISPATCHER, Role.SPECIALIST, Role.TECHNICIAN)
    require_in_scope(by, order.org_unit)
    basis = dict(order.deadline_basis)
    entry = basis.get(clock)
    if entry is None or not entry.get("customer_may_agree"):
        raise RuleViolation("clock", "该时限不允许与客户另行约定")
    if order.status not in TRANSITIONS["suspend"].sources | {S.SUSPENDED}:
        raise RuleViolation("status", "工单已结束，不能修改时限")
    now = timezone.now()
    basis[clock] = {
        **entry,
        "due_at": _iso(agreed_at),
        "agreed": True,
        "agreed_by": by.pk,
        "agreed_recorded_at": _iso(now),
        "committed_due_at": entry.get("committed_due_at", entry["due_at"]),
    }
    changes = {f"{clock}_due_at": agreed_at, "deadline_basis": basis, "updated_at": now}
    return _write(
        order,
        changes,
        by=by,
        kind="DEADLINE_AGREED",
        reason=reason,
        data={"clock": clock, "agreed_at": _iso(agreed_at)},
    )


def record_payment(order: WorkOrder, *, by: User, paid_at: datetime) -> WorkOrder:
    """C3/C4: clocks that start at payment begin now; the others are unchanged."""
    require_role(by, Role.HOTLINE_AGENT, Role.DISPATCHER, Role.SPECIALIST)
    require_in_scope(by, order.org_unit)
    if order.paid_at is not None:
        raise RuleViolation("paid_at", "已登记交费")
    if paid_at > timezone.now():
        raise RuleViolation("paid_at", "交费时间不能晚于当前时间")
    pack = loaded_pack(order.pack_id)
    business_type = pack.pack.business_type(order.business_type)
    paid_clocks = compute_deadlines(
        business_type.model_copy(
            update={
                "commitments": tuple(
                    c for c in business_type.commitments if c.start_event == StartEvent.PAID
                )
            }
        ),
        tier=Tier(order.tier),
        area=Area(order.area),
        starts={StartEvent.PAID: paid_at},
        calendar=workday_calendar(),
        options=period_options(pack.pack.calendar),
    )
    basis = dict(order.deadline_basis)
    now = timezone.now()
    changes: dict[str, Any] = {"paid_at": paid_at, "updated_at": now}
    for d in paid_clocks:
        changes[f"{d.clock.value}_due_at"] = d.due_at
        basis[d.clock.value] = d.basis(pack.record.version)
    changes["deadline_basis"] = basis
    return _write(
        order,
        changes,
        by=by,
        kind="PAID",
        reason="",
        data={"paid_at": _iso(paid_at), "deadlines": basis, "recorded_at": _iso(now)},
        happened_at=paid_at,
    )
