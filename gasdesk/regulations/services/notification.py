"""One-time notification (NOTIFY-1…7): written notices, documents received, visits, phone log.

Issuing a notice suspends the related work order (reason: materials missing) in the same
transaction, so its clocks pause (CAL-9); receiving the documents resumes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.org.roles import require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.regulations.models import (
    ConsultationRecord,
    MatterVisit,
    NoticeEvent,
    NoticeStatus,
    OneTimeNotice,
)
from gasdesk.regulations.rules import missing_documents
from gasdesk.regulations.services.common import (
    DESK_ROLES,
    require_customer_in_scope,
    rules_for_unit,
    write_changes,
)
from gasdesk.standards.sections.regulations import NotifyMatter, RegulationRules
from gasdesk.workorders.models import SuspendReason, WorkOrder
from gasdesk.workorders.models import WorkOrderStatus as WS
from gasdesk.workorders.services import apply_transition

if TYPE_CHECKING:
    from gasdesk.customers.models import Customer
    from gasdesk.org.models import OrgUnit, User


@dataclass(frozen=True)
class NoticeInput:
    """The matter, what the customer brought, and who they are (NOTIFY-2)."""

    org_unit: OrgUnit
    matter_code: str
    provided: tuple[str, ...] = ()
    customer: Customer | None = None
    customer_name: str = ""
    customer_phone: str = ""
    work_order: WorkOrder | None = None
    rectification_items: tuple[str, ...] = ()  # NOTIFY-1: failed acceptance inspection
    other_reasons: str = ""  # NOTIFY-1: 不予办理的其他事项


@dataclass(frozen=True)
class ConsultationInput:
    org_unit: OrgUnit
    caller_name: str
    caller_phone: str
    matter_code: str
    question: str
    customer: Customer | None = None


def matter_of(rules: RegulationRules, code: str) -> NotifyMatter:
    try:
        return rules.notification.matter(code)
    except KeyError:
        raise RuleViolation("matter_code", f"服务标准中没有办理事项“{code}”") from None


def _documents(items: tuple[Any, ...]) -> list[dict[str, str]]:
    return [{"code": d.code, "name": d.name, "how_to_obtain": d.how_to_obtain} for d in items]


def _missing(matter: NotifyMatter, data: NoticeInput) -> list[dict[str, str]]:
    """Every required document not provided. Nothing missing, nothing to rectify and no other
    reason means there is nothing to tell: do it at once (NOTIFY-2)."""
    try:
        missing = missing_documents(matter, data.provided)
    except ValueError:
        raise RuleViolation("provided", "已提供资料中有不属于该事项的资料") from None
    if not missing and not _rectifications(data) and not data.other_reasons.strip():
        raise RuleViolation("provided", "资料齐全，应即时办理，无需出具一次性告知单")
    return _documents(missing)


def _rectifications(data: NoticeInput) -> list[str]:
    return [item.strip() for item in data.rectification_items if item.strip()]


def _suspend_reason(missing: list[dict[str, str]], data: NoticeInput) -> str:
    told = [d["name"] for d in missing] + _rectifications(data)
    return "、".join(told) or data.other_reasons.strip()


def _check_order(order: WorkOrder | None, by: User) -> None:
    if order is None:
        return
    require_in_scope(by, order.org_unit)
    if order.status == WS.SUSPENDED:
        raise RuleViolation("work_order", "关联工单已挂起，不能重复告知")


def issue_notice(data: NoticeInput, *, by: User) -> OneTimeNotice:
    """NOTIFY-1/2/3: issue the written notice telling everything at once: basis, time limit,
    procedure and the full document list (copied from the pack), every missing document, the
    items to rectify after a failed acceptance inspection and any other reason it cannot be done.

    Steps: 1. the matter and its document list from the pack in force; 2. missing = required
    minus provided (a notice that omits one is impossible: the list is computed, not typed);
    3. in one transaction: the notice, its ISSUED event, the customer's visit for the matter
    (NOTIFY-7) and the suspension of the related order (CAL-9).
    """
    require_role(by, *DESK_ROLES)
    require_in_scope(by, data.org_unit)
    require_customer_in_scope(by, data.customer)
    name = data.customer.name if data.customer else data.customer_name.strip()
    if not name:
        raise RuleViolation("customer_name", "请填写服务对象")
    _check_order(data.work_order, by)
    now = timezone.now()
    loaded, rules = rules_for_unit(data.org_unit, now)
    matter = matter_of(rules, data.matter_code)
    missing = _missing(matter, data)
    with transaction.atomic():
        notice = OneTimeNotice.objects.create(
            org_unit=data.org_unit,
            pack=loaded.record,
            customer=data.customer,
            customer_name=name,
            customer_phone=data.customer_phone.strip(),
            work_order=data.work_order,
            matter_code=matter.code,
            matter_name=matter.name,
            basis=matter.basis,
            time_limit=matter.time_limit,
            procedure=list(matter.procedure),
            required_documents=_documents(matter.documents),
            missing_documents=missing,
            rectification_items=_rectifications(data),
            other_reasons=data.other_reasons.strip(),
            issued_by=by,
            issued_at=now,
        )
        codes = [d["code"] for d in missing]
        NoticeEvent.objects.create(notice=notice, by=by, kind="ISSUED", data={"missing": codes})
        _visit(notice, by)
        _suspend(notice, by, _suspend_reason(missing, data))
    return notice


def _visit(notice: OneTimeNotice, by: User) -> None:
    if notice.customer_id is not None:
        MatterVisit.objects.create(
            customer_id=notice.customer_id,
            org_unit=notice.org_unit,
            matter_code=notice.matter_code,
            notice=notice,
            by=by,
            kind="VISITED",
        )


def _suspend(notice: OneTimeNotice, by: User, missing_names: str) -> None:
    if notice.work_order is not None:
        apply_transition(
            notice.work_order,
            "suspend",
            by=by,
            reason=f"一次性告知单{notice.number}：待客户补齐{missing_names}",
            suspend_reason=SuspendReason.MATERIALS_MISSING,
        )


def receive_documents(notice: OneTimeNotice, *, by: User) -> OneTimeNotice:
    """NOTIFY-4: the customer brought what the notice asked for; the order runs again."""
    require_role(by, *DESK_ROLES)
    require_in_scope(by, notice.org_unit)
    if notice.status != NoticeStatus.OPEN:
        raise RuleViolation("status", "该告知单的资料已补齐")
    now = timezone.now()
    changes = {"status": NoticeStatus.FULFILLED, "fulfilled_at": now, "updated_at": now}
    with transaction.atomic():
        write_changes(
            notice,
            changes,
            {"status": NoticeStatus.OPEN},
            lambda: NoticeEvent(notice=notice, by=by, kind="DOCUMENTS_RECEIVED"),
        )
        _visit(notice, by)
        _resume(notice, by)
    return notice


def _resume(notice: OneTimeNotice, by: User) -> None:
    """Resume the order only if it still waits for materials and no other notice is open."""
    if notice.work_order_id is None:
        return
    order = WorkOrder.objects.get(pk=notice.work_order_id)
    still_open = OneTimeNotice.objects.filter(
        work_order_id=order.pk, status=NoticeStatus.OPEN
    ).exists()
    waiting = order.status == WS.SUSPENDED
    if waiting and order.suspend_reason == SuspendReason.MATERIALS_MISSING and not still_open:
        apply_transition(order, "resume", by=by, reason=f"一次性告知单{notice.number}资料已补齐")


def record_matter_visit(
    customer: Customer, *, by: User, org_unit: OrgUnit, matter_code: str
) -> MatterVisit:
    """A counter visit for a matter without a notice (NOTIFY-7 counts every visit)."""
    require_role(by, *DESK_ROLES)
    require_in_scope(by, org_unit)
    _, rules = rules_for_unit(org_unit, timezone.now())
    matter = matter_of(rules, matter_code)
    return MatterVisit.objects.create(
        customer=customer, org_unit=org_unit, matter_code=matter.code, by=by, kind="VISITED"
    )


def told_text(matter: NotifyMatter) -> str:
    """NOTIFY-5: procedures, materials, process and time limit, as told on the phone."""
    documents = "、".join(d.name for d in matter.documents)
    return (
        f"依据：{matter.basis}；时限：{matter.time_limit}；"
        f"程序：{' → '.join(matter.procedure)}；所需资料：{documents}"
    )


def record_consultation(data: ConsultationInput, *, by: User) -> ConsultationRecord:
    """NOTIFY-5: one line of the phone-consultation record book, with what was told."""
    require_role(by, *DESK_ROLES)
    require_in_scope(by, data.org_unit)
    require_customer_in_scope(by, data.customer)
    if not (data.caller_name.strip() and data.question.strip()):
        raise RuleViolation("question", "请填写来电人和咨询内容")
    _, rules = rules_for_unit(data.org_unit, timezone.now())
    matter = matter_of(rules, data.matter_code)
    return ConsultationRecord.objects.create(
        org_unit=data.org_unit,
        customer=data.customer,
        caller_name=data.caller_name.strip(),
        caller_phone=data.caller_phone.strip(),
        matter_code=matter.code,
        matter_name=matter.name,
        question=data.question.strip(),
        told=told_text(matter),
        by=by,
        kind="CONSULTED",
    )
