"""ChineseWorkdayCalendar (CAL-4): chinesecalendar's 2026 schedule, overrides, missing years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gasdesk.business_calendar.holidays import (
    STATUTORY_YEARS,
    ChineseWorkdayCalendar,
    DayInfo,
    DayKind,
)
from gasdesk.business_calendar.periods import CalendarDataMissing

CAL = ChineseWorkdayCalendar()


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_spring_festival_2026_is_nine_rest_days() -> None:
    """CAL-4: Spring Festival 2026 is 15–23 Feb, with make-up workdays Sat 14 and Sat 28 Feb."""
    assert not any(CAL.is_workday(day) for day in _days(date(2026, 2, 15), date(2026, 2, 23)))
    assert CAL.is_workday(date(2026, 2, 14))
    assert CAL.is_workday(date(2026, 2, 24))
    assert CAL.is_workday(date(2026, 2, 28))


def test_national_day_2026_is_seven_rest_days() -> None:
    """CAL-4: National Day 2026 is 1–7 Oct, make-up workdays Sun 20 Sep and Sat 10 Oct."""
    assert not any(CAL.is_workday(day) for day in _days(date(2026, 10, 1), date(2026, 10, 7)))
    assert CAL.is_workday(date(2026, 10, 8))
    assert CAL.is_workday(date(2026, 9, 20))
    assert CAL.is_workday(date(2026, 10, 10))


def test_ordinary_weekends_rest_and_weekdays_work() -> None:
    assert not CAL.is_workday(date(2026, 11, 21))
    assert not CAL.is_workday(date(2026, 11, 22))
    assert CAL.is_workday(date(2026, 11, 23))


def test_supported_years_come_from_chinesecalendar() -> None:
    """CAL-4: chinesecalendar 1.11.0 covers 2004–2026; 2027 is not yet published."""
    assert (STATUTORY_YEARS.start, STATUTORY_YEARS.stop) == (2004, 2027)
    assert CAL.has_data_for(2026)
    assert not CAL.has_data_for(2027)


@pytest.mark.parametrize("day", [date(2003, 12, 31), date(2027, 1, 4), date(2040, 6, 1)])
def test_a_year_without_data_raises(day: date) -> None:
    """CAL-4: a year without data is an error, never a guess."""
    with pytest.raises(CalendarDataMissing) as caught:
        CAL.is_workday(day)

    assert caught.value.year == day.year
    assert caught.value.message == f"缺少{day.year}年的法定节假日数据"


def test_an_override_makes_a_working_day_a_holiday() -> None:
    """CAL-4: an override wins over chinesecalendar (a local holiday on Mon 2026-11-23)."""
    calendar = ChineseWorkdayCalendar(
        {date(2026, 11, 23): False}, names={date(2026, 11, 23): "地方假日"}
    )

    assert not calendar.is_workday(date(2026, 11, 23))
    assert calendar.is_workday(date(2026, 11, 24))


def test_an_override_makes_a_holiday_a_working_day() -> None:
    calendar = ChineseWorkdayCalendar({date(2026, 10, 7): True})

    assert calendar.is_workday(date(2026, 10, 7))
    assert not calendar.is_workday(date(2026, 10, 6))


def test_overrides_of_an_unknown_year_leave_its_other_days_unknown() -> None:
    """CAL-4: 2027 overrides make those days known; other 2027 days still raise."""
    calendar = ChineseWorkdayCalendar({date(2027, 1, 1): False})

    assert not calendar.is_workday(date(2027, 1, 1))
    with pytest.raises(CalendarDataMissing, match="2027"):
        calendar.is_workday(date(2027, 1, 4))


def test_a_complete_year_follows_the_weekday_rule_outside_its_overrides() -> None:
    """CAL-4: a year declared complete: overrides for holidays, Monday–Friday otherwise."""
    calendar = ChineseWorkdayCalendar(
        {date(2027, 1, 1): False, date(2027, 1, 3): True},
        complete_years={2027},
        names={date(2027, 1, 1): "元旦"},
    )

    assert not calendar.is_workday(date(2027, 1, 1))  # Friday, holiday
    assert not calendar.is_workday(date(2027, 1, 2))  # Saturday
    assert calendar.is_workday(date(2027, 1, 3))  # Sunday, make-up workday
    assert calendar.is_workday(date(2027, 1, 4))  # Monday
    assert calendar.has_data_for(2027)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 10, 1), DayInfo(date(2026, 10, 1), False, DayKind.HOLIDAY, "国庆节")),
        (date(2026, 2, 14), DayInfo(date(2026, 2, 14), True, DayKind.MAKEUP_WORKDAY, "春节")),
        (date(2026, 11, 21), DayInfo(date(2026, 11, 21), False, DayKind.WEEKEND, "")),
        (date(2026, 11, 20), DayInfo(date(2026, 11, 20), True, DayKind.WORKDAY, "")),
    ],
)
def test_days_are_described_with_chinese_names(day: date, expected: DayInfo) -> None:
    assert CAL.describe(day) == expected


def test_an_override_name_is_shown() -> None:
    calendar = ChineseWorkdayCalendar(
        {date(2026, 11, 23): False}, names={date(2026, 11, 23): "地方假日"}
    )

    assert calendar.describe(date(2026, 11, 23)) == DayInfo(
        date(2026, 11, 23), False, DayKind.HOLIDAY, "地方假日"
    )
