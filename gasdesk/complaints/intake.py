"""Registering a complaint (CMP-2…CMP-6, CMP-12, CMP-24): the first responder's record,
routed at once.

The registering user is the first responder (首问负责人, CMP-3). The copy is routed in the same
transaction to the post the pack names as receiving (CMP-5/6/24: its role gets the desk alert);
an image-affecting complaint is also reported to the pack's escalation post first (CMP-6). A
record entered more than the route clock after the customer was received is stored as routed
late, with the minutes (EX-08).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from gasdesk.business_calendar.periods import options_from_pack, to_shanghai
from gasdesk.business_calendar.selectors import workday_calendar
from gasdesk.complaints.clocks import (
    ClockContext,
    basis,
    commitment_deadlines,
    registration_clocks,
)
from gasdesk.complaints.models import (
    Complaint,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintStatus,
    next_due,
)
from gasdesk.complaints.rules import rules_of
from gasdesk.core.errors import RuleViolation
from gasdesk.org.roles import Role, require_role
from gasdesk.standards.lookup import LoadedPack, pack_for_unit
from gasdesk.standards.schema import Area
from gasdesk.standards.sections.complaints import ComplaintPosition, ComplaintRules
from gasdesk.workorders.models import DailySequence

if TYPE_CHECKING:
    from gasdesk.customers.models import Customer
    from gasdesk.org.models import OrgUnit, User
    from gasdesk.workorders.models import WorkOrder

NUMBER_PREFIX = "TS"
# CMP-3: whoever receives a complaint must register it, so every staff role may.
STAFF_ROLES = tuple(r for r in Role if r != Role.SYSADMIN)
REQUIRED_FIELDS = (
    ("complainant_name", "投诉人姓名"),
    ("address", "地址"),
    ("phone", "电话"),
    ("target_text", "投诉对象"),
    ("narrative", "投诉经过"),
)


@dataclass(frozen=True)
class _Where:
    unit: OrgUnit
    company: OrgUnit
    loaded: LoadedPack
    area: str


def _check_required(values: dict[str, str], channel: str) -> None:
    """CMP-3 / EX-09: refuse with the first missing field named in Chinese."""
    for name, label in REQUIRED_FIELDS:
        if not values[name].strip():
            raise RuleViolation(name, f"请填写{label}（首问负责制：{label}为必填项）")
    if channel not in ComplaintChannel.values:
        raise RuleViolation("channel", "投诉渠道无效")


def _area(customer: Customer | None, unit: OrgUnit) -> str:
    if customer is not None:
        primary = customer.addresses.order_by("-is_primary", "id").first()
        if primary is not None and primary.area:
            return str(primary.area)
    return Area.URBAN.value if unit.is_urban else Area.REMOTE.value


def _where(
    by: User, target_unit: OrgUnit | None, customer: Customer | None, at: datetime
) -> _Where:
    home = by.org_unit
    if home is None or home.company is None:
        raise RuleViolation("by", "登记人未分配所属公司")
    company = home.company
    if target_unit is not None and target_unit.company_id != company.pk:
        raise RuleViolation("target_unit", "被投诉部门不属于本公司")
    unit = target_unit or company
    return _Where(unit, company, pack_for_unit(home, at), _area(customer, unit))


def _check_codes(loaded: LoadedPack, business_type: str, cause: str) -> None:
    if business_type and business_type not in {b.code for b in loaded.pack.business_types}:
        raise RuleViolation("business_type", "该公司服务标准中没有此业务类型")
    if cause and cause not in rules_of(loaded).cause_codes():
        raise RuleViolation("cause", "投诉原因不在服务标准的原因列表中")


def _next_number(at: datetime) -> str:
    """TS + date + the day's sequence; the UPDATE's row lock serialises concurrent writers."""
    day = to_shanghai(at).date()
    seq = DailySequence.objects.filter(prefix=NUMBER_PREFIX, day=day)
    if not seq.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                DailySequence.objects.create(prefix=NUMBER_PREFIX, day=day, last=1)
        except IntegrityError:
            seq.update(last=F("last") + 1)
    return f"{NUMBER_PREFIX}{day:%Y%m%d}{seq.values_list('last', flat=True).get():05d}"


def _commitments(loaded: LoadedPack, received_at: datetime, ctx: ClockContext) -> list[object]:
    """CMP-12: the external commitment's deadlines (the pack names the business type)."""
    code = rules_of(loaded).external_commitment
    if not code:
        return []
    try:
        business = loaded.pack.business_type(code)
    except KeyError:
        raise RuleViolation("pack", f"服务标准中没有对外承诺业务类型 {code}") from None
    return commitment_deadlines(business.commitments, received_at, ctx)  # type: ignore[return-value]


def _clock_columns(where: _Where, received_at: datetime, now: datetime) -> dict[str, object]:
    ctx = ClockContext(workday_calendar(), options_from_pack(where.loaded.pack.calendar))
    clocks = registration_clocks(rules_of(where.loaded), received_at, ctx)
    columns: dict[str, object] = {f"{name}_due_at": due for name, (due, _) in clocks.items()}
    columns["deadline_basis"] = {
        name: basis(period, received_at, due) for name, (due, period) in clocks.items()
    } | {
        "pack": where.loaded.record.version,
        "commitments": _commitments(where.loaded, received_at, ctx),
    }
    columns["route_late_at"] = now if now > clocks["route"][0] else None
    columns["next_due_at"] = next_due(columns | {"routed_at": now})
    return columns


def _received(received_at: datetime | None, now: datetime) -> datetime:
    if received_at is None:
        return now
    if received_at > now:
        raise RuleViolation("received_at", "受理时间不能晚于当前时间")
    return received_at


def register_complaint(  # noqa: PLR0913 — the keyword interface other apps call (callbacks)
    *,
    by: User,
    channel: str,
    complainant_name: str,
    address: str,
    phone: str,
    target_text: str,
    narrative: str,
    customer: Customer | None = None,
    work_order: WorkOrder | None = None,
    business_type: str = "",
    cause: str = "",
    target_unit: OrgUnit | None = None,
    external_ref: str = "",
    received_at: datetime | None = None,
    affects_image: bool = False,
) -> Complaint:
    """Register and route a complaint; the caller becomes its first responder (CMP-3, CMP-4).

    `affects_image` marks a serious complaint that affects the company's image (CMP-6)."""
    require_role(by, *STAFF_ROLES)
    text = {
        "complainant_name": complainant_name,
        "address": address,
        "phone": phone,
        "target_text": target_text,
        "narrative": narrative,
    }
    _check_required(text, channel)
    now = timezone.now()
    received = _received(received_at, now)
    where = _where(by, target_unit, customer, received)
    _check_codes(where.loaded, business_type, cause)
    fields: dict[str, object] = {k: v.strip() for k, v in text.items()}
    fields |= {
        "channel": channel,
        "customer": customer,
        "work_order": work_order,
        "business_type": business_type,
        "cause": cause,
        "target_unit": target_unit,
        "external_ref": external_ref.strip(),
    }
    fields |= _routing(rules_of(where.loaded), affects_image)
    return _create(where, fields, by=by, received_at=received, now=now)


def _routing(rules: ComplaintRules, affects_image: bool) -> dict[str, object]:
    """CMP-5/6/24: the receiving post's role, and the escalation post's role when the complaint
    affects the company's image and the pack names one."""
    escalation = rules.roles.escalation if rules.roles else None
    return {
        "handler_role": rules.receiving_role(),
        "affects_image": affects_image,
        "escalation_role": str(escalation.role) if escalation and affects_image else "",
    }


def _create(
    where: _Where, fields: dict[str, object], *, by: User, received_at: datetime, now: datetime
) -> Complaint:
    columns = _clock_columns(where, received_at, now)
    try:
        with transaction.atomic():
            complaint = Complaint.objects.create(
                number=_next_number(received_at),
                company=where.company,
                org_unit=where.unit,
                pack=where.loaded.record,
                first_responder=by,
                area=where.area,
                received_at=received_at,
                routed_at=now,
                status=ComplaintStatus.ROUTED,
                **fields,
                **columns,
            )
            _registration_events(complaint, rules_of(where.loaded), by, now)
    except IntegrityError:
        raise RuleViolation("external_ref", "该渠道的外部编号已登记") from None
    return complaint


def _registration_events(
    complaint: Complaint, rules: ComplaintRules, by: User, now: datetime
) -> None:
    """受理 (at the customer's time) and 转专员 (now), plus the late alert when routed late."""
    common = {"complaint": complaint, "by": by}
    ComplaintEvent.objects.create(
        **common,
        kind="REGISTERED",
        at=complaint.received_at,
        to_status=ComplaintStatus.REGISTERED,
        data={"channel": complaint.channel, "deadlines": complaint.deadline_basis},
    )
    _routing_events(complaint, rules, by, now)
    if complaint.route_late_at is not None:
        assert complaint.route_due_at is not None
        late = int((now - complaint.route_due_at).total_seconds() // 60)
        ComplaintEvent.objects.create(
            **common,
            kind="LATE",
            at=now,
            reason=f"转专员超时 {late} 分钟",
            data={"clock": "route", "late_minutes": late},
        )


def _post(position: ComplaintPosition | None, role: str) -> dict[str, str]:
    """The post as the history keeps it: the pack's title, else the role's Chinese name."""
    if position is not None:
        return {"role": role, "title": position.title}
    with translation.override(settings.LANGUAGE_CODE):
        return {"role": role, "title": str(Role(role).label)}


def _routing_events(complaint: Complaint, rules: ComplaintRules, by: User, now: datetime) -> None:
    """转专员 to the pack's receiving post (CMP-5/6/24), and 先行上报 to its escalation post when
    the complaint affects the company's image (CMP-6): who was alerted stays in the history."""
    roles = rules.roles
    receiving = _post(roles.receiving if roles else None, complaint.handler_role)
    ComplaintEvent.objects.create(
        complaint=complaint,
        by=by,
        kind="ROUTED",
        at=now,
        reason=receiving["title"],
        from_status=ComplaintStatus.REGISTERED,
        to_status=ComplaintStatus.ROUTED,
        data={"to": receiving},
    )
    if complaint.escalation_role and roles is not None and roles.escalation is not None:
        escalation = _post(roles.escalation, complaint.escalation_role)
        ComplaintEvent.objects.create(
            complaint=complaint,
            by=by,
            kind="ESCALATED",
            at=now,
            reason=roles.escalation.duties or escalation["title"],
            data={"to": escalation},
        )


def intake_external(
    *, by: User, channel: str, external_ref: str, **fields: object
) -> tuple[Complaint, bool]:
    """12345 transfers: idempotent on (channel, external_ref); returns (complaint, created)."""
    if not external_ref.strip():
        raise RuleViolation("external_ref", "请提供外部编号")
    existing = Complaint.objects.filter(channel=channel, external_ref=external_ref.strip()).first()
    if existing is not None:
        return existing, False
    try:
        return register_complaint(by=by, channel=channel, external_ref=external_ref, **fields), True  # type: ignore[arg-type]
    except RuleViolation as error:
        if error.field != "external_ref":
            raise
        return Complaint.objects.get(channel=channel, external_ref=external_ref.strip()), False
