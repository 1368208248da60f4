"""Pure deadline rules: WO-6, STD-2, STD-4, CAL-2, CAL-3, CAL-9 with the handbooks' numbers."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from gasdesk.business_calendar.holidays import ChineseWorkdayCalendar
from gasdesk.business_calendar.periods import PeriodOptions
from gasdesk.business_calendar.units import Unit
from gasdesk.standards.schema import Area, BusinessType, Clock, Commitment, StartEvent, Tier
from gasdesk.workorders.deadlines import compute_deadlines, shift_after_pause

TZ = ZoneInfo("Asia/Shanghai")
CAL = ChineseWorkdayCalendar()
OPTS = PeriodOptions()

REPAIR = BusinessType(
    code="repair",
    name="户内维修",
    family="repair",
    commitments=(
        Commitment(
            code="C8",
            title="维修人员到达现场",
            clock=Clock.ARRIVAL,
            amount=4,
            unit=Unit.HOURS,
            source="000 item 15(8)",
        ),
    ),
)
EMERGENCY = BusinessType(
    code="emergency",
    name="抢险",
    family="emergency",
    commitments=(
        Commitment(
            code="C9b",
            title="抢险到达",
            clock=Clock.ARRIVAL,
            amount=30,
            unit=Unit.MINUTES,
            by_area={Area.REMOTE: 50},
            source="000 item 15(9)",
        ),
    ),
)
COMPLAINT = BusinessType(
    code="complaint",
    name="投诉",
    family="complaint",
    commitments=(
        Commitment(
            code="C11a",
            title="投诉响应",
            clock=Clock.RESPONSE,
            amount=24,
            unit=Unit.HOURS,
            source="000 item 15(11)",
        ),
        Commitment(
            code="C11b",
            title="解决方案与明确答复",
            clock=Clock.COMPLETION,
            amount=3,
            unit=Unit.NATURAL_DAYS,
            source="000 item 15(11)",
        ),
    ),
)


def _due(bt, start, *, tier=Tier.GENERAL, area=Area.URBAN):
    rows = compute_deadlines(
        bt, tier=tier, area=area, starts={StartEvent.RECEIVED: start}, calendar=CAL, options=OPTS
    )
    return {d.clock.value: d.due_at for d in rows}


def test_dsp_4_ex_22_repair_reported_friday_night_due_4_hours_later():
    """DSP-4 / EX-22: repair reported Fri 2026-11-20 21:40 → on site by Sat 01:40 (C8, 4 h)."""
    start = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)
    assert _due(REPAIR, start) == {"arrival": datetime(2026, 11, 21, 1, 40, tzinfo=TZ)}


def test_emg_1_remote_area_gets_50_minutes_urban_30():
    """EMG-1 (C9b/C9c): arrival 30 min in urban areas, 50 min in remote ones."""
    start = datetime(2026, 10, 3, 12, 0, tzinfo=TZ)  # inside the National Day holiday
    assert _due(EMERGENCY, start)["arrival"] == start + timedelta(minutes=30)
    assert _due(EMERGENCY, start, area=Area.REMOTE)["arrival"] == start + timedelta(minutes=50)


def test_ex_06_complaint_clocks_response_24h_solution_3_natural_days():
    """EX-06 / STD-3 C11: accepted Fri 2026-11-20 21:40 → respond Sat 21:40; answer 11-23 24:00."""
    due = _due(COMPLAINT, datetime(2026, 11, 20, 21, 40, tzinfo=TZ))
    assert due["response"] == datetime(2026, 11, 21, 21, 40, tzinfo=TZ)
    assert due["completion"] == datetime(2026, 11, 24, 0, 0, tzinfo=TZ)


def test_std_2_government_value_wins_when_stricter():
    """STD-2: a stricter government standard replaces the company commitment."""
    strict = REPAIR.model_copy(
        update={"commitments": (REPAIR.commitments[0].model_copy(update={"government_amount": 2}),)}
    )
    lax = REPAIR.model_copy(
        update={"commitments": (REPAIR.commitments[0].model_copy(update={"government_amount": 6}),)}
    )
    start = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
    assert _due(strict, start)["arrival"] == start + timedelta(hours=2)
    assert _due(lax, start)["arrival"] == start + timedelta(hours=4)


def test_cal_9_pause_moves_hour_clock_by_exact_pause():
    """CAL-9: a 4-hour clock paused 90 minutes for the customer ends 90 minutes later."""
    due = datetime(2026, 11, 21, 1, 40, tzinfo=TZ)
    paused = datetime(2026, 11, 20, 22, 0, tzinfo=TZ)
    resumed = paused + timedelta(minutes=90)
    shifted = shift_after_pause(
        due, Unit.HOURS, suspended_at=paused, resumed_at=resumed, calendar=CAL, options=OPTS
    )
    assert shifted == due + timedelta(minutes=90)


def test_cal_9_pause_within_one_day_costs_no_natural_day():
    """CAL-9 with CAL-3: a same-day pause leaves a 24:00 deadline where it was."""
    due = datetime(2026, 11, 24, 0, 0, tzinfo=TZ)
    paused = datetime(2026, 11, 21, 9, 0, tzinfo=TZ)
    shifted = shift_after_pause(
        due,
        Unit.NATURAL_DAYS,
        suspended_at=paused,
        resumed_at=paused + timedelta(hours=5),
        calendar=CAL,
        options=OPTS,
    )
    assert shifted == due


def test_cal_9_pause_over_a_weekend_costs_no_working_day():
    """CAL-9 with CAL-4: suspended Fri 2026-11-20, resumed Sun 11-22 → no working day lost."""
    due = datetime(2026, 11, 26, 0, 0, tzinfo=TZ)  # 3 WD from Fri 11-20: Wed 11-25 24:00
    shifted = shift_after_pause(
        due,
        Unit.WORKING_DAYS,
        suspended_at=datetime(2026, 11, 20, 15, 0, tzinfo=TZ),
        resumed_at=datetime(2026, 11, 22, 10, 0, tzinfo=TZ),
        calendar=CAL,
        options=OPTS,
    )
    assert shifted == due
    shifted = shift_after_pause(
        due,
        Unit.WORKING_DAYS,
        suspended_at=datetime(2026, 11, 20, 15, 0, tzinfo=TZ),
        resumed_at=datetime(2026, 11, 23, 10, 0, tzinfo=TZ),
        calendar=CAL,
        options=OPTS,
    )
    assert shifted == datetime(2026, 11, 27, 0, 0, tzinfo=TZ)  # Mon lost → Thu 11-26 24:00


@given(
    # hypothesis takes naive bounds and attaches the zone itself
    start=st.datetimes(
        min_value=datetime(2026, 1, 2),  # noqa: DTZ001
        max_value=datetime(2026, 12, 1),  # noqa: DTZ001
        timezones=st.just(TZ),
    ),
    pause_minutes=st.integers(min_value=0, max_value=60 * 24 * 10),
)
def test_cal_9_deadline_never_moves_earlier_after_a_pause(start, pause_minutes):
    """CAL-9: resuming can only keep or extend a deadline, never shorten it."""
    for unit, amount in ((Unit.HOURS, 4), (Unit.NATURAL_DAYS, 3), (Unit.WORKING_DAYS, 3)):
        bt = BusinessType(
            code="x",
            name="x",
            family="x",
            commitments=(
                Commitment(
                    code="X",
                    title="x",
                    clock=Clock.COMPLETION,
                    amount=amount,
                    unit=unit,
                    source="test",
                ),
            ),
        )
        due = _due(bt, start)["completion"]
        shifted = shift_after_pause(
            due,
            unit,
            suspended_at=start,
            resumed_at=start + timedelta(minutes=pause_minutes),
            calendar=CAL,
            options=OPTS,
        )
        assert shifted >= due
