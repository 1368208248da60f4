"""The two KPI-20 tier figures of 004 四 that no other source computes, one aggregate each.

- supply continuity (稳定供气率 VIP / 不间断供气比率 关键、重点 / 供气可靠性 一般): the
  active accounts of the unit subtree (and tier) that no outage starting in the period cut off
  / those accounts. "Cut off" = linked to the outage's materialised affected set (OUT-3,
  campaigns OutageCustomer). ▶ decision: every interruption counts, planned or emergency
  (事故抢修 stops supply just the same); drafts and cancelled outages never stopped anything.
  As KPI-10, the accounts are today's (the archive keeps no count per past date) and the tier
  is the customer's current tier (CUST-7).
- repeat visits (重复入户率): of the orders of the pack's home-visit business types completed
  in the period, the share whose technician had to enter the home more than once (SPEC KPI-20,
  OQ-18). 004 四 says it next to "确保维修、置换服务质量，杜绝重复入户", so the pack lists the
  repair and replacement types. ▶ decision: a 到访不遇 knock (DSP-8) is not an entry (入户)
  and is the customer's absence, so only visits with another outcome count. The tier is the
  one stored on the order at intake, as for the other order indicators.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from gasdesk.campaigns.models.outages import Outage, OutageCustomer, OutageStatus
from gasdesk.customers.models import Customer
from gasdesk.quality import order_facts
from gasdesk.quality.kpi.orders import Counts, Part
from gasdesk.quality.kpi.scope import KpiScope
from gasdesk.quality.models_facts import OrderCompletionFact
from gasdesk.quality.order_facts import completed_orders, repeated_q
from gasdesk.standards.sections.indicators import SourceKind
from gasdesk.workorders.models import WorkOrder

_NOT_INTERRUPTING = (OutageStatus.DRAFT, OutageStatus.CANCELLED)


def _period_outages(scope: KpiScope) -> QuerySet[Outage]:
    """Outages that started in the period and really stopped supply (a small table)."""
    return Outage.objects.filter(
        starts_at__gte=scope.period.start_at, starts_at__lt=scope.period.end_at
    ).exclude(status__in=_NOT_INTERRUPTING)


def _accounts(scope: KpiScope) -> QuerySet[Customer]:
    """The denominator: active accounts of the unit subtree (and tier), today's count."""
    customers = Customer.objects.filter(is_active=True, org_unit_id__in=scope.unit_ids)
    return customers.filter(tier=scope.tier) if scope.tier else customers


def _cut_off_q(scope: KpiScope) -> Q:
    links = OutageCustomer.objects.filter(outage__in=_period_outages(scope)).values("customer_id")
    return Q(pk__in=links)


def supply_counts(rule: SourceKind, scope: KpiScope) -> Counts:
    """KPI-20: (accounts not cut off, accounts) in one aggregate query."""
    row = _accounts(scope).aggregate(
        cut=Count("id", filter=_cut_off_q(scope)), denominator=Count("id")
    )
    return Counts(row["denominator"] - row["cut"], row["denominator"])


def supply_counts_by_tier(rule: SourceKind, scope: KpiScope) -> dict[str, Counts]:
    """KPI-20 per tier: one GROUP BY the customer's current tier."""
    rows: Any = (
        _accounts(scope)
        .order_by()
        .values("tier")
        .annotate(cut=Count("id", filter=_cut_off_q(scope)), denominator=Count("id"))
    )
    return {r["tier"]: Counts(r["denominator"] - r["cut"], r["denominator"]) for r in rows}


def supply_records(rule: SourceKind, scope: KpiScope, part: Part) -> QuerySet[Outage]:
    """Both parts are counts of accounts (as KPI-10's denominator); the drill-down lists what
    explains the figure: the outages of the period that cut off accounts of the scope."""
    affected = OutageCustomer.objects.filter(
        outage_id=OuterRef("pk"), customer__in=_accounts(scope)
    )
    return _period_outages(scope).filter(Exists(affected))


def _orders(rule: SourceKind, scope: KpiScope) -> QuerySet[WorkOrder]:
    """Orders of the home-visit types completed in the period (company, unit subtree, tier)."""
    orders = completed_orders().filter(
        company=scope.company,
        completed_at__gte=scope.period.start_at,
        completed_at__lt=scope.period.end_at,
        business_type__in=rule.business_types,
    )
    if not scope.is_company:
        orders = orders.filter(org_unit_id__in=scope.unit_ids)
    return orders.filter(tier=scope.tier) if scope.tier else orders


def _sums(rule: SourceKind, scope: KpiScope, *fields: str) -> Any:
    """The completion facts of the scope (kpi_scope brought them up to date), summed."""
    facts = order_facts.facts_of(OrderCompletionFact, **scope.fact_filters())
    facts = facts.filter(business_type__in=rule.business_types)
    sums = {"numerator": Sum("repeated"), "denominator": Sum("completed")}
    return facts.order_by().values(*fields).annotate(**sums) if fields else facts.aggregate(**sums)


def repeat_counts(rule: SourceKind, scope: KpiScope) -> Counts:
    """KPI-20: (orders entered more than once, orders completed) from the completion facts."""
    row = _sums(rule, scope)
    return Counts(row["numerator"] or 0, row["denominator"] or 0)


def repeat_counts_by_tier(rule: SourceKind, scope: KpiScope) -> dict[str, Counts]:
    """KPI-20 per tier: the tier stored on the order."""
    rows = _sums(rule, scope, "tier")
    return {r["tier"]: Counts(r["numerator"], r["denominator"]) for r in rows}


def repeat_records(rule: SourceKind, scope: KpiScope, part: Part) -> QuerySet[WorkOrder]:
    orders = _orders(rule, scope)
    orders = orders.filter(repeated_q()) if part == "numerator" else orders
    return orders.select_related("org_unit")
