"""Pure deadline rules (WO-6, STD-2, STD-4, CAL-2…5, CAL-9): pack + tier + area + calendar.

No ORM and no clock: the caller passes the start moments and the calendar, so the same
function serves intake previews, order creation and tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from gasdesk.business_calendar.periods import PeriodOptions, WorkdayCalendar, add_period
from gasdesk.business_calendar.units import Unit
from gasdesk.standards.rules import effective_amount
from gasdesk.standards.schema import (
    Area,
    BusinessType,
    CalendarOptions,
    Clock,
    Commitment,
    StartEvent,
    Tier,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
_DAY_UNITS = (Unit.NATURAL_DAYS, Unit.WORKING_DAYS)


@dataclass(frozen=True)
class ClockDeadline:
    """One computed deadline and the basis it was computed from (kept on the order)."""

    clock: Clock
    code: str
    title: str
    amount: int
    unit: Unit
    start_event: StartEvent
    start_at: datetime
    due_at: datetime
    customer_may_agree: bool

    def basis(self, pack_version: str) -> dict[str, object]:
        return {
            "code": self.code,
            "title": self.title,
            "amount": self.amount,
            "unit": self.unit.value,
            "start_event": self.start_event.value,
            "start_at": self.start_at.astimezone(SHANGHAI).isoformat(),
            "due_at": self.due_at.astimezone(SHANGHAI).isoformat(),
            "pack_version": pack_version,
            "customer_may_agree": self.customer_may_agree,
            "agreed": False,
        }


def period_options(calendar: CalendarOptions) -> PeriodOptions:
    return PeriodOptions(
        natural_day_holiday_extension=calendar.natural_day_holiday_extension,
        close_of_business=calendar.close_of_business,
        working_hours=calendar.working_hours,
    )


def compute_deadline(
    commitment: Commitment,
    *,
    tier: Tier,
    area: Area,
    start_at: datetime,
    calendar: WorkdayCalendar,
    options: PeriodOptions,
) -> ClockDeadline:
    """Deadline of one commitment: effective amount (tier, area, government) added to start."""
    amount = effective_amount(commitment, tier=tier, area=area)
    due = add_period(start_at, amount, commitment.unit, calendar, options)
    return ClockDeadline(
        clock=commitment.clock,
        code=commitment.code,
        title=commitment.title,
        amount=amount,
        unit=commitment.unit,
        start_event=commitment.start_event,
        start_at=start_at,
        due_at=due,
        customer_may_agree=commitment.customer_may_agree,
    )


def compute_deadlines(
    business_type: BusinessType,
    *,
    tier: Tier,
    area: Area,
    starts: Mapping[StartEvent, datetime],
    calendar: WorkdayCalendar,
    options: PeriodOptions,
) -> list[ClockDeadline]:
    """Deadlines of every commitment whose start event has happened (others wait for it)."""
    return [
        compute_deadline(
            c,
            tier=tier,
            area=area,
            start_at=starts[c.start_event],
            calendar=calendar,
            options=options,
        )
        for c in business_type.commitments
        if c.start_event in starts
    ]


def _days_lost(
    suspended_at: datetime, resumed_at: datetime, unit: Unit, calendar: WorkdayCalendar
) -> int:
    """Whole days of `unit` that began during the pause (the start day is not counted)."""
    first: date = suspended_at.astimezone(SHANGHAI).date()
    last: date = resumed_at.astimezone(SHANGHAI).date()
    count = 0
    day = first + timedelta(days=1)
    while day <= last:
        if unit == Unit.NATURAL_DAYS or calendar.is_workday(day):
            count += 1
        day += timedelta(days=1)
    return count


def shift_after_pause(
    due_at: datetime,
    unit: Unit,
    *,
    suspended_at: datetime,
    resumed_at: datetime,
    calendar: WorkdayCalendar,
    options: PeriodOptions,
) -> datetime:
    """CAL-9: a deadline moves on by the time the order was paused for the customer.

    Clock units move by the exact pause; day units move by the days that began during the
    pause, so a pause inside one day costs nothing and the deadline stays at 24:00.
    """
    if unit not in _DAY_UNITS:
        return due_at + (resumed_at - suspended_at)
    lost = _days_lost(suspended_at, resumed_at, unit, calendar)
    if lost == 0:
        return due_at
    # due_at is 24:00 of its last day; counting from just before it keeps the day arithmetic.
    return add_period(due_at - timedelta(microseconds=1), lost, unit, calendar, options)
