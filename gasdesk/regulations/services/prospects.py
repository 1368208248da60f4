"""Intending customers and their specialists (MGR-1…3): register a prospect, give it a
specialist, record the specialist's service steps, convert it into a customer when it signs,
and rate specialists each year.

Each write checks role and org scope, changes the row with a conditional UPDATE on the values
seen and appends a ProspectEvent; a rating is itself an append-only row.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.customers.services import create_customer
from gasdesk.org.roles import has_role, require_role
from gasdesk.org.scoping import in_scope, require_in_scope
from gasdesk.regulations.models import (
    ManagerGrade,
    ManagerRating,
    Prospect,
    ProspectEvent,
    ProspectStatus,
    ProspectStep,
)
from gasdesk.regulations.services.common import DESK_ROLES, LEADER_ROLES, write_changes

if TYPE_CHECKING:
    from gasdesk.customers.models import Customer
    from gasdesk.org.models import OrgUnit, User


@dataclass(frozen=True)
class ProspectInput:
    """An intending customer as the desk or the specialist first records it (MGR-1)."""

    org_unit: OrgUnit
    company_name: str
    contact_name: str
    contact_phone: str
    expected_volume_m3_per_day: Decimal | str | int = 0
    address: str = ""
    needs: str = ""
    manager: User | None = None


def _volume(value: Decimal | str | int) -> Decimal:
    try:
        volume = Decimal(str(value or 0))
    except InvalidOperation:
        raise RuleViolation("expected_volume_m3_per_day", "预计日用气量须为数字") from None
    if volume < 0 or not volume.is_finite():
        raise RuleViolation("expected_volume_m3_per_day", "预计日用气量不能为负数")
    return volume


def _check_manager(by: User, manager: User | None) -> None:
    if manager is None:
        return
    if not manager.is_active or manager.org_unit is None or not in_scope(by, manager.org_unit):
        raise RuleViolation("manager", "客户服务专员须为您组织范围内的在岗人员")


def register_prospect(data: ProspectInput, *, by: User) -> Prospect:
    """MGR-1: record an intending customer, with its specialist when one is named already."""
    require_role(by, *DESK_ROLES)
    require_in_scope(by, data.org_unit)
    for field in ("company_name", "contact_name", "contact_phone"):
        if not str(getattr(data, field)).strip():
            raise RuleViolation(field, "请填写意向客户、联系人和联系电话")
    volume = _volume(data.expected_volume_m3_per_day)
    _check_manager(by, data.manager)
    with transaction.atomic():
        prospect = Prospect.objects.create(
            org_unit=data.org_unit,
            company_name=data.company_name.strip(),
            contact_name=data.contact_name.strip(),
            contact_phone=data.contact_phone.strip(),
            address=data.address.strip(),
            expected_volume_m3_per_day=volume,
            needs=data.needs.strip(),
            manager=data.manager,
            created_by=by,
        )
        manager_id = data.manager.pk if data.manager else None
        ProspectEvent.objects.create(
            prospect=prospect, by=by, kind="REGISTERED", data={"manager": manager_id}
        )
    return prospect


def _require_intending(prospect: Prospect, by: User, *roles: str) -> None:
    require_role(by, *roles)
    require_in_scope(by, prospect.org_unit)
    if prospect.status != ProspectStatus.INTENDING:
        raise RuleViolation("status", f"意向客户当前状态为“{prospect.get_status_display()}”")


def _change(prospect: Prospect, changes: dict[str, Any], event: ProspectEvent) -> Prospect:
    expect = {"status": ProspectStatus.INTENDING, "manager_id": prospect.manager_id}
    return write_changes(prospect, {**changes, "updated_at": timezone.now()}, expect, lambda: event)


def assign_prospect_manager(
    prospect: Prospect, *, by: User, manager: User, reason: str = ""
) -> Prospect:
    """MGR-1/3: a department head gives the prospect its specialist (动态管理: may change it)."""
    _require_intending(prospect, by, *LEADER_ROLES)
    _check_manager(by, manager)
    if manager.pk == prospect.manager_id:
        raise RuleViolation("manager", "该意向客户已由此专员负责")
    data = {"old": prospect.manager_id, "new": manager.pk}
    event = ProspectEvent(
        prospect=prospect, by=by, kind="MANAGER_ASSIGNED", reason=reason.strip(), data=data
    )
    return _change(prospect, {"manager": manager}, event)


def record_prospect_step(
    prospect: Prospect, *, by: User, step: str, note: str, department_head: User | None = None
) -> Prospect:
    """MGR-2: the specialist's service steps: accept proactively, pass the needs to the
    department head (who completes them in the promised time), report back. Append-only."""
    _require_intending(prospect, by, *DESK_ROLES)
    if by.pk != prospect.manager_id and not has_role(by, *LEADER_ROLES):
        raise PermissionDeniedRule("只有负责的客户服务专员或部门负责人可以登记服务情况")
    if step not in ProspectStep.values:
        raise RuleViolation("step", "请选择服务环节")
    if not note.strip():
        raise RuleViolation("note", "请填写服务情况")
    if step == ProspectStep.FORWARDED and department_head is None:
        raise RuleViolation("department_head", "并联办理须写明反馈需求的部门负责人")
    head = department_head.pk if department_head else None
    ProspectEvent.objects.create(
        prospect=prospect,
        by=by,
        kind=f"STEP_{step.upper()}",
        reason=note.strip(),
        data={"step": step, "department_head": head},
    )
    return prospect


def convert_prospect(
    prospect: Prospect, *, by: User, account_no: str, category: str, name: str = ""
) -> Customer:
    """MGR-1: the prospect signed: open its customer archive with the specialist as customer
    manager and the expected volume as contract volume; the prospect keeps the link.

    One transaction: the customer (customers.create_customer checks its own rules), the
    prospect's conditional UPDATE to signed and the CONVERTED event.
    """
    _require_intending(prospect, by, *DESK_ROLES)
    data = {
        "account_no": account_no,
        "name": name.strip() or prospect.company_name,
        "category": category,
        "contract_volume_m3_per_day": prospect.expected_volume_m3_per_day,
        "customer_manager": prospect.manager,
        "phones": [prospect.contact_phone],
    }
    if prospect.address:
        data["addresses"] = [{"text": prospect.address}]
    with transaction.atomic():
        try:
            customer = create_customer(by=by, org_unit=prospect.org_unit, data=data)
        except IntegrityError:
            raise RuleViolation("account_no", "户号已存在") from None
        event = ProspectEvent(
            prospect=prospect, by=by, kind="CONVERTED", data={"customer": customer.pk}
        )
        _change(prospect, {"status": ProspectStatus.SIGNED, "customer": customer}, event)
    return customer


def drop_prospect(prospect: Prospect, *, by: User, reason: str) -> Prospect:
    """The intending customer gave up; the reason is kept and the prospect leaves the lists."""
    _require_intending(prospect, by, *DESK_ROLES)
    if not reason.strip():
        raise RuleViolation("reason", "请填写放弃原因")
    event = ProspectEvent(prospect=prospect, by=by, kind="DROPPED", reason=reason.strip())
    return _change(prospect, {"status": ProspectStatus.DROPPED}, event)


def rate_manager(
    manager: User, *, by: User, year: int, grade: str, note: str = ""
) -> ManagerRating:
    """MGR-3: the yearly evaluation of a specialist by the department head: commended, qualified,
    or poor service to be handled by the department (which needs the facts). One per year."""
    require_role(by, *LEADER_ROLES)
    if manager.org_unit is None:
        raise RuleViolation("manager", "客户服务专员未分配所属单位")
    require_in_scope(by, manager.org_unit)
    if grade not in ManagerGrade.values:
        raise RuleViolation("grade", "请选择评定结果")
    if not 2000 <= year <= timezone.localdate().year:
        raise RuleViolation("year", "年度须为已开始的年份")
    if grade == ManagerGrade.POOR and not note.strip():
        raise RuleViolation("note", "服务不到位的，须写明情况")
    try:
        with transaction.atomic():
            return ManagerRating.objects.create(
                manager=manager,
                org_unit=manager.org_unit,
                year=year,
                grade=grade,
                by=by,
                kind="RATED",
                reason=note.strip(),
            )
    except IntegrityError:
        raise RuleViolation("year", f"{year}年度已评定该专员") from None
