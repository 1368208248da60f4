"""Work-order timeliness (KPI-1, 2, 3, 5, 19, 20): sums over the daily order facts.

The facts count `WorkOrder.<clock>_due_at`, the clock's met column and `<clock>_breached_at`
(quality.order_facts.clock_q); nothing is re-derived. An order is counted in the period of its
receipt (受理时间), and for a tier by the tier stored on the order at intake (the customer's
tier at the time, CUST-7). The drill-down applies the same conditions to the orders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Q, QuerySet, Sum

from gasdesk.quality import order_facts
from gasdesk.quality.kpi.figures import percent
from gasdesk.quality.kpi.scope import KpiScope
from gasdesk.quality.models_facts import CLOCKS, OrderDayFact
from gasdesk.standards.sections.indicators import OrderTimeliness
from gasdesk.workorders.models import WorkOrder, WorkOrderStatus

Part = Literal["numerator", "denominator"]


@dataclass(frozen=True)
class Counts:
    numerator: int
    denominator: int
    unit: str = "%"

    @property
    def value(self) -> Decimal | None:
        return percent(self.numerator, self.denominator)


def _types(rules: Sequence[OrderTimeliness]) -> list[str]:
    return sorted({pair.business_type for rule in rules for pair in rule.orders})


def _base(business_types: list[str], scope: KpiScope) -> QuerySet[WorkOrder]:
    """Orders of the company and unit subtree received in the period (wo_company_received_idx)."""
    orders = WorkOrder.objects.filter(
        company=scope.company,
        received_at__gte=scope.period.start_at,
        received_at__lt=scope.period.end_at,
        business_type__in=business_types,
    ).exclude(status=WorkOrderStatus.CANCELLED)
    if not scope.is_company:
        orders = orders.filter(org_unit_id__in=scope.unit_ids)
    return orders.filter(tier=scope.tier) if scope.tier else orders


def _facts(scope: KpiScope, types: list[str], *fields: str) -> Any:
    """The day facts of the scope summed per business type (and `fields`): ~30 rows."""
    facts = order_facts.facts_of(OrderDayFact, **scope.fact_filters())
    columns = [f"{c}_{part}" for c in CLOCKS for part in ("met", "decided")]
    return (
        facts.filter(business_type__in=types)
        .order_by()
        .values("business_type", *fields)
        .annotate(**{c: Sum(c) for c in columns})
    )


def _counts(rule: OrderTimeliness, sums: dict[str, dict[str, int]]) -> Counts:
    """Sum of the rule's (business type, clock) pairs: each type appears once in a rule
    (indicators.OrderTimeliness), so the sum counts every order once."""
    met = decided = 0
    for pair in rule.orders:
        row = sums.get(pair.business_type, {})
        met += row.get(f"{pair.clock}_met") or 0
        decided += row.get(f"{pair.clock}_decided") or 0
    return Counts(met, decided)


def order_counts_many(rules: Sequence[OrderTimeliness], scope: KpiScope) -> list[Counts]:
    """Every order indicator of the table from one sum over the day facts (bench:
    kpi_month.py), which kpi_scope brought up to date."""
    sums = {row["business_type"]: row for row in _facts(scope, _types(rules))}
    return [_counts(rule, sums) for rule in rules]


def order_counts_by_tier_many(
    rules: Sequence[OrderTimeliness], scope: KpiScope
) -> list[dict[str, Counts]]:
    """The per-tier view (KPI-20) of every order indicator: one sum GROUP BY tier."""
    by_tier: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    for row in _facts(scope, _types(rules), "tier"):
        by_tier[row["tier"]][row["business_type"]] = row
    return [{tier: _counts(rule, sums) for tier, sums in by_tier.items()} for rule in rules]


def order_counts(rule: OrderTimeliness, scope: KpiScope) -> Counts:
    """One indicator alone (drill-down header): one aggregate query."""
    return order_counts_many([rule], scope)[0]


def order_counts_by_tier(rule: OrderTimeliness, scope: KpiScope) -> dict[str, Counts]:
    return order_counts_by_tier_many([rule], scope)[0]


def order_records(rule: OrderTimeliness, scope: KpiScope, part: Part) -> QuerySet[WorkOrder]:
    """The orders counted in the numerator or denominator: the facts' conditions
    (order_facts.clock_q) on the orders themselves."""
    chosen = Q(pk__in=[])
    for pair in rule.orders:
        q = order_facts.clock_q(pair.clock, scope.now)
        chosen |= Q(business_type=pair.business_type) & (
            q.met if part == "numerator" else q.decided
        )
    return _base(_types([rule]), scope).filter(chosen).select_related("org_unit")
