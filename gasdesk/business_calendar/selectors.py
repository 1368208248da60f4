"""Reads of the business calendar (CAL-4): the workday calendar in force and the calculator.

The calendar is built from chinesecalendar plus the override table and cached in-process. Each
call costs one cheap stamp query, so an edit made through any app server is seen by all of them
on their next call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection

from gasdesk.business_calendar.holidays import ChineseWorkdayCalendar, DayInfo
from gasdesk.business_calendar.models import HolidayOverride, HolidayYear
from gasdesk.business_calendar.periods import (
    DEFAULT_OPTIONS,
    CalendarDataMissing,
    PeriodOptions,
    add_period,
    elapsed,
    to_shanghai,
)
from gasdesk.business_calendar.units import Unit
from gasdesk.core.errors import RuleViolation

# Longest range the day list returns at once: a year, leap day included.
MAX_LISTED_DAYS = 366


@dataclass(frozen=True)
class _CachedCalendar:
    stamp: tuple[object, ...]
    calendar: ChineseWorkdayCalendar


_cached: _CachedCalendar | None = None


def workday_calendar() -> ChineseWorkdayCalendar:
    """The statutory calendar with today's overrides; rebuilt only when the tables changed.

    Steps: 1. read the stamp (row counts, newest edit and newest id of both tables) in one
    query; 2. return the cached calendar if the stamp is unchanged; 3. otherwise load both
    tables, build the calendar and remember it under that stamp.
    """
    global _cached
    stamp = _tables_stamp()
    cached = _cached
    if cached is not None and cached.stamp == stamp:
        return cached.calendar
    calendar = _load_calendar()
    _cached = _CachedCalendar(stamp=stamp, calendar=calendar)
    return calendar


def clear_calendar_cache() -> None:
    """Forget the cached calendar (tests that roll back rows with a frozen clock need this)."""
    global _cached
    _cached = None


def _tables_stamp() -> tuple[object, ...]:
    # One round trip for both tables; admin edits move MAX(updated_at) (auto_now), deletions
    # move COUNT, re-created rows move MAX(id).
    parts = []
    for model in (HolidayOverride, HolidayYear):
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(
            f"(SELECT COUNT(*) FROM {table}), (SELECT MAX(updated_at) FROM {table}), "
            f"(SELECT MAX(id) FROM {table})"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return (connection.alias, *row)


def _load_calendar() -> ChineseWorkdayCalendar:
    rows = list(HolidayOverride.objects.values_list("day", "is_workday", "name"))
    return ChineseWorkdayCalendar(
        {day: is_workday for day, is_workday, _ in rows},
        complete_years=set(HolidayYear.objects.values_list("year", flat=True)),
        names={day: name for day, _, name in rows if name},
    )


def period_deadline(
    start: datetime,
    amount: int,
    unit: Unit,
    *,
    options: PeriodOptions = DEFAULT_OPTIONS,
) -> datetime:
    """The calculator's deadline; a year without holiday data is a RuleViolation on its input."""
    try:
        return add_period(start, amount, unit, workday_calendar(), options)
    except CalendarDataMissing as exc:
        field = "start" if exc.year == to_shanghai(start).year else "amount"
        raise RuleViolation(field, exc.message) from exc


def period_elapsed(
    start: datetime,
    end: datetime,
    unit: Unit,
    *,
    options: PeriodOptions = DEFAULT_OPTIONS,
) -> Decimal:
    """The calculator's elapsed time between two instants, in `unit` (signed)."""
    try:
        return elapsed(start, end, unit, workday_calendar(), options)
    except CalendarDataMissing as exc:
        field = "start" if exc.year == to_shanghai(start).year else "end"
        raise RuleViolation(field, exc.message) from exc


def calendar_days(first: date, last: date) -> list[DayInfo]:
    """Each day of [first, last] with its working status and holiday name, for calendar pages."""
    if last < first:
        raise RuleViolation("to", "结束日期不能早于开始日期")
    if (last - first).days >= MAX_LISTED_DAYS:
        raise RuleViolation("to", f"一次最多查询{MAX_LISTED_DAYS}天")
    calendar = workday_calendar()
    try:
        return [
            calendar.describe(first + timedelta(days=n)) for n in range((last - first).days + 1)
        ]
    except CalendarDataMissing as exc:
        raise RuleViolation("from" if exc.year == first.year else "to", exc.message) from exc
