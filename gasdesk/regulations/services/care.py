"""Customer managers and care visits (MGR-1…5): assign a manager, plan and record visits.

The manager is a column of the customer archive; it is changed here with a conditional UPDATE
on the value seen, and the change is kept as a CareEvent (customers' own models stay as they are).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.customers.models import Customer
from gasdesk.org.models import OrgUnit
from gasdesk.org.roles import Role, has_role, require_role
from gasdesk.org.scoping import in_scope, require_in_scope
from gasdesk.regulations.models import CareEvent, CareVisit, CareVisitStatus
from gasdesk.regulations.rules import next_visit_due
from gasdesk.regulations.services.common import LEADER_ROLES, rules_for_unit, write_changes
from gasdesk.standards.sections.regulations import CareVisitRule

if TYPE_CHECKING:
    from gasdesk.org.models import User

BATCH = 1000


def assign_customer_manager(
    customer: Customer, *, by: User, manager: User, reason: str = ""
) -> Customer:
    """MGR-1: give the customer a manager (客户经理); a planned visit moves with the customer."""
    require_role(by, *LEADER_ROLES)
    require_in_scope(by, customer.org_unit)
    if not manager.is_active or manager.org_unit is None or not in_scope(by, manager.org_unit):
        raise RuleViolation("manager", "客户经理须为您组织范围内的在岗人员")
    old = customer.customer_manager_id
    if old == manager.pk:
        raise RuleViolation("manager", "该客户已由此客户经理负责")
    with transaction.atomic():
        moved = Customer.objects.filter(pk=customer.pk, customer_manager_id=old).update(
            customer_manager=manager
        )
        if moved != 1:
            raise ConcurrentChange()
        CareVisit.objects.filter(customer=customer, status=CareVisitStatus.PLANNED).update(
            manager=manager, org_unit=manager.org_unit
        )
        CareEvent.objects.create(
            customer=customer,
            by=by,
            kind="MANAGER_ASSIGNED",
            reason=reason.strip(),
            data={"old": old, "new": manager.pk},
        )
    customer.customer_manager = manager
    return customer


def _last_done() -> Subquery:
    done = CareVisit.objects.filter(customer=OuterRef("pk"), status=CareVisitStatus.DONE)
    return Subquery(done.values("customer").annotate(last=Max("done_at")).values("last")[:1])


def _plan_tier(company: OrgUnit, rule: CareVisitRule, today: date) -> int:
    """Insert a planned visit for each managed customer of the tier that has none.

    The candidates are the few tiered, managed accounts (the cust_manager_idx partial index);
    ignore_conflicts on care_one_planned_visit makes a concurrent run harmless.
    """
    candidates = (
        Customer.objects.filter(
            org_unit__in=OrgUnit.objects.subtree(company).values("id"),
            tier=rule.tier.value,
            customer_manager__isnull=False,
            is_active=True,
        )
        .exclude(pk__in=CareVisit.objects.filter(status=CareVisitStatus.PLANNED).values("customer"))
        .annotate(last_done=_last_done())
        .values_list("pk", "customer_manager_id", "customer_manager__org_unit_id", "last_done")
    )
    visits = [
        CareVisit(
            customer_id=pk,
            manager_id=manager_id,
            org_unit_id=unit_id,
            tier=rule.tier.value,
            visitors=rule.visitors,
            due_on=next_visit_due(_day(last), today, rule.every_months),
        )
        for pk, manager_id, unit_id, last in candidates.iterator(chunk_size=BATCH)
        if unit_id is not None
    ]
    CareVisit.objects.bulk_create(visits, batch_size=BATCH, ignore_conflicts=True)
    return len(visits)


def _day(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def plan_care_visits(company: OrgUnit, *, today: date) -> int:
    """MGR-4: make sure every managed customer of a visited tier has its next visit planned."""
    _, rules = rules_for_unit(company, timezone.now())
    return sum(_plan_tier(company, rule, today) for rule in rules.managers.visits)


def record_care_visit(visit: CareVisit, *, by: User, note: str) -> CareVisit:
    """MGR-4: the visit took place; the next one is planned from today by the tier's rule."""
    if by.pk != visit.manager_id and not has_role(by, Role.MANAGER):
        raise PermissionDeniedRule("只有客户经理本人或公司领导可以登记拜访")
    require_in_scope(by, visit.org_unit)
    if not note.strip():
        raise RuleViolation("note", "请填写拜访情况")
    if visit.status != CareVisitStatus.PLANNED:
        raise RuleViolation("status", "该拜访已登记")
    now = timezone.now()
    changes = {"status": CareVisitStatus.DONE, "done_at": now, "note": note.strip()}
    with transaction.atomic():
        write_changes(
            visit,
            {**changes, "updated_at": now},
            {"status": CareVisitStatus.PLANNED},
            lambda: CareEvent(
                customer_id=visit.customer_id, by=by, kind="VISITED", reason=note.strip()
            ),
        )
        _plan_next(visit, timezone.localtime(now).date())
    return visit


def _plan_next(visit: CareVisit, today: date) -> None:
    _, rules = rules_for_unit(visit.org_unit, timezone.now())
    rule = rules.managers.visit_rule(visit.tier)
    if rule is not None:
        CareVisit.objects.create(
            customer_id=visit.customer_id,
            manager_id=visit.manager_id,
            org_unit_id=visit.org_unit_id,
            tier=visit.tier,
            visitors=rule.visitors,
            due_on=next_visit_due(today, today, rule.every_months),
        )
