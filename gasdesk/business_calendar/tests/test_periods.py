"""Pure period arithmetic (CAL-1…CAL-7): SPEC worked examples and hypothesis properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gasdesk.business_calendar.holidays import ChineseWorkdayCalendar
from gasdesk.business_calendar.periods import (
    SHANGHAI,
    CalendarDataMissing,
    PeriodOptions,
    add_months,
    add_period,
    elapsed,
    next_day_at,
    options_from_pack,
)
from gasdesk.business_calendar.units import Unit

CAL = ChineseWorkdayCalendar()
EXTENDED = PeriodOptions(natural_day_holiday_extension=True)
OFFICE = PeriodOptions(working_hours=(time(8, 30), time(17, 30)))


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


class WeekdayCalendar:
    """Monday–Friday work, for properties that must not depend on published holiday data."""

    def is_workday(self, day: date) -> bool:
        return day.weekday() < 5


# Instants inside the years chinesecalendar 1.11.0 covers, away from its last weeks so that
# periods of up to 60 working days stay inside the data.
# hypothesis takes naive bounds and attaches the zone itself.
moments = st.datetimes(
    min_value=datetime(2005, 1, 1),  # noqa: DTZ001
    max_value=datetime(2026, 8, 31),  # noqa: DTZ001
    timezones=st.just(SHANGHAI),
)
day_units = st.sampled_from([Unit.NATURAL_DAYS, Unit.WORKING_DAYS])
amounts = st.integers(min_value=0, max_value=60)


def test_naive_start_is_refused() -> None:
    """CAL-1: every deadline is an instant, so a naive start is a programming error."""
    with pytest.raises(ValueError, match="timezone-aware"):
        add_period(datetime(2026, 11, 20, 21, 40), 1, Unit.HOURS, CAL)  # noqa: DTZ001


def test_result_is_in_shanghai_for_a_utc_start() -> None:
    """CAL-1: computed and returned in Asia/Shanghai."""
    start = datetime(2026, 11, 20, 13, 40, tzinfo=UTC)  # 21:40 in Shanghai

    due = add_period(start, 1, Unit.NATURAL_DAYS, CAL)

    assert due == at(2026, 11, 22)
    assert due.tzinfo == SHANGHAI


def test_hours_are_elapsed_clock_time() -> None:
    """CAL-2 (EX-06, EX-22): 24 h and 4 h from Fri 2026-11-20 21:40, weekend included."""
    start = at(2026, 11, 20, 21, 40)

    assert add_period(start, 24, Unit.HOURS, CAL) == at(2026, 11, 21, 21, 40)
    assert add_period(start, 4, Unit.HOURS, CAL) == at(2026, 11, 21, 1, 40)


def test_minutes_are_elapsed_clock_time() -> None:
    """CAL-2 (EX-08): a copy due 2 h (120 min) after 09:10 is due at 11:10."""
    assert add_period(at(2026, 11, 20, 9, 10), 120, Unit.MINUTES, CAL) == at(2026, 11, 20, 11, 10)


def test_one_natural_day_ends_at_24_00_of_the_next_day() -> None:
    """CAL-3: 2026-11-20 21:40 + 1 ND → 2026-11-21 24:00 (the instant 2026-11-22 00:00)."""
    assert add_period(at(2026, 11, 20, 21, 40), 1, Unit.NATURAL_DAYS, CAL) == at(2026, 11, 22)


@pytest.mark.parametrize(
    ("amount", "due"),
    [(1, at(2026, 11, 22)), (2, at(2026, 11, 23)), (3, at(2026, 11, 24))],
)
def test_complaint_natural_day_clocks(amount: int, due: datetime) -> None:
    """EX-06 CAL-3: 1/2/3 ND from Fri 2026-11-20 21:40 end 21, 22, 23 Nov at 24:00."""
    assert add_period(at(2026, 11, 20, 21, 40), amount, Unit.NATURAL_DAYS, CAL) == due


def test_natural_days_run_through_national_day_without_extension() -> None:
    """CAL-5 default off: 2026-09-30 10:00 + 3 ND ends on holiday 3 Oct at 24:00."""
    assert add_period(at(2026, 9, 30, 10), 3, Unit.NATURAL_DAYS, CAL) == at(2026, 10, 4)


def test_extension_moves_a_holiday_last_day_to_the_next_working_day() -> None:
    """CAL-5 on: last day 3 Oct (National Day 1–7 Oct) moves to Thu 8 Oct 24:00."""
    start = at(2026, 9, 30, 10)

    assert add_period(start, 3, Unit.NATURAL_DAYS, CAL, EXTENDED) == at(2026, 10, 9)


def test_extension_moves_a_weekend_last_day_to_monday() -> None:
    """CAL-5 on: Fri 2026-11-20 + 1 ND ends Sat 21 → Mon 23 Nov 24:00; off: Sat 21 24:00."""
    start = at(2026, 11, 20, 21, 40)

    assert add_period(start, 1, Unit.NATURAL_DAYS, CAL, EXTENDED) == at(2026, 11, 24)
    assert add_period(start, 1, Unit.NATURAL_DAYS, CAL) == at(2026, 11, 22)


def test_extension_stops_at_a_make_up_workday() -> None:
    """CAL-5 on: last day Fri 2026-10-09 is a working day, Sat 10 Oct a make-up day: no move."""
    assert add_period(at(2026, 10, 8, 9), 1, Unit.NATURAL_DAYS, CAL, EXTENDED) == at(2026, 10, 10)


def test_three_working_days_skip_the_weekend() -> None:
    """EX-06 CAL-4: Fri 2026-11-20 21:40 + 3 WD → Mon 23, Tue 24, Wed 25 → 2026-11-25 24:00."""
    assert add_period(at(2026, 11, 20, 21, 40), 3, Unit.WORKING_DAYS, CAL) == at(2026, 11, 26)


def test_one_working_day_from_friday_afternoon_is_monday() -> None:
    """EX-17 CAL-4: Fri 2026-11-20 16:00 + 1 WD → Mon 2026-11-23 24:00."""
    assert add_period(at(2026, 11, 20, 16), 1, Unit.WORKING_DAYS, CAL) == at(2026, 11, 24)


def test_one_working_day_before_spring_festival_is_the_make_up_saturday() -> None:
    """EX-17 CAL-4: Fri 2026-02-13 16:00 + 1 WD → Sat 2026-02-14 24:00 (make-up workday)."""
    assert add_period(at(2026, 2, 13, 16), 1, Unit.WORKING_DAYS, CAL) == at(2026, 2, 15)


@pytest.mark.parametrize(
    "makeup_day", [date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)]
)
def test_make_up_workdays_count_as_working_days(makeup_day: date) -> None:
    """CAL-4: Sat 2026-02-14, Sat 2026-02-28, Sun 2026-09-20 and Sat 2026-10-10 are workdays."""
    assert makeup_day.weekday() >= 5
    assert CAL.is_workday(makeup_day)
    start = datetime.combine(makeup_day - timedelta(days=1), time(12), tzinfo=SHANGHAI)
    assert add_period(start, 1, Unit.WORKING_DAYS, CAL) == start.replace(hour=0) + timedelta(2)


def test_working_days_skip_the_spring_festival() -> None:
    """CAL-4: Sat 2026-02-14 09:00 + 1 WD skips 15–23 Feb → Tue 24 Feb 24:00."""
    assert add_period(at(2026, 2, 14, 9), 1, Unit.WORKING_DAYS, CAL) == at(2026, 2, 25)


def test_working_days_skip_national_day() -> None:
    """CAL-4: Wed 2026-09-30 + 1 WD → Thu 8 Oct 24:00; + 2 WD → Fri 9 Oct; + 3 WD → Sat 10 Oct."""
    start = at(2026, 9, 30, 15)

    assert add_period(start, 1, Unit.WORKING_DAYS, CAL) == at(2026, 10, 9)
    assert add_period(start, 2, Unit.WORKING_DAYS, CAL) == at(2026, 10, 10)
    assert add_period(start, 3, Unit.WORKING_DAYS, CAL) == at(2026, 10, 11)


def test_the_start_day_never_counts_even_when_it_is_a_working_day() -> None:
    """CAL-4: Mon 2026-11-23 08:00 + 1 WD is Tue 24 Nov 24:00, not Mon 24:00."""
    assert add_period(at(2026, 11, 23, 8), 1, Unit.WORKING_DAYS, CAL) == at(2026, 11, 25)


def test_close_of_business_ends_a_working_day_period() -> None:
    """CAL-4 (Civil Code art. 203 para. 2): with close of business 17:30, EX-17 ends Mon 17:30."""
    options = PeriodOptions(close_of_business=time(17, 30))

    due = add_period(at(2026, 11, 20, 16), 1, Unit.WORKING_DAYS, CAL, options)

    assert due == at(2026, 11, 23, 17, 30)


def test_close_of_business_does_not_apply_to_natural_days() -> None:
    """CAL-3: close of business is a working-day convention (CAL-4) only."""
    options = PeriodOptions(close_of_business=time(17, 30))

    assert add_period(at(2026, 11, 20, 21, 40), 1, Unit.NATURAL_DAYS, CAL, options) == at(
        2026, 11, 22
    )


def test_a_start_at_midnight_is_24_00_of_the_day_before() -> None:
    """CAL-3 decision: 2026-11-21 00:00 is 2026-11-20 24:00, so + 1 ND ends 2026-11-21 24:00."""
    assert add_period(at(2026, 11, 21), 1, Unit.NATURAL_DAYS, CAL) == at(2026, 11, 22)


def test_zero_amounts() -> None:
    """Decision: 0 of a clock unit is the start; 0 of a day unit is 24:00 of the start day."""
    start = at(2026, 11, 20, 21, 40)

    assert add_period(start, 0, Unit.MINUTES, CAL) == start
    assert add_period(start, 0, Unit.WORKING_HOURS, CAL, OFFICE) == start
    assert add_period(start, 0, Unit.NATURAL_DAYS, CAL) == at(2026, 11, 21)
    assert add_period(start, 0, Unit.WORKING_DAYS, CAL) == at(2026, 11, 21)


def test_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_period(at(2026, 11, 20), -1, Unit.HOURS, CAL)


def test_working_hours_count_only_office_time() -> None:
    """Working hours 08:30–17:30: Fri 16:00 + 3 h → 1.5 h Friday + 1.5 h Monday = Mon 10:00."""
    assert add_period(at(2026, 11, 20, 16), 3, Unit.WORKING_HOURS, CAL, OFFICE) == at(
        2026, 11, 23, 10
    )


def test_working_hours_filling_a_day_end_at_closing_time() -> None:
    assert add_period(at(2026, 11, 23, 8), 9, Unit.WORKING_HOURS, CAL, OFFICE) == at(
        2026, 11, 23, 17, 30
    )


def test_working_hours_need_the_window() -> None:
    with pytest.raises(ValueError, match="working_hours"):
        add_period(at(2026, 11, 20, 16), 3, Unit.WORKING_HOURS, CAL)


def test_window_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="working_hours"):
        PeriodOptions(working_hours=(time(17, 30), time(8, 30)))


def test_working_days_into_a_year_without_data_are_an_error() -> None:
    """CAL-4: chinesecalendar 1.11.0 has no 2027 schedule, so 2026-12-31 + 1 WD cannot be told."""
    with pytest.raises(CalendarDataMissing) as caught:
        add_period(at(2026, 12, 31, 10), 1, Unit.WORKING_DAYS, CAL)

    assert caught.value.year == 2027
    assert str(caught.value) == "缺少2027年的法定节假日数据"


def test_a_year_without_data_is_an_error() -> None:
    """CAL-4: 2040 has no holiday data: working days raise, never guess."""
    with pytest.raises(CalendarDataMissing, match="缺少2040年的法定节假日数据"):
        add_period(at(2040, 3, 1, 10), 1, Unit.WORKING_DAYS, CAL)


def test_natural_days_need_no_holiday_data() -> None:
    """CAL-3: natural days count every calendar day, so 2040 works without data."""
    assert add_period(at(2040, 3, 1, 10), 2, Unit.NATURAL_DAYS, CAL) == at(2040, 3, 4)


def test_next_calendar_day_at_08_30() -> None:
    """CAL-6 default (次日早8:30): Fri 2026-11-20 21:40 → Sat 2026-11-21 08:30."""
    moment = at(2026, 11, 20, 21, 40)

    assert next_day_at(moment, time(8, 30), working=False) == at(2026, 11, 21, 8, 30)


def test_next_working_day_at_08_30() -> None:
    """CAL-6 option: Fri 2026-11-20 21:40 → Mon 2026-11-23 08:30; Fri 2026-02-13 → Sat 14 Feb."""
    assert next_day_at(at(2026, 11, 20, 21, 40), time(8, 30), working=True, calendar=CAL) == at(
        2026, 11, 23, 8, 30
    )
    assert next_day_at(at(2026, 2, 13, 18), time(8, 30), working=True, calendar=CAL) == at(
        2026, 2, 14, 8, 30
    )


def test_next_working_day_needs_a_calendar() -> None:
    with pytest.raises(ValueError, match="calendar"):
        next_day_at(at(2026, 11, 20), time(8, 30), working=True)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (at(2026, 1, 31, 10), 1, at(2026, 2, 28, 10)),
        (at(2028, 1, 31, 10), 1, at(2028, 2, 29, 10)),
        (at(2026, 3, 15, 9), 1, at(2026, 4, 15, 9)),
        (at(2026, 8, 31, 9), 6, at(2027, 2, 28, 9)),
        (at(2026, 11, 20, 9), 6, at(2027, 5, 20, 9)),
        (at(2026, 3, 31, 9), -1, at(2026, 2, 28, 9)),
    ],
)
def test_months_keep_the_day_clamped_to_month_end(
    start: datetime, months: int, expected: datetime
) -> None:
    """CAL-7: 第一个月 = +1 calendar month (Jan 31 → Feb 28); 每半年 = +6 months."""
    assert add_months(start, months) == expected


def test_options_from_pack_copies_the_three_conventions() -> None:
    class PackOptions:
        natural_day_holiday_extension = True
        close_of_business = time(17, 30)
        working_hours = (time(8, 30), time(17, 30))

    assert options_from_pack(PackOptions()) == PeriodOptions(
        natural_day_holiday_extension=True,
        close_of_business=time(17, 30),
        working_hours=(time(8, 30), time(17, 30)),
    )


def test_late_by_minutes() -> None:
    """EX-08: due 11:10, forwarded 11:25 → late by 15 min (and -15 the other way round)."""
    due, done = at(2026, 11, 20, 11, 10), at(2026, 11, 20, 11, 25)

    assert elapsed(due, done, Unit.MINUTES, CAL) == Decimal(15)
    assert elapsed(done, due, Unit.MINUTES, CAL) == Decimal(-15)
    assert elapsed(due, done, Unit.HOURS, CAL) == Decimal("0.25")


def test_late_by_days_counts_the_days_after_the_deadline_day() -> None:
    """CAL-3/4: due 2026-11-21 24:00; done Sun 22 10:00 → 1 ND, 0 WD late; Mon 23 → 1 WD."""
    due = at(2026, 11, 22)

    assert elapsed(due, at(2026, 11, 22, 10), Unit.NATURAL_DAYS, CAL) == 1
    assert elapsed(due, at(2026, 11, 22, 10), Unit.WORKING_DAYS, CAL) == 0
    assert elapsed(due, at(2026, 11, 23, 10), Unit.WORKING_DAYS, CAL) == 1


def test_working_hours_elapsed_over_a_weekend() -> None:
    """Fri 16:00 → Mon 10:00 with 08:30–17:30: 1.5 h + 1.5 h = 3 working hours."""
    start, end = at(2026, 11, 20, 16), at(2026, 11, 23, 10)

    assert elapsed(start, end, Unit.WORKING_HOURS, CAL, OFFICE) == 3


def test_working_hours_elapsed_to_year_end_needs_no_next_year() -> None:
    """CAL-4: counting up to 2026-12-31 must not ask for 2027's holidays."""
    start, end = at(2026, 12, 31, 9), at(2026, 12, 31, 23)

    assert elapsed(start, end, Unit.WORKING_HOURS, CAL, OFFICE) == Decimal("8.5")


@given(start=moments, amount=amounts, unit=day_units)
def test_n_plus_one_days_end_later_than_n(start: datetime, amount: int, unit: Unit) -> None:
    """CAL-3/CAL-4: N + 1 (working or natural) days always end later than N."""
    assert add_period(start, amount + 1, unit, CAL) > add_period(start, amount, unit, CAL)


@given(first=moments, second=moments, amount=amounts)
def test_natural_days_are_monotone_in_the_start(
    first: datetime, second: datetime, amount: int
) -> None:
    """CAL-3: a later start never gives an earlier deadline (with or without CAL-5 extension)."""
    early, late = sorted([first, second])
    for options in (PeriodOptions(), EXTENDED):
        assert add_period(early, amount, Unit.NATURAL_DAYS, CAL, options) <= add_period(
            late, amount, Unit.NATURAL_DAYS, CAL, options
        )


@given(start=moments, amount=amounts, unit=day_units, extended=st.booleans())
def test_day_periods_end_at_midnight(
    start: datetime, amount: int, unit: Unit, extended: bool
) -> None:
    """CAL-3/CAL-4: without close of business, a day period ends at 24:00, never before start."""
    options = PeriodOptions(natural_day_holiday_extension=extended)

    due = add_period(start, amount, unit, CAL, options)

    assert due.timetz() == time(0, tzinfo=SHANGHAI)
    assert due >= start
    assert due.tzinfo == SHANGHAI


@given(start=moments, amount=amounts)
def test_working_days_end_on_a_working_day(start: datetime, amount: int) -> None:
    """CAL-4: the N-th day is a working day (N ≥ 1)."""
    due = add_period(start, amount + 1, Unit.WORKING_DAYS, CAL)

    assert CAL.is_workday(due.date() - timedelta(days=1))


@given(start=moments, amount=amounts, unit=st.sampled_from(list(Unit)))
def test_elapsed_undoes_add_period(start: datetime, amount: int, unit: Unit) -> None:
    """CAL-2…4: elapsed(s, add_period(s, N, u), u) == N for every unit."""
    due = add_period(start, amount, unit, CAL, OFFICE)

    assert elapsed(start, due, unit, CAL, OFFICE) == amount


@given(start=moments, amount=st.integers(min_value=1, max_value=60))
def test_periods_chain_without_gaps(start: datetime, amount: int) -> None:
    """CAL-3/CAL-4 decision: a period starting when another ends continues it exactly."""
    for unit in (Unit.NATURAL_DAYS, Unit.WORKING_DAYS):
        first = add_period(start, 1, unit, CAL)
        assert add_period(first, amount, unit, CAL) == add_period(start, amount + 1, unit, CAL)


@given(start=moments, amount=st.integers(min_value=0, max_value=500))
def test_working_days_never_end_before_natural_days(start: datetime, amount: int) -> None:
    """CAL-4 vs CAL-3 on a plain weekday calendar: N WD ≥ N ND."""
    weekdays = WeekdayCalendar()

    assert add_period(start, amount, Unit.WORKING_DAYS, weekdays) >= add_period(
        start, amount, Unit.NATURAL_DAYS, weekdays
    )


@given(start=moments, months=st.integers(min_value=-24, max_value=24))
def test_months_keep_the_time_and_never_overshoot_the_month(start: datetime, months: int) -> None:
    """CAL-7: the result lies in the target month, on the same day or the month's last day."""
    result = add_months(start, months)

    target = start.year * 12 + start.month - 1 + months
    assert (result.year, result.month - 1) == divmod(target, 12)
    assert result.time() == start.time()
    assert result.day == start.day or result.day < start.day
