"""Work-order timeliness (KPI-1, 2, 3, 5, 19, 20): one aggregate over the stored deadlines.

Reads `WorkOrder.<clock>_due_at`, the clock's met column and `<clock>_breached_at`; nothing is
re-derived. An order is counted in the period of its receipt (受理时间), and for a tier by the
tier stored on the order at intake (the customer's tier at the time, CUST-7).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Count, F, Q, QuerySet

from gasdesk.quality.kpi.figures import percent
from gasdesk.quality.kpi.scope import KpiScope
from gasdesk.standards.sections.indicators import OrderClock, OrderTimeliness
from gasdesk.workorders.models import CLOCK_MET_BY, WorkOrder, WorkOrderStatus

Part = Literal["numerator", "denominator"]


@dataclass(frozen=True)
class Counts:
    numerator: int
    denominator: int
    unit: str = "%"

    @property
    def value(self) -> Decimal | None:
        return percent(self.numerator, self.denominator)


def _clock_q(pair: OrderClock, scope: KpiScope) -> tuple[Q, Q]:
    """(met, decided) for one business type's clock; decided = met, late or already overdue.

    Overdue-but-unmet counts as late once the deadline has passed, except while suspended
    (the clock is paused, CAL-9); the breach job's flag counts even if it ran late.
    """
    due, met_at = f"{pair.clock}_due_at", CLOCK_MET_BY[pair.clock]
    has = Q(business_type=pair.business_type, **{f"{due}__isnull": False})
    met = has & Q(**{f"{met_at}__lte": F(due)})
    overdue = Q(**{f"{due}__lte": scope.now}) & ~Q(status=WorkOrderStatus.SUSPENDED)
    decided = has & (
        Q(**{f"{met_at}__isnull": False})
        | Q(**{f"{pair.clock}_breached_at__isnull": False})
        | overdue
    )
    return met, decided


def _conditions(rule: OrderTimeliness, scope: KpiScope) -> tuple[Q, Q]:
    met, decided = Q(pk__in=[]), Q(pk__in=[])
    for pair in rule.orders:
        pair_met, pair_decided = _clock_q(pair, scope)
        met, decided = met | pair_met, decided | pair_decided
    return met, decided


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


def _aggregates(rules: Sequence[OrderTimeliness], scope: KpiScope) -> dict[str, Count]:
    aggregates = {}
    for i, rule in enumerate(rules):
        met, decided = _conditions(rule, scope)
        aggregates[f"n{i}"] = Count("id", filter=met)
        aggregates[f"d{i}"] = Count("id", filter=decided)
    return aggregates


def order_counts_many(rules: Sequence[OrderTimeliness], scope: KpiScope) -> list[Counts]:
    """Every order indicator of the table in one aggregate query: the month's orders are
    scanned once, each indicator is a pair of FILTERed counts (bench: kpi_month.py)."""
    row = _base(_types(rules), scope).aggregate(**_aggregates(rules, scope))
    return [Counts(row[f"n{i}"], row[f"d{i}"]) for i in range(len(rules))]


def order_counts_by_tier_many(
    rules: Sequence[OrderTimeliness], scope: KpiScope
) -> list[dict[str, Counts]]:
    """The per-tier view (KPI-20) of every order indicator: one GROUP BY tier query."""
    rows: Any = (
        _base(_types(rules), scope).order_by().values("tier").annotate(**_aggregates(rules, scope))
    )
    return [
        {row["tier"]: Counts(row[f"n{i}"], row[f"d{i}"]) for row in rows} for i in range(len(rules))
    ]


def order_counts(rule: OrderTimeliness, scope: KpiScope) -> Counts:
    """One indicator alone (drill-down header): one aggregate query."""
    return order_counts_many([rule], scope)[0]


def order_counts_by_tier(rule: OrderTimeliness, scope: KpiScope) -> dict[str, Counts]:
    return order_counts_by_tier_many([rule], scope)[0]


def order_records(rule: OrderTimeliness, scope: KpiScope, part: Part) -> QuerySet[WorkOrder]:
    """The orders counted in the numerator or denominator, with the same filters."""
    met, decided = _conditions(rule, scope)
    records = _base(_types([rule]), scope).filter(met if part == "numerator" else decided)
    return records.select_related("org_unit")
