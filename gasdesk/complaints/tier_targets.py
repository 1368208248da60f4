"""Per-tier complaint targets against the actual figures (CMP-25, CUST-7).

The targets come from the pack's `tiers.targets` entries that the complaint section names; the
actual figures are one GROUP BY the customer's current tier over the complaints received in the
period (response: met by the deadline among those decided; satisfaction: satisfied among those
asked), so no complaint row is read in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q

from gasdesk.complaints.selectors import Period, visible_complaints
from gasdesk.standards.schema import TIER_LABELS, Pack, Tier, TierTarget

if TYPE_CHECKING:
    from gasdesk.org.models import User

CENT = Decimal("0.01")


@dataclass(frozen=True)
class TierFigure:
    """One measure of one tier: the target (None where the handbook states none) and actual."""

    numerator: int
    denominator: int
    target: TierTarget | None

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * 100 / self.denominator).quantize(CENT, ROUND_HALF_UP)

    @property
    def passed(self) -> bool | None:
        value, target = self.percent, self.target
        if value is None or target is None:
            return None
        if target.op == ">=":
            return value >= target.percent
        return value <= target.percent if target.op == "<=" else value == target.percent


@dataclass(frozen=True)
class TierRow:
    tier: Tier
    label: str
    response: TierFigure
    satisfaction: TierFigure


def _counts(user: User, period: Period, now: datetime) -> dict[str, dict[str, int]]:
    """{tier: counts} for complaints of known customers received in the period."""
    met = Q(responded_at__lte=F("response_due_at")) | Q(closed_at__lte=F("response_due_at"))
    happened = Q(responded_at__isnull=False) | Q(closed_at__isnull=False)
    decided = happened | Q(response_late_at__isnull=False) | Q(response_due_at__lte=now)
    rows: Any = (
        visible_complaints(user)
        .filter(
            received_at__gte=period.start,
            received_at__lt=period.end,
            customer__isnull=False,
            response_due_at__isnull=False,
        )
        .order_by()
        .values("customer__tier")
        .annotate(
            met=Count("id", filter=met & decided),
            decided=Count("id", filter=decided),
            satisfied=Count("id", filter=Q(is_satisfied=True)),
            asked=Count("id", filter=Q(is_satisfied__isnull=False)),
        )
    )
    return {r["customer__tier"]: r for r in rows}


def tier_complaint_targets(user: User, pack: Pack, period: Period, now: datetime) -> list[TierRow]:
    """CMP-25: each tier's response timeliness and satisfaction against its CUST-7 target;
    empty when the pack names no per-tier complaint targets."""
    rules = pack.complaints
    names = rules.tier_targets if rules else None
    if names is None:
        return []
    response = pack.tiers.targets.get(names.response, {})
    satisfaction = pack.tiers.targets.get(names.satisfaction, {})
    counts = _counts(user, period, now)
    rows = []
    for tier in pack.tiers.display_order:
        c = counts.get(tier.value, {})
        rows.append(
            TierRow(
                tier,
                TIER_LABELS[tier],
                TierFigure(c.get("met", 0), c.get("decided", 0), response.get(tier)),
                TierFigure(c.get("satisfied", 0), c.get("asked", 0), satisfaction.get(tier)),
            )
        )
    return rows
