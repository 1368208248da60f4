"""Time-limited completion (TLC-1…3): promise a matter, state a delay, complete with a reply.

A matter without a stated limit gets the pack's default (TLC-2: 3 working days in 002),
computed once and stored with its basis; the escalation job reads the indexed column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.org.roles import require_role
from gasdesk.org.scoping import in_scope, require_in_scope
from gasdesk.regulations.models import (
    InformedHow,
    PromisedMatter,
    PromiseEvent,
    PromiseOrigin,
    PromiseStatus,
)
from gasdesk.regulations.services.common import (
    DESK_ROLES,
    deadline_after,
    iso,
    not_in_future,
    require_customer_in_scope,
    rules_for_unit,
    write_changes,
)
from gasdesk.standards.lookup import LoadedPack
from gasdesk.standards.sections.regulations import RegulationRules

if TYPE_CHECKING:
    from gasdesk.customers.models import Customer
    from gasdesk.org.models import OrgUnit, User


@dataclass(frozen=True)
class PromiseInput:
    """A matter promised to a customer; `due_at` only when a limit was stated (TLC-1)."""

    org_unit: OrgUnit
    title: str
    origin: str
    responsible: User
    customer: Customer | None = None
    customer_name: str = ""
    due_at: datetime | None = None
    promised_at: datetime | None = None


def _limit(
    data: PromiseInput, start: datetime, loaded: LoadedPack, rules: RegulationRules
) -> tuple[datetime, dict[str, Any]]:
    """The stated limit, or the pack's default for a matter without one (TLC-2)."""
    version = loaded.record.version
    if data.due_at is not None:
        if data.due_at <= start:
            raise RuleViolation("due_at", "办结时限须晚于受理时间")
        return data.due_at, {"kind": "stated", "due_at": iso(data.due_at), "pack_version": version}
    period = rules.promises.default_limit
    due_at = deadline_after(start, period, loaded)
    basis = {
        "kind": "default",
        "amount": period.amount,
        "unit": period.unit.value,
        "source": period.source,
        "due_at": iso(due_at),
        "pack_version": version,
    }
    return due_at, basis


def _check(data: PromiseInput, by: User) -> str:
    require_role(by, *DESK_ROLES)
    require_in_scope(by, data.org_unit)
    require_customer_in_scope(by, data.customer)
    if data.origin not in PromiseOrigin.values:
        raise RuleViolation("origin", "请选择时限来源")
    if not data.title.strip():
        raise RuleViolation("title", "请填写办理事项")
    if data.responsible.org_unit is None or not in_scope(by, data.responsible.org_unit):
        raise RuleViolation("responsible", "承办人须在您的组织范围内")
    name = data.customer.name if data.customer else data.customer_name.strip()
    if not name:
        raise RuleViolation("customer_name", "请填写当事人")
    return name


def promise_matter(data: PromiseInput, *, by: User) -> PromisedMatter:
    """Register a promised matter with its deadline (TLC-1/2) and the PROMISED event."""
    name = _check(data, by)
    start = not_in_future(data.promised_at, timezone.now(), "promised_at")
    loaded, rules = rules_for_unit(data.org_unit, start)
    due_at, basis = _limit(data, start, loaded, rules)
    with transaction.atomic():
        matter = PromisedMatter.objects.create(
            org_unit=data.org_unit,
            pack=loaded.record,
            customer=data.customer,
            customer_name=name,
            title=data.title.strip(),
            origin=data.origin,
            promised_at=start,
            due_at=due_at,
            limit_basis=basis,
            written_reply_required=rules.promises.written_reply_required,
            responsible=data.responsible,
            created_by=by,
        )
        PromiseEvent.objects.create(matter=matter, by=by, kind="PROMISED", data=basis)
    return matter


def _require_open(matter: PromisedMatter, by: User) -> None:
    require_role(by, *DESK_ROLES)
    require_in_scope(by, matter.org_unit)
    if matter.status != PromiseStatus.OPEN:
        raise RuleViolation("status", "该事项已办结")


def explain_delay(matter: PromisedMatter, *, by: User, reason: str) -> PromisedMatter:
    """TLC-1/2: a matter that cannot be completed in time states its reason (reported up)."""
    _require_open(matter, by)
    if not reason.strip():
        raise RuleViolation("reason", "请说明未能按时办结的原因")
    changes = {"overdue_reason": reason.strip(), "updated_at": timezone.now()}
    return write_changes(
        matter,
        changes,
        {"status": PromiseStatus.OPEN, "updated_at": matter.updated_at},
        lambda: PromiseEvent(matter=matter, by=by, kind="REASON_STATED", reason=reason.strip()),
    )


def complete_matter(
    matter: PromisedMatter,
    *,
    by: User,
    reply: str,
    informed_how: str = "",
    overdue_reason: str = "",
) -> PromisedMatter:
    """TLC-2/3: complete with the written reply and record how the party was told the result.

    TLC-3 forbids exceeding the limit without good reason and not informing the party: a late
    completion must state its reason, and no matter is completed without "party informed".
    The event keeps whether both happened within the limit.
    """
    _require_open(matter, by)
    now = timezone.now()
    if matter.written_reply_required and not reply.strip():
        raise RuleViolation("reply", "须作出书面答复")
    reason = overdue_reason.strip() or matter.overdue_reason
    late = now > matter.due_at
    if late and not reason:
        raise RuleViolation("overdue_reason", "已超过办结时限，须说明正当理由")
    if informed_how not in InformedHow.values:
        raise RuleViolation("informed_how", "请登记办理结果告知当事人的方式")
    changes = {
        "status": PromiseStatus.DONE,
        "completed_at": now,
        "reply": reply.strip(),
        "informed_at": now,
        "informed_how": informed_how,
        "overdue_reason": reason,
        "updated_at": now,
    }
    data = {"late": late, "informed_how": informed_how, "informed_within_limit": not late}
    return write_changes(
        matter,
        changes,
        {"status": PromiseStatus.OPEN, "updated_at": matter.updated_at},
        lambda: PromiseEvent(matter=matter, by=by, kind="COMPLETED", reason=reason, data=data),
    )
