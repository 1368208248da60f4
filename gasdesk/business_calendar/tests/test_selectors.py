"""The calendar in force (CAL-4): override table, cache invalidation, calculator errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from gasdesk.business_calendar.holidays import DayKind
from gasdesk.business_calendar.models import HolidayOverride, HolidayYear
from gasdesk.business_calendar.periods import SHANGHAI, PeriodOptions
from gasdesk.business_calendar.selectors import (
    calendar_days,
    clear_calendar_cache,
    period_deadline,
    period_elapsed,
    workday_calendar,
)
from gasdesk.business_calendar.services import HolidayDay, record_holiday_year
from gasdesk.business_calendar.units import Unit
from gasdesk.core.errors import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_calendar_cache()
    yield
    clear_calendar_cache()


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def test_an_override_making_a_day_a_holiday_moves_working_day_deadlines() -> None:
    """CAL-4 EX-17: with Mon 2026-11-23 declared a holiday, Fri 16:00 + 1 WD → Tue 24 Nov 24:00."""
    assert period_deadline(at(2026, 11, 20, 16), 1, Unit.WORKING_DAYS) == at(2026, 11, 24)

    HolidayOverride.objects.create(day=date(2026, 11, 23), is_workday=False, name="地方假日")

    assert period_deadline(at(2026, 11, 20, 16), 1, Unit.WORKING_DAYS) == at(2026, 11, 25)


def test_an_unchanged_table_costs_one_query(django_assert_num_queries: object) -> None:
    HolidayOverride.objects.create(day=date(2026, 11, 23), is_workday=False)
    first = workday_calendar()

    with django_assert_num_queries(1):  # type: ignore[operator]
        again = workday_calendar()

    assert again is first


def test_edits_and_deletions_are_seen_on_the_next_call() -> None:
    override = HolidayOverride.objects.create(day=date(2026, 11, 23), is_workday=False)
    assert not workday_calendar().is_workday(date(2026, 11, 23))

    override.is_workday = True
    override.save()
    assert workday_calendar().is_workday(date(2026, 11, 24))
    assert workday_calendar().is_workday(date(2026, 11, 23))

    HolidayOverride.objects.create(day=date(2026, 11, 24), is_workday=False)
    override.delete()
    assert not workday_calendar().is_workday(date(2026, 11, 24))


def test_a_complete_year_from_the_table_makes_2027_computable() -> None:
    """CAL-4: once 2027 is entered and declared complete, 2026-12-31 + 1 WD → 2027-01-04 24:00."""
    with pytest.raises(RuleViolation) as caught:
        period_deadline(at(2026, 12, 31, 10), 1, Unit.WORKING_DAYS)
    assert (caught.value.field, caught.value.message) == ("amount", "缺少2027年的法定节假日数据")

    record_holiday_year(
        2027, [HolidayDay(date(2027, 1, 1), is_workday=False, name="元旦")], complete=True
    )

    assert period_deadline(at(2026, 12, 31, 10), 1, Unit.WORKING_DAYS) == at(2027, 1, 5)


def test_a_start_in_a_year_without_data_names_the_start() -> None:
    """CAL-4: 2040 has no holiday data: a RuleViolation on `start`, in Chinese."""
    with pytest.raises(RuleViolation) as caught:
        period_deadline(at(2040, 3, 1, 10), 1, Unit.WORKING_DAYS)

    assert (caught.value.field, caught.value.message) == ("start", "缺少2040年的法定节假日数据")


def test_elapsed_into_a_year_without_data_names_the_end() -> None:
    with pytest.raises(RuleViolation) as caught:
        period_elapsed(at(2026, 12, 30), at(2027, 1, 6), Unit.WORKING_DAYS)

    assert caught.value.field == "end"


def test_elapsed_with_office_hours() -> None:
    options = PeriodOptions(working_hours=(time(8, 30), time(17, 30)))

    value = period_elapsed(
        at(2026, 11, 20, 16), at(2026, 11, 23, 10), Unit.WORKING_HOURS, options=options
    )

    assert value == Decimal(3)


def test_calendar_days_list_national_day() -> None:
    """CAL-4: 2026-09-30 … 2026-10-10: holidays 1–7 Oct, make-up Sat 10 Oct."""
    days = calendar_days(date(2026, 9, 30), date(2026, 10, 10))

    assert [d.kind for d in days] == [
        DayKind.WORKDAY,
        *[DayKind.HOLIDAY] * 7,
        DayKind.WORKDAY,
        DayKind.WORKDAY,
        DayKind.MAKEUP_WORKDAY,
    ]
    assert days[1].name == "国庆节"


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        (date(2026, 11, 2), date(2026, 11, 1), "to"),
        (date(2026, 1, 1), date(2027, 1, 1), "to"),
        (date(2026, 12, 1), date(2027, 1, 5), "to"),
        (date(2040, 1, 1), date(2040, 1, 5), "from"),
    ],
)
def test_calendar_days_refuse_bad_ranges(first: date, last: date, field: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        calendar_days(first, last)

    assert caught.value.field == field


def test_recording_a_year_replaces_its_overrides() -> None:
    HolidayOverride.objects.create(day=date(2027, 5, 6), is_workday=False, name="旧")
    HolidayOverride.objects.create(day=date(2026, 11, 23), is_workday=False)

    recorded = record_holiday_year(
        2027,
        [
            HolidayDay(date(2027, 1, 1), is_workday=False, name="元旦"),
            HolidayDay(date(2027, 2, 20), is_workday=True, name="春节"),
        ],
        complete=True,
        note="通知",
    )

    assert (recorded.saved, recorded.removed, recorded.is_complete) == (2, 1, True)
    assert list(HolidayOverride.objects.values_list("day", "is_workday")) == [
        (date(2026, 11, 23), False),
        (date(2027, 1, 1), False),
        (date(2027, 2, 20), True),
    ]
    assert HolidayYear.objects.get().year == 2027


@pytest.mark.parametrize(
    ("year", "days", "complete", "field"),
    [
        (2026, [], True, "year"),
        (2027, [HolidayDay(date(2028, 1, 1), is_workday=False)], True, "days"),
        (
            2027,
            [HolidayDay(date(2027, 1, 1), False), HolidayDay(date(2027, 1, 1), True)],
            True,
            "days",
        ),
    ],
)
def test_bad_holiday_years_change_nothing(
    year: int, days: list[HolidayDay], complete: bool, field: str
) -> None:
    HolidayOverride.objects.create(day=date(2027, 5, 6), is_workday=False, name="旧")

    with pytest.raises(RuleViolation) as caught:
        record_holiday_year(year, days, complete=complete)

    assert caught.value.field == field
    assert list(HolidayOverride.objects.values_list("day", flat=True)) == [date(2027, 5, 6)]
    assert not HolidayYear.objects.exists()


def test_a_statutory_year_cannot_be_declared_complete_in_admin() -> None:
    with pytest.raises(ValidationError) as caught:
        HolidayYear(year=2026).full_clean()

    assert "year" in caught.value.message_dict


def test_the_command_loads_a_year_file(tmp_path: Path) -> None:
    source = tmp_path / "2027.yaml"
    source.write_text(
        "year: 2027\ncomplete: true\nnote: 通知\ndays:\n"
        "  - {day: 2027-01-01, is_workday: false, name: 元旦}\n",
        encoding="utf-8",
    )
    out = StringIO()

    call_command("holidays", "load", str(source), stdout=out)

    assert out.getvalue().strip() == "2027: 1 saved, 0 removed, complete"
    assert HolidayOverride.objects.get().name == "元旦"
    call_command("holidays", "status", stdout=out)
    assert "complete from overrides: [2027]" in out.getvalue()


def test_the_command_refuses_a_bad_file_and_changes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "2026.yaml"
    source.write_text("year: 2026\ncomplete: true\ndays: []\n", encoding="utf-8")

    with pytest.raises(CommandError, match="year"):
        call_command("holidays", "load", str(source))

    assert not HolidayYear.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_stamp_is_trusted_for_the_ttl(
    monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: object
) -> None:
    """Bench C1: no stamp query per order; an edit saved here is seen at once, one saved by
    another app server (a raw write, no signal here) within STAMP_TTL_S."""
    from gasdesk.business_calendar import selectors

    first = workday_calendar()
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert workday_calendar() is first

    # another process's edit: bulk_create sends no signal in this one
    HolidayOverride.objects.bulk_create([HolidayOverride(day=date(2026, 11, 23), is_workday=False)])
    assert workday_calendar() is first  # not seen yet: within the TTL
    monkeypatch.setattr(selectors, "STAMP_TTL_S", 0.0)
    clear_calendar_cache()
    assert period_deadline(at(2026, 11, 20, 16), 1, Unit.WORKING_DAYS) == at(2026, 11, 25)

    monkeypatch.setattr(selectors, "STAMP_TTL_S", 60.0)
    workday_calendar()
    HolidayOverride.objects.filter(day=date(2026, 11, 23)).delete()  # saved here: seen at once
    assert period_deadline(at(2026, 11, 20, 16), 1, Unit.WORKING_DAYS) == at(2026, 11, 24)
