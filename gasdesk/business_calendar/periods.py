"""Pure period arithmetic in minutes, hours, 自然日 and 工作日 (CAL-1…CAL-7).

No Django and no clock: callers pass the start instant and a WorkdayCalendar. Every result is an
aware datetime in Asia/Shanghai (CAL-1).

Decisions where the SPEC is silent:
- Day units read an instant at exactly 00:00 as 24:00 of the day before (Civil Code art. 203
  names the end of a day "24:00"). A period that starts when another ends therefore continues it
  exactly, and `elapsed` is the inverse of `add_period`. Any other instant belongs to its date.
- Amount 0: clock units return the start; day units return 24:00 of the start day.
- `elapsed` of a day unit counts whole days (the days after the start day up to and including the
  end day); it is signed, negative when `end` is before `start`.
"""

from __future__ import annotations

import calendar as _monthcal
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

from gasdesk.business_calendar.units import Unit

SHANGHAI = ZoneInfo("Asia/Shanghai")
MIDNIGHT = time(0, 0)
_MICROSECONDS_PER = {
    Unit.MINUTES: Decimal(60_000_000),
    Unit.HOURS: Decimal(3_600_000_000),
    Unit.WORKING_HOURS: Decimal(3_600_000_000),
}
# A calendar that shows no working day for a whole year is broken; stop instead of looping.
_MAX_REST_RUN_DAYS = 366


class CalendarDataMissing(Exception):
    """The statutory holiday schedule of `year` is unknown, so working days cannot be told."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.message = f"缺少{year}年的法定节假日数据"
        super().__init__(self.message)


class WorkdayCalendar(Protocol):
    def is_workday(self, day: date) -> bool:
        """True on a working day (调休 make-up days included); CalendarDataMissing if unknown."""
        ...


class CalendarOptionsLike(Protocol):
    """The attributes of gasdesk.standards.schema.CalendarOptions that period arithmetic uses."""

    @property
    def natural_day_holiday_extension(self) -> bool: ...

    @property
    def close_of_business(self) -> time | None: ...

    @property
    def working_hours(self) -> tuple[time, time] | None: ...


@dataclass(frozen=True)
class PeriodOptions:
    """A pack's calendar conventions (CAL-4, CAL-5); same names as the pack's CalendarOptions."""

    natural_day_holiday_extension: bool = False  # CAL-5, Civil Code art. 203 para. 1
    close_of_business: time | None = None  # CAL-4, art. 203 para. 2: 工作日 periods end then
    working_hours: tuple[time, time] | None = None  # window counted by Unit.WORKING_HOURS

    def __post_init__(self) -> None:
        if self.working_hours and not self.working_hours[0] < self.working_hours[1]:
            raise ValueError("working_hours: start must be before end")


DEFAULT_OPTIONS = PeriodOptions()


def options_from_pack(calendar_options: CalendarOptionsLike) -> PeriodOptions:
    """Build PeriodOptions from a pack's CalendarOptions without importing standards."""
    return PeriodOptions(
        natural_day_holiday_extension=calendar_options.natural_day_holiday_extension,
        close_of_business=calendar_options.close_of_business,
        working_hours=calendar_options.working_hours,
    )


def to_shanghai(moment: datetime) -> datetime:
    """CAL-1: the same instant on Shanghai wall time; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware")
    return moment.astimezone(SHANGHAI)


def day_of(moment: datetime) -> date:
    """The day an instant belongs to for day counting: 00:00 is 24:00 of the day before."""
    local = to_shanghai(moment)
    if local.time() == MIDNIGHT:
        return local.date() - timedelta(days=1)
    return local.date()


def start_of(day: date) -> datetime:
    """00:00 of `day` in Shanghai: where a reporting day, month or period begins."""
    return datetime.combine(day, MIDNIGHT, tzinfo=SHANGHAI)


def month_bounds(month: date) -> tuple[date, date]:
    """The first day of `month`'s calendar month and the first day of the next one."""
    start = month.replace(day=1)
    return start, (start + timedelta(days=32)).replace(day=1)


def end_of(day: date) -> datetime:
    """24:00 of `day`, i.e. the instant the next day begins."""
    return start_of(day + timedelta(days=1))


def add_period(
    start: datetime,
    amount: int,
    unit: Unit,
    calendar: WorkdayCalendar,
    options: PeriodOptions = DEFAULT_OPTIONS,
) -> datetime:
    """The deadline `amount` `unit`s after `start` (CAL-2…CAL-5).

    Minutes and hours are elapsed time; natural days end at 24:00 of start day + N; working days
    end at 24:00 (or close of business) of the N-th working day after the start day; working
    hours count only time inside `options.working_hours` on working days.
    """
    local = to_shanghai(start)
    if amount < 0:
        raise ValueError("amount must not be negative")
    if unit in (Unit.MINUTES, Unit.HOURS):
        step = timedelta(minutes=amount) if unit == Unit.MINUTES else timedelta(hours=amount)
        return to_shanghai(local.astimezone(UTC) + step)
    if unit == Unit.WORKING_HOURS:
        return _add_working_hours(local, amount, calendar, _window(options))
    if amount == 0:
        return end_of(day_of(local))
    if unit == Unit.NATURAL_DAYS:
        return _add_natural_days(day_of(local), amount, calendar, options)
    return _add_working_days(day_of(local), amount, calendar, options)


def _add_natural_days(
    start_day: date, amount: int, calendar: WorkdayCalendar, options: PeriodOptions
) -> datetime:
    """CAL-3, with the CAL-5 switch: a last day that is a rest day moves to the next working day."""
    last_day = start_day + timedelta(days=amount)
    if options.natural_day_holiday_extension and not calendar.is_workday(last_day):
        last_day = next_working_day(last_day, calendar)
    return end_of(last_day)


def _add_working_days(
    start_day: date, amount: int, calendar: WorkdayCalendar, options: PeriodOptions
) -> datetime:
    """CAL-4: the start day never counts, even when it is a working day."""
    day = start_day
    for _ in range(amount):
        day = next_working_day(day, calendar)
    if options.close_of_business is not None:
        return datetime.combine(day, options.close_of_business, tzinfo=SHANGHAI)
    return end_of(day)


def _window(options: PeriodOptions) -> tuple[time, time]:
    if options.working_hours is None:
        raise ValueError("working_hours must be set to count working hours")
    return options.working_hours


def _working_spans(
    local: datetime,
    calendar: WorkdayCalendar,
    window: tuple[time, time],
    until: date = date.max,
) -> Iterator[tuple[datetime, datetime]]:
    """The working-time spans from `local` to the end of `until`, one per working day.

    The calendar is asked only about days up to `until`, so a span ending on 31 December
    does not need next year's holiday data.
    """
    for day in _working_days_in(local.date(), until, calendar):
        opens = datetime.combine(day, window[0], tzinfo=SHANGHAI)
        closes = datetime.combine(day, window[1], tzinfo=SHANGHAI)
        begin = max(opens, local)
        if begin < closes:
            yield begin, closes


def _working_days_in(first: date, until: date, calendar: WorkdayCalendar) -> Iterator[date]:
    """The working days in [first, until], refusing a calendar without any working day."""
    day, rest_run = first, 0
    while day <= until:
        if calendar.is_workday(day):
            rest_run = 0
            yield day
        else:
            rest_run += 1
            if rest_run > _MAX_REST_RUN_DAYS:
                raise ValueError(f"no working day within {_MAX_REST_RUN_DAYS} days after {first}")
        day += timedelta(days=1)


def _add_working_hours(
    local: datetime, amount: int, calendar: WorkdayCalendar, window: tuple[time, time]
) -> datetime:
    """Consume `amount` hours span by span; a period that fills a span ends at its close."""
    remaining = timedelta(hours=amount)
    if not remaining:
        return local
    spans = _working_spans(local, calendar, window)
    begin, closes = next(spans)
    while remaining > closes - begin:
        remaining -= closes - begin
        begin, closes = next(spans)
    return begin + remaining


def next_working_day(day: date, calendar: WorkdayCalendar) -> date:
    """The first working day strictly after `day`."""
    return next(_working_days_in(day + timedelta(days=1), date.max, calendar))


def elapsed(
    start: datetime,
    end: datetime,
    unit: Unit,
    calendar: WorkdayCalendar,
    options: PeriodOptions = DEFAULT_OPTIONS,
) -> Decimal:
    """How much of `unit` lies between two instants, e.g. how late an order was (signed).

    Clock units are exact (elapsed or inside working time); day units count whole days after
    the start day up to and including the end day, so elapsed(s, add_period(s, N, u)) == N.
    """
    if to_shanghai(end) < to_shanghai(start):
        return -elapsed(end, start, unit, calendar, options)
    if unit in (Unit.MINUTES, Unit.HOURS):
        return _in_unit(end - start, unit)
    if unit == Unit.WORKING_HOURS:
        return _in_unit(_working_time(start, end, calendar, _window(options)), unit)
    first, last = day_of(start), day_of(end)
    if unit == Unit.NATURAL_DAYS:
        return Decimal(max((last - first).days, 0))
    following = first + timedelta(days=1)
    return Decimal(sum(1 for _ in _working_days_in(following, last, calendar)))


def _in_unit(span: timedelta, unit: Unit) -> Decimal:
    return Decimal(span // timedelta(microseconds=1)) / _MICROSECONDS_PER[unit]


def _working_time(
    start: datetime, end: datetime, calendar: WorkdayCalendar, window: tuple[time, time]
) -> timedelta:
    local_start, local_end = to_shanghai(start), to_shanghai(end)
    total = timedelta()
    for begin, closes in _working_spans(local_start, calendar, window, local_end.date()):
        total += max(min(closes, local_end) - begin, timedelta())
    return total


def next_day_at(
    moment: datetime, at: time, *, working: bool, calendar: WorkdayCalendar | None = None
) -> datetime:
    """CAL-6: `at` (e.g. 次日早8:30) on the next calendar day, or on the next working day."""
    today = to_shanghai(moment).date()
    if not working:
        return datetime.combine(today + timedelta(days=1), at, tzinfo=SHANGHAI)
    if calendar is None:
        raise ValueError("a calendar is needed for the next working day")
    return datetime.combine(next_working_day(today, calendar), at, tzinfo=SHANGHAI)


def add_months(start: datetime, months: int) -> datetime:
    """CAL-7: same day of month and time, clamped to the last day of a shorter month."""
    local = to_shanghai(start)
    index = local.year * 12 + local.month - 1 + months
    year, month = divmod(index, 12)
    last_day = _monthcal.monthrange(year, month + 1)[1]
    return local.replace(year=year, month=month + 1, day=min(local.day, last_day))
