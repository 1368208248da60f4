"""Reads of the business calendar (CAL-4): the workday calendar in force and the calculator.

The calendar is built from chinesecalendar plus the override table and cached in-process,
under a stamp of both tables (one cheap query). The stamp is trusted for STAMP_TTL_S, as the
pack in force is (standards.lookup; one query less per order created, bench finding C1): an
edit saved in this process clears the cache at once, one saved through another app server is
seen here within the TTL. Inside a transaction the stamp is always read, since the transaction
may still roll back what it read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

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


STAMP_TTL_S = 60.0  # how late another process's edit of the override tables may be seen here


@dataclass(frozen=True)
class _CachedCalendar:
    stamp: tuple[object, ...]
    calendar: ChineseWorkdayCalendar
    trusted_until: float = 0.0  # monotonic clock; 0: read the stamp on the next call


_cached: _CachedCalendar | None = None


def _tables_changed(**kwargs: Any) -> None:
    clear_calendar_cache()


for _model in (HolidayOverride, HolidayYear):
    post_save.connect(
        _tables_changed, sender=_model, dispatch_uid=f"calendar_saved_{_model.__name__}"
    )
    post_delete.connect(
        _tables_changed, sender=_model, dispatch_uid=f"calendar_deleted_{_model.__name__}"
    )


def workday_calendar() -> ChineseWorkdayCalendar:
    """The statutory calendar with today's overrides; rebuilt only when the tables changed.

    Steps: 1. within the TTL, return the cached calendar without a query; 2. read the stamp
    (row counts, newest edit and newest id of both tables) in one query; 3. return the cached
    calendar if the stamp is unchanged; 4. otherwise load both tables, build the calendar and
    remember it under that stamp.
    """
    global _cached
    cached = _cached
    now = time.monotonic()
    if cached is not None and cached.trusted_until > now:
        return cached.calendar
    stamp = _tables_stamp()
    calendar = cached.calendar if cached is not None and cached.stamp == stamp else _load_calendar()
    trusted = 0.0 if transaction.get_connection().in_atomic_block else now + STAMP_TTL_S
    _cached = _CachedCalendar(stamp=stamp, calendar=calendar, trusted_until=trusted)
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
