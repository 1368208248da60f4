"""Every write to a registered complaint (CMP-7…CMP-17, CMP-24, CMP-1): responsible person,
level, validity, respond, solution, close, callback, archive.

Each service (1) checks the step table, role and org scope, (2) updates with a condition on the
version it read, raising ConcurrentChange when another writer won, and (3) writes the history
event in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gasdesk.business_calendar.periods import options_from_pack
from gasdesk.business_calendar.selectors import workday_calendar
from gasdesk.complaints.clocks import ClockContext, basis, levelling_clocks
from gasdesk.complaints.models import Complaint, ComplaintEvent, ComplaintStatus, next_due
from gasdesk.complaints.rules import rules_of
from gasdesk.complaints.transitions import STEPS, Step, steps_from
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.org.roles import has_role, require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.standards.lookup import loaded_pack
from gasdesk.standards.sections.complaints import ComplaintRules

if TYPE_CHECKING:
    from gasdesk.org.models import User


def _rules(complaint: Complaint) -> tuple[ComplaintRules, ClockContext]:
    loaded = loaded_pack(complaint.pack_id)
    ctx = ClockContext(workday_calendar(), options_from_pack(loaded.pack.calendar))
    return rules_of(loaded), ctx


def _check(complaint: Complaint, action: str, by: User) -> Step:
    step = STEPS[action]
    require_role(by, *step.roles)
    require_in_scope(by, complaint.org_unit)
    if complaint.status not in step.sources:
        raise RuleViolation(
            "status", f"投诉当前状态为“{complaint.get_status_display()}”，不能{step.label}"
        )
    return step


def available_steps(complaint: Complaint, user: User) -> list[Step]:
    """The buttons the detail page shows: the steps the services would accept from this user."""
    return [s for s in steps_from(complaint.status) if has_role(user, *s.roles)]


def write(
    complaint: Complaint,
    changes: dict[str, Any],
    *,
    by: User,
    kind: str,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> Complaint:
    """Conditional UPDATE on the version read, then the event; 0 rows -> ConcurrentChange."""
    values = {f.attname: getattr(complaint, f.attname) for f in Complaint._meta.concrete_fields}
    changes["next_due_at"] = next_due(values | changes)
    with transaction.atomic():
        updated = Complaint.objects.filter(pk=complaint.pk, version=complaint.version).update(
            version=F("version") + 1, **changes
        )
        if updated != 1:
            raise ConcurrentChange()
        ComplaintEvent.objects.create(
            complaint=complaint,
            by=by,
            kind=kind,
            reason=reason,
            from_status=complaint.status,
            to_status=changes.get("status", complaint.status),
            data=data or {},
        )
    for name, value in changes.items():
        setattr(complaint, name, value)
    complaint.version += 1
    return complaint


def _iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()


def _validity_changes(valid: bool, invalid_reason: str, now: datetime) -> dict[str, Any]:
    """OQ-13: an invalid complaint needs the specialist's reason; a valid one keeps none."""
    reason = invalid_reason.strip()
    if not valid and not reason:
        raise RuleViolation("invalid_reason", "认定为无效投诉时须填写无效原因")
    return {
        "is_valid": valid,
        "invalid_reason": "" if valid else reason,
        "validity_decided_at": now,
    }


def set_validity(
    complaint: Complaint, *, by: User, valid: bool, invalid_reason: str = ""
) -> Complaint:
    """有效投诉 (CMP-1, KPI-10, OQ-13): the handbook gives no criteria, so validity is the
    specialist's recorded decision; it may be revised, and every decision stays in the history
    with the previous one."""
    step = _check(complaint, "validity", by)
    changes = _validity_changes(valid, invalid_reason, timezone.now())
    data = {"is_valid": valid, "previous": complaint.is_valid}
    reason = changes["invalid_reason"]
    return write(complaint, changes, by=by, kind=step.event, reason=reason, data=data)


def assign_responsible(complaint: Complaint, *, by: User, person: User) -> Complaint:
    """CMP-24: the named person responsible for this complaint until it is solved; staff of
    the complaint's company only."""
    step = _check(complaint, "assign", by)
    home = person.org_unit
    if not person.is_active or home is None or home.company_id != complaint.company_id:
        raise RuleViolation("person", "投诉处理责任人须为本公司在职员工")
    data = {"person": person.pk, "previous": complaint.responsible_person_id}
    changes = {"responsible_person": person}
    return write(complaint, changes, by=by, kind=step.event, reason=str(person), data=data)


def _require_named_handler(complaint: Complaint, rules: ComplaintRules) -> None:
    """CMP-24: where the pack asks for a named responsible person, levelling waits for one."""
    roles = rules.roles
    if roles and roles.named_handler_required and complaint.responsible_person_id is None:
        raise RuleViolation("responsible_person", "请先指定投诉处理责任人再定级")


def set_level(  # noqa: PLR0913 — the level and the optional validity decision (CMP-1) together
    complaint: Complaint,
    *,
    by: User,
    level: int,
    needs_investigation: bool = False,
    reason: str = "",
    valid: bool | None = None,
    invalid_reason: str = "",
) -> Complaint:
    """CMP-7/8/10/14: the specialist's level after investigation; it fixes the closure clock
    (facts clear vs investigation), the level's own response target, and opens the appeal window.
    The validity decision (CMP-1) may be taken at the same time (None leaves it as it is)."""
    step = _check(complaint, "level", by)
    if level not in range(1, 6):
        raise RuleViolation("level", "投诉级别须为一级至五级")
    rules, ctx = _rules(complaint)
    _require_named_handler(complaint, rules)
    now = timezone.now()
    clocks = levelling_clocks(
        rules, complaint.received_at, level=level, needs_investigation=needs_investigation, ctx=ctx
    )
    changes: dict[str, Any] = {
        "status": step.target,
        "level": level,
        "needs_investigation": needs_investigation,
        "levelled_at": now,
        "appeal_due_at": ctx.after(now, rules.appeal_window),
        "closure_due_at": clocks["closure"][0],
    }
    if complaint.responded_at is None:
        changes["response_due_at"] = clocks["response"][0]
    changes["deadline_basis"] = complaint.deadline_basis | {
        name: basis(period, complaint.received_at, due) for name, (due, period) in clocks.items()
    }
    data = {
        "level": level,
        "needs_investigation": needs_investigation,
        "appeal_due_at": _iso(changes["appeal_due_at"]),
    }
    if valid is not None:
        changes |= _validity_changes(valid, invalid_reason, now)
        data |= {"is_valid": valid, "invalid_reason": changes["invalid_reason"]}
    return write(complaint, changes, by=by, kind=step.event, reason=reason, data=data)


def record_response(complaint: Complaint, *, by: User, note: str = "") -> Complaint:
    """CMP-9: the customer has been contacted (the response clock is met)."""
    step = _check(complaint, "respond", by)
    if complaint.responded_at is not None:
        raise RuleViolation("responded_at", "已记录响应")
    return write(complaint, {"responded_at": timezone.now()}, by=by, kind=step.event, reason=note)


def record_solution(
    complaint: Complaint, *, by: User, solution: str, promised_final_at: datetime
) -> Complaint:
    """CMP-11: external factors prevent closure; the solution and the final date agreed with the
    customer. The agreed date becomes the closure deadline; a second callback follows it."""
    step = _check(complaint, "solution", by)
    now = timezone.now()
    if not solution.strip():
        raise RuleViolation("solution", "请填写解决方案")
    if promised_final_at <= now:
        raise RuleViolation("promised_final_at", "约定最终解决时间须晚于当前时间")
    rules, ctx = _rules(complaint)
    second = ctx.after(promised_final_at, rules.clocks.second_callback)
    changes = {
        "status": step.target,
        "solution_at": now,
        "promised_final_at": promised_final_at,
        "closure_due_at": promised_final_at,
        "second_callback_due_at": second,
        "responded_at": complaint.responded_at or now,
        "resolution": solution.strip(),
    }
    data = {"promised_final_at": _iso(promised_final_at), "second_callback_due_at": _iso(second)}
    return write(complaint, changes, by=by, kind=step.event, reason=solution.strip(), data=data)


def close_complaint(complaint: Complaint, *, by: User, resolution: str) -> Complaint:
    """反馈 (CMP-10, CMP-15): closed with the answer given; the callback clock starts now."""
    step = _check(complaint, "close", by)
    if complaint.level is None:
        raise RuleViolation("level", "请先定级再办结")
    if not resolution.strip():
        raise RuleViolation("resolution", "请填写处理结果")
    rules, ctx = _rules(complaint)
    now = timezone.now()
    due = ctx.after(now, rules.clocks.callback)
    changes = {
        "status": step.target,
        "closed_at": now,
        "responded_at": complaint.responded_at or now,
        "callback_due_at": due,
        "resolution": resolution.strip(),
    }
    data = {"callback_due_at": _iso(due)}
    return write(complaint, changes, by=by, kind=step.event, reason=resolution.strip(), data=data)


def _callback_changes(
    complaint: Complaint, result: str, satisfied: bool | None, now: datetime
) -> dict[str, Any]:
    """First callback, then (where a solution was given, CMP-15) the second one; the latest
    answer on satisfaction is kept (CMP-21)."""
    second_pending = complaint.second_callback_due_at is not None
    if complaint.callback_at is None:
        changes: dict[str, Any] = {"callback_at": now, "callback_result": result}
    else:
        joined = f"{complaint.callback_result}\n{result}".strip()
        changes = {"second_callback_at": now, "callback_result": joined}
    if satisfied is not None:
        changes["is_satisfied"] = satisfied
    if complaint.callback_at is not None or not second_pending:
        changes["status"] = ComplaintStatus.CALLED_BACK
    return changes


def record_callback(
    complaint: Complaint, *, by: User, result: str, satisfied: bool | None = None
) -> Complaint:
    """回访 (CMP-15, CMP-16): every closed complaint is called back; a level whose pack entry
    says so (level 1) only by a member of the service management committee."""
    step = _check(complaint, "callback", by)
    rules, _ctx = _rules(complaint)
    level = rules.level(complaint.level) if complaint.level else None
    if level is not None and level.callback_by_committee and not by.is_committee_member:
        raise PermissionDeniedRule(f"{level.name}须由服务管理委员会领导回访")
    if not result.strip():
        raise RuleViolation("result", "请填写回访结果")
    changes = _callback_changes(complaint, result.strip(), satisfied, timezone.now())
    kind = step.event if "callback_at" in changes else "SECOND_CALLED_BACK"
    data = {"satisfied": satisfied}
    return write(complaint, changes, by=by, kind=kind, reason=result.strip(), data=data)


def archive_complaint(complaint: Complaint, *, by: User) -> Complaint:
    """归档 (CMP-17): the last step, after the callback(s)."""
    step = _check(complaint, "archive", by)
    changes = {"status": step.target, "archived_at": timezone.now()}
    return write(complaint, changes, by=by, kind=step.event)
