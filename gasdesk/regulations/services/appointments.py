"""Appointments and home visits (APPT-1…10, MGR-5): request, answer, staff (the customer's
manager by default, temporary re-assignment), arrivals, service, no-show, conduct breaches.

Each write checks role and org scope, changes the row with a conditional UPDATE on the status
seen and appends an AppointmentEvent (the register's history, APPT-9).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.org.roles import Role, has_role, require_role
from gasdesk.org.scoping import in_scope, require_in_scope
from gasdesk.regulations.models import (
    ApplicantKind,
    Appointment,
    AppointmentChannel,
    AppointmentEvent,
    AppointmentKind,
    AppointmentScope,
    ConductBreach,
)
from gasdesk.regulations.models import AppointmentStatus as S
from gasdesk.regulations.rules import appointment_times, has_forfeited
from gasdesk.regulations.services.common import (
    DESK_ROLES,
    LEADER_ROLES,
    deadline_after,
    iso,
    not_in_future,
    require_customer_in_scope,
    rules_for_unit,
    rules_of_record,
    write_changes,
)

if TYPE_CHECKING:
    from gasdesk.customers.models import Customer
    from gasdesk.org.models import OrgUnit, User


@dataclass(frozen=True)
class AppointmentRequest:
    """What the applicant asks for (APPT-1/2); the form and the API both build one.

    `scope` and `applicant_kind` are the matters and people the appointment service is for
    (APPT-1); `channel` is phone, WeChat or in person (APPT-2).
    """

    org_unit: OrgUnit
    applicant_name: str
    applicant_phone: str
    channel: str
    kind: str
    matter: str
    customer: Customer | None = None
    address: str = ""
    preferred_at: datetime | None = None
    requested_at: datetime | None = None
    scope: str = AppointmentScope.OTHER
    applicant_kind: str = ApplicantKind.ENTERPRISE_OR_PERSON


def _check_request(data: AppointmentRequest) -> None:
    for field in ("applicant_name", "applicant_phone", "matter"):
        if not str(getattr(data, field)).strip():
            raise RuleViolation(field, "请填写申请人、联系电话和办理事项")
    if data.channel not in AppointmentChannel.values:
        raise RuleViolation("channel", "申请方式须为电话、微信或现场")
    if data.kind not in AppointmentKind.values:
        raise RuleViolation("kind", "请选择预约到厅或上门服务")
    if data.scope not in AppointmentScope.values:
        raise RuleViolation("scope", "请选择预约事项类别")
    if data.applicant_kind not in ApplicantKind.values:
        raise RuleViolation("applicant_kind", "请选择服务对象类别")
    if data.kind == AppointmentKind.HOME and not data.address.strip():
        raise RuleViolation("address", "上门服务须填写上门地址")


def request_appointment(data: AppointmentRequest, *, by: User) -> Appointment:
    """Register a request; the reply is due within the pack's period (APPT-3, 1 WD in 002).

    The customer's manager is proposed as the staff member (APPT-6, MGR-5).
    """
    require_role(by, *DESK_ROLES)
    require_in_scope(by, data.org_unit)
    require_customer_in_scope(by, data.customer)
    _check_request(data)
    requested_at = not_in_future(data.requested_at, timezone.now(), "requested_at")
    loaded, rules = rules_for_unit(data.org_unit, requested_at)
    reply_due_at = deadline_after(requested_at, rules.appointments.reply_within, loaded)
    with transaction.atomic():
        appointment = Appointment.objects.create(
            org_unit=data.org_unit,
            pack=loaded.record,
            customer=data.customer,
            applicant_name=data.applicant_name.strip(),
            applicant_phone=data.applicant_phone.strip(),
            channel=data.channel,
            kind=data.kind,
            matter=data.matter.strip(),
            scope=data.scope,
            applicant_kind=data.applicant_kind,
            staff=data.customer.customer_manager if data.customer else None,
            address=data.address.strip(),
            preferred_at=data.preferred_at,
            requested_at=requested_at,
            reply_due_at=reply_due_at,
            created_by=by,
        )
        basis = {"reply_due_at": iso(reply_due_at)}
        _event(appointment, by, "REQUESTED", "", S.REQUESTED, basis).save()
    return appointment


def _event(
    appointment: Appointment,
    by: User | None,
    kind: str,
    from_status: str,
    to_status: str,
    data: dict[str, Any] | None = None,
    reason: str = "",
) -> AppointmentEvent:
    return AppointmentEvent(
        appointment=appointment,
        by=by,
        by_name="" if by else "系统",
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        data=data or {},
    )


def _transition(
    appointment: Appointment,
    changes: dict[str, Any],
    *,
    by: User | None,
    kind: str,
    reason: str = "",
    data: dict[str, Any] | None = None,
    expect: dict[str, Any] | None = None,
) -> Appointment:
    old = appointment.status
    new = changes.get("status", old)
    changes["updated_at"] = timezone.now()
    return write_changes(
        appointment,
        changes,
        {"status": old, "updated_at": appointment.updated_at, **(expect or {})},
        lambda: _event(appointment, by, kind, old, new, data, reason),
    )


def _require(appointment: Appointment, by: User, *statuses: str) -> None:
    require_role(by, *DESK_ROLES)
    require_in_scope(by, appointment.org_unit)
    if appointment.status not in statuses:
        raise RuleViolation(
            "status", f"预约当前状态为“{appointment.get_status_display()}”，不能执行此操作"
        )


def _manager_of(appointment: Appointment) -> User | None:
    customer = appointment.customer
    return customer.customer_manager if customer is not None else None


def _check_staff(by: User, staff: User | None) -> User:
    if staff is None:
        raise RuleViolation("staff", "请选择服务人员（客户未配备客户经理）")
    if staff.org_unit is None or not in_scope(by, staff.org_unit) or not staff.is_active:
        raise RuleViolation("staff", "服务人员须为本单位在岗人员")
    return staff


def _reassignment(appointment: Appointment, staff: User, reason: str) -> dict[str, Any]:
    """APPT-6: someone other than the customer's manager is a temporary re-assignment (临时调配)
    and says why; the event keeps the manager it replaced."""
    manager = _manager_of(appointment)
    if manager is None or manager.pk == staff.pk:
        return {}
    if not reason.strip():
        raise RuleViolation("reason", "服务人员不是客户经理时，须说明临时调配原因")
    return {"reassigned_from": manager.pk, "reassign_reason": reason.strip()}


def agree_appointment(
    appointment: Appointment,
    *,
    by: User,
    start_at: datetime,
    staff: User | None = None,
    place: str = "",
    reason: str = "",
) -> Appointment:
    """APPT-4/5/7: agree time, place and staff; store when staff must be ready and from when a
    counter applicant who has not come has given up the slot.

    Staff default to the customer's manager (APPT-6, MGR-5); anyone else needs a reason.
    """
    _require(appointment, by, S.REQUESTED)
    now = timezone.now()
    if start_at <= now:
        raise RuleViolation("start_at", "约定时间须晚于当前时间")
    staff = _check_staff(by, staff or _manager_of(appointment) or appointment.staff)
    reassigned = _reassignment(appointment, staff, reason)
    rules = rules_of_record(appointment.pack_id).appointments
    at_counter = appointment.kind == AppointmentKind.COUNTER
    times = appointment_times(start_at, at_counter=at_counter, rules=rules)
    changes = {
        "status": S.AGREED,
        "replied_at": now,
        "agreed_start_at": start_at,
        "staff": staff,
        "place": place.strip()
        or (appointment.org_unit.name if at_counter else appointment.address),
        "ready_by_at": times.ready_by_at,
        "forfeit_after_at": times.forfeit_after_at,
    }
    data = {
        "start_at": iso(start_at),
        "staff": staff.pk,
        "ready_by_at": iso(times.ready_by_at),
        **reassigned,
    }
    return _transition(appointment, changes, by=by, kind="AGREED", data=data, reason=reason.strip())


def reassign_appointment(
    appointment: Appointment, *, by: User, staff: User, reason: str
) -> Appointment:
    """APPT-6: a staff conflict is resolved by temporary re-assignment (人员安排冲突可临时调配);
    the REASSIGNED event keeps who was replaced and why."""
    _require(appointment, by, S.AGREED)
    staff = _check_staff(by, staff)
    if staff.pk == appointment.staff_id:
        raise RuleViolation("staff", "该人员已是本次预约的服务人员")
    if not reason.strip():
        raise RuleViolation("reason", "请说明临时调配原因")
    data = {"from": appointment.staff_id, "to": staff.pk}
    return _transition(
        appointment,
        {"staff": staff},
        by=by,
        kind="REASSIGNED",
        reason=reason.strip(),
        data=data,
        expect={"staff_id": appointment.staff_id},  # the staff seen, even within one tick
    )


def record_conduct_breach(
    appointment: Appointment, *, by: User, breach: str, note: str
) -> Appointment:
    """APPT-10: the general office records a verified breach of the conduct rules (e.g. an
    unjustified refusal or a verified complaint) for the efficiency assessment; append-only."""
    require_role(by, *LEADER_ROLES)
    require_in_scope(by, appointment.org_unit)
    if breach not in ConductBreach.values:
        raise RuleViolation("breach", "请选择违规情形")
    if not note.strip():
        raise RuleViolation("note", "请填写查实情况")
    data = {"breach": breach, "staff": appointment.staff_id}
    _event(
        appointment,
        by,
        "CONDUCT_BREACH",
        appointment.status,
        appointment.status,
        data,
        note.strip(),
    ).save()
    return appointment


def refuse_appointment(
    appointment: Appointment, *, by: User, reason: str, approver: User | None
) -> Appointment:
    """APPT-4: a refusal needs a manager's approval (总经理同意) and a reason for the applicant."""
    _require(appointment, by, S.REQUESTED)
    if not reason.strip():
        raise RuleViolation("reason", "不同意预约须向申请人说明理由")
    rules = rules_of_record(appointment.pack_id).appointments
    if rules.refusal_needs_manager and (
        approver is None
        or not has_role(approver, Role.MANAGER)
        or not in_scope(approver, appointment.org_unit)
    ):
        raise RuleViolation("approver", "不同意预约须经公司领导（管理人员）批准")
    changes = {
        "status": S.REFUSED,
        "replied_at": timezone.now(),
        "refusal_reason": reason.strip(),
        "refusal_approver": approver,
    }
    data = {"approver": approver.pk if approver else None}
    return _transition(
        appointment, changes, by=by, kind="REFUSED", reason=reason.strip(), data=data
    )


def record_staff_arrival(
    appointment: Appointment, *, by: User, at: datetime | None = None
) -> Appointment:
    """APPT-5/7: when the staff member was at the counter or the customer's door, and whether
    that was by the ready-by instant."""
    _require(appointment, by, S.AGREED)
    moment = not_in_future(at, timezone.now(), "at")
    on_time = appointment.ready_by_at is not None and moment <= appointment.ready_by_at
    changes = {"staff_arrived_at": moment, "staff_on_time": on_time}
    data = {"at": iso(moment), "on_time": on_time}
    return _transition(appointment, changes, by=by, kind="STAFF_ARRIVED", data=data)


def record_applicant_arrival(
    appointment: Appointment, *, by: User, at: datetime | None = None
) -> Appointment:
    """APPT-8: an applicant more than the pack's minutes late has given up; record, else refuse."""
    _require(appointment, by, S.AGREED)
    if appointment.kind != AppointmentKind.COUNTER:
        raise RuleViolation("kind", "上门服务无需登记申请人到达")
    moment = not_in_future(at, timezone.now(), "at")
    if appointment.forfeit_after_at and has_forfeited(appointment.forfeit_after_at, moment):
        minutes = rules_of_record(appointment.pack_id).appointments.forfeit_after_minutes
        raise RuleViolation("at", f"申请人超过预约时间{minutes}分钟未到，视为主动放弃预约")
    changes = {"applicant_arrived_at": moment}
    return _transition(
        appointment, changes, by=by, kind="APPLICANT_ARRIVED", data={"at": iso(moment)}
    )


def serve_appointment(
    appointment: Appointment, *, by: User, completed_on_spot: bool, statement: str = ""
) -> Appointment:
    """APPT-5: done on the spot, or a written completion statement delivered afterwards."""
    _require(appointment, by, S.AGREED)
    if appointment.kind == AppointmentKind.COUNTER and appointment.applicant_arrived_at is None:
        raise RuleViolation("status", "申请人尚未到达")
    if not completed_on_spot and not statement.strip():
        raise RuleViolation("statement", "不能当场办结的，须填写办结情况说明")
    changes = {
        "status": S.SERVED,
        "served_at": timezone.now(),
        "completed_on_spot": completed_on_spot,
        "completion_statement": statement.strip(),
    }
    return _transition(appointment, changes, by=by, kind="SERVED", reason=statement.strip())


def forfeit_appointment(appointment: Appointment, *, by: User) -> Appointment:
    """APPT-8: mark a counter no-show as given up, once the no-show instant has passed."""
    _require(appointment, by, S.AGREED)
    now = timezone.now()
    if (
        appointment.kind != AppointmentKind.COUNTER
        or appointment.applicant_arrived_at is not None
        or appointment.forfeit_after_at is None
        or not has_forfeited(appointment.forfeit_after_at, now)
    ):
        raise RuleViolation("status", "尚未超过预约时间的放弃时限，或申请人已到达")
    return _transition(appointment, {"status": S.FORFEITED}, by=by, kind="FORFEITED")
