"""Pure KPI arithmetic (KPI-1…20): periods, rates, targets. No ORM, no clock.

A rate is numerator / denominator × 100 %; a zero denominator is "not applicable" (None),
never 0 % or 100 % (SPEC 3.20), so the scorecard can exclude the row (SCORE-10).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from gasdesk.business_calendar.periods import start_of
from gasdesk.standards.sections.indicators import Target

CENT = Decimal("0.01")
PeriodKind = Literal["month", "quarter", "year"]
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class Period:
    """A half-open reporting period [start, end) of Shanghai calendar days."""

    kind: PeriodKind
    start: dt.date
    end: dt.date

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def start_at(self) -> dt.datetime:
        return start_of(self.start)

    @property
    def end_at(self) -> dt.datetime:
        return start_of(self.end)


def period_containing(day: dt.date, kind: PeriodKind) -> Period:
    """The month, quarter or year that contains `day`."""
    months = PERIOD_MONTHS[kind]
    first_month = (day.month - 1) // months * months + 1
    start = dt.date(day.year, first_month, 1)
    index = day.year * 12 + first_month - 1 + months
    return Period(kind, start, dt.date(index // 12, index % 12 + 1, 1))


def percent(numerator: int, denominator: int) -> Decimal | None:
    """The rate in percent rounded half-up to 0.01; None when nothing was counted."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(CENT, ROUND_HALF_UP)


def meets(value: Decimal | None, target: Target | None) -> bool | None:
    """Whether the value reaches the target; None when either is missing (nothing to judge)."""
    if value is None or target is None:
        return None
    if target.op == ">=":
        return value >= target.value
    if target.op == "<=":
        return value <= target.value
    return value == target.value


@dataclass(frozen=True)
class Figure:
    """One indicator for one scope and period: counts, value, target and verdict.

    `available` is False when the source records are not (yet) kept by gasdesk; the value is
    then None as well, but for a different reason than a zero denominator.
    """

    code: str
    spec: str
    title: str
    kind: str
    numerator: int
    denominator: int
    value: Decimal | None
    unit: str
    target: Target | None
    passed: bool | None
    available: bool = True
