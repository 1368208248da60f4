"""Pure rules of the campaigns (OUT-1/2, INSP-1/3/5, CONN-2, METER-1): no ORM, no clock.

Callers pass the pack section and `now`; every number comes from the pack.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from gasdesk.standards.sections.campaigns import OutageBand, OutageRules

HOUR = timedelta(hours=1)


def outage_notice_problem(
    starts_at: datetime, now: datetime, rules: OutageRules, *, is_emergency: bool
) -> str | None:
    """OUT-1: why the outage may not be published now (Chinese), or None when it may.

    A planned outage needs `notice_hours` between publishing and the stop; an emergency is
    excepted when the pack says so.
    """
    if is_emergency and rules.emergency_exempt:
        return None
    lead = starts_at - now
    if lead >= rules.notice_hours * HOUR:
        return None
    hours_left = max(0, int(lead / HOUR))
    return (
        f"计划停气须至少提前{rules.notice_hours}小时通知客户，距停气仅剩约{hours_left}小时，"
        "不能发布；如属事故抢修，请标记为紧急停气"
    )


def restore_due_at(starts_at: datetime, rules: OutageRules) -> datetime:
    """OUT-1: supply must be back within `restore_within_hours` of the stop."""
    return starts_at + rules.restore_within_hours * HOUR


def band_for(households: int, bands: tuple[OutageBand, ...]) -> OutageBand | None:
    """OUT-2: the band of an outage by customers affected (upper limits inclusive: 含)."""
    for band in bands:
        if band.max_households is None or households <= band.max_households:
            return band
    return None


@dataclass(frozen=True)
class Period:
    """A slice of the year for a frequency: visits of period `index` fall in its days."""

    frequency: int
    index: int
    start_day: int  # 0-based day of the year
    days: int


def year_periods(year: int, visits_per_year: int) -> list[Period]:
    """INSP-1: the year cut into `visits_per_year` even periods; 12 gives calendar months."""
    if visits_per_year == 12:
        return _months(year)
    total = 366 if calendar.isleap(year) else 365
    cuts = [k * total // visits_per_year for k in range(visits_per_year + 1)]
    return [
        Period(visits_per_year, k, cuts[k], cuts[k + 1] - cuts[k]) for k in range(visits_per_year)
    ]


def _months(year: int) -> list[Period]:
    periods, start = [], 0
    for month in range(1, 13):
        days = calendar.monthrange(year, month)[1]
        periods.append(Period(12, month - 1, start, days))
        start += days
    return periods


def notice_date(visit_on: date, notice_days: int) -> date:
    """INSP-3, CONN-2, METER-2: the day notices are posted and sent (natural days, OQ-31)."""
    return visit_on - timedelta(days=notice_days)


def wait_minutes(announced_at: datetime, arrived_at: datetime) -> int:
    """CONN-2: how long the customer waited after the time given by SMS (0 if early)."""
    return max(0, int((arrived_at - announced_at) / timedelta(minutes=1)))


def wait_exceeded(minutes: int, max_wait_hours: int) -> bool:
    """CONN-2: "不超过4小时" — exactly the limit is compliant (Civil Code art. 1259)."""
    return minutes > max_wait_hours * 60


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 Feb falls back to 28 Feb)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def rate_percent(done: int, planned: int) -> Decimal | None:
    """INSP-5: done / planned × 100 %, one decimal; None when nothing was planned."""
    if planned == 0:
        return None
    value = Decimal(done * 100) / Decimal(planned)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
