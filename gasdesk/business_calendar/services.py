"""Writes to the holiday override table (CAL-4): one year's schedule at a time, atomically."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from gasdesk.business_calendar.holidays import STATUTORY_YEARS
from gasdesk.business_calendar.models import HolidayOverride, HolidayYear
from gasdesk.core.errors import RuleViolation


@dataclass(frozen=True)
class HolidayDay:
    """One day of a State Council holiday notice: rest (holiday) or work (调休 make-up day)."""

    day: date
    is_workday: bool
    name: str = ""


@dataclass(frozen=True)
class RecordedYear:
    year: int
    saved: int
    removed: int
    is_complete: bool


def record_holiday_year(
    year: int, days: Sequence[HolidayDay], *, complete: bool, note: str = ""
) -> RecordedYear:
    """Make the override table hold exactly `days` for `year`, and mark the year complete or not.

    A whole year is replaced at once so that a published notice is never half-entered: overrides
    of that year missing from `days` are removed, all in one transaction. Declaring a year
    chinesecalendar already knows as complete is refused, as it would drop its holidays.
    """
    _check_days(year, days, complete=complete)
    with transaction.atomic():
        for entry in days:
            HolidayOverride.objects.update_or_create(
                day=entry.day,
                defaults={"is_workday": entry.is_workday, "name": entry.name, "note": note},
            )
        listed = [entry.day for entry in days]
        removed, _ = HolidayOverride.objects.filter(day__year=year).exclude(day__in=listed).delete()
        if complete:
            HolidayYear.objects.update_or_create(year=year, defaults={"note": note})
        else:
            HolidayYear.objects.filter(year=year).delete()
    return RecordedYear(year=year, saved=len(days), removed=removed, is_complete=complete)


def _check_days(year: int, days: Sequence[HolidayDay], *, complete: bool) -> None:
    if complete and year in STATUTORY_YEARS:
        raise RuleViolation("year", f"{year}年的节假日已内置，只需登记个别调整日期")
    outside = [entry.day for entry in days if entry.day.year != year]
    if outside:
        raise RuleViolation("days", f"{outside[0]:%Y-%m-%d} 不属于{year}年")
    listed = [entry.day for entry in days]
    if len(set(listed)) != len(listed):
        raise RuleViolation("days", "同一日期登记了多次")
