"""Department complaint deductions (CMP-19, CMP-20): pure arithmetic over counts per level.

The counts come from one aggregate query (selectors.deduction_counts); this module only turns
counts into points with the pack's rule kinds, so it is tested without a database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gasdesk.standards.sections.complaints import (
    ComplaintRules,
    PerComplaintDeduction,
    SteppedDeduction,
)

ZERO = Decimal(0)


def per_complaint_points(rule: PerComplaintDeduction, count: int) -> Decimal:
    return rule.points * count


def stepped_points(rule: SteppedDeduction, count: int) -> Decimal:
    """Free quota, then `first_points` at the first complaint past it, then a step each."""
    if count <= rule.free_up_to:
        return ZERO
    return rule.first_points + rule.each_beyond_points * (count - rule.free_up_to - 1)


# Rule kinds the pack may name (healthchecks-style registry); a new kind is code + schema.
DEDUCTION_KINDS: dict[str, Callable[[Any, int], Decimal]] = {
    "per_complaint": per_complaint_points,
    "stepped": stepped_points,
}


@dataclass(frozen=True)
class UnitDeduction:
    """A department's points for one period, with the counts they came from."""

    counts: dict[int, int]
    points_by_level: dict[int, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.points_by_level.values(), ZERO)


def period_deduction(rules: ComplaintRules, counts: Mapping[int, int]) -> UnitDeduction:
    """Points of one period (a quarter, or a year recounted) from complaint counts per level."""
    points = {}
    for level in rules.levels:
        count = counts.get(level.level, 0)
        points[level.level] = DEDUCTION_KINDS[level.deduction.kind](level.deduction, count)
    return UnitDeduction(counts=dict(counts), points_by_level=points)


def annual_deduction(rules: ComplaintRules, quarters: Iterable[Mapping[int, int]]) -> Decimal:
    """CMP-20: the pack chooses the sum of the quarters or a recount on the year's totals."""
    quarter_counts = list(quarters)
    if rules.annual_deduction == "sum_of_quarters":
        return sum((period_deduction(rules, q).total for q in quarter_counts), ZERO)
    year: dict[int, int] = {}
    for counts in quarter_counts:
        for level, count in counts.items():
            year[level] = year.get(level, 0) + count
    return period_deduction(rules, year).total
