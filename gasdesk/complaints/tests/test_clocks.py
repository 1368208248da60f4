"""Complaint clocks, pure (CMP-4, CMP-8…CMP-11, CMP-15; SPEC 5.2 EX-06, EX-08)."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from gasdesk.business_calendar.holidays import ChineseWorkdayCalendar
from gasdesk.complaints.clocks import ClockContext, levelling_clocks, registration_clocks
from gasdesk.standards.schema import Pack

TZ = ZoneInfo("Asia/Shanghai")
PACKS = Path(__file__).resolve().parents[2] / "standards" / "packs"


def _rules(path):
    pack = Pack.model_validate(yaml.safe_load((PACKS / path).read_text()))
    assert pack.complaints is not None
    return pack.complaints


CH = _rules("chaohu/2011.yaml")
KL = _rules("kunlun96602/2020.yaml")
CTX = ClockContext(ChineseWorkdayCalendar())
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)


def _due(clocks):
    return {name: due for name, (due, _period) in clocks.items()}


def test_cmp_ex_06_friday_2140_over_the_weekend():
    """EX-06: response Sat 21:40 (24 h); closure 11-21 24:00 (1 ND); solution 11-23 24:00 (3 ND)."""
    due = _due(registration_clocks(CH, FRI_2140, CTX))
    assert due["response"] == datetime(2026, 11, 21, 21, 40, tzinfo=TZ)
    assert due["closure"] == datetime(2026, 11, 22, 0, 0, tzinfo=TZ)
    assert due["solution"] == datetime(2026, 11, 24, 0, 0, tzinfo=TZ)


def test_cmp_10_ex_06_investigation_closes_2_natural_days_later():
    """CMP-10 EX-06: with investigation, closure 2026-11-22 24:00 (2 ND)."""
    due = _due(levelling_clocks(CH, FRI_2140, level=3, needs_investigation=True, ctx=CTX))
    assert due["closure"] == datetime(2026, 11, 23, 0, 0, tzinfo=TZ)
    assert due["response"] == datetime(2026, 11, 21, 21, 40, tzinfo=TZ)


def test_cmp_4_ex_08_route_to_specialist_within_2_hours():
    """CMP-4 EX-08: accepted 09:10 → the specialist's copy is due 11:10."""
    due = _due(registration_clocks(CH, datetime(2026, 11, 20, 9, 10, tzinfo=TZ), CTX))
    assert due["route"] == datetime(2026, 11, 20, 11, 10, tzinfo=TZ)


def test_cmp_8_level_1_response_is_immediate():
    """CMP-8 / OQ-28: level 1 is handled at once — response due at acceptance (0 min)."""
    due = _due(levelling_clocks(CH, FRI_2140, level=1, needs_investigation=False, ctx=CTX))
    assert due["response"] == FRI_2140


def test_cmp_11_national_day_natural_days_run_through_the_holiday():
    """CMP-11 / CAL-3: accepted 2026-09-30 15:00 → 3 ND ends 2026-10-03 24:00 (holidays count)."""
    due = _due(registration_clocks(CH, datetime(2026, 9, 30, 15, 0, tzinfo=TZ), CTX))
    assert due["solution"] == datetime(2026, 10, 4, 0, 0, tzinfo=TZ)
    assert due["closure"] == datetime(2026, 10, 2, 0, 0, tzinfo=TZ)


def test_cmp_13_kunlun_3_working_days_skip_national_day():
    """CMP-13: 96602 closes within 3 WD — accepted Wed 2026-09-30, National Day 1–7 Oct is
    skipped: Thu 10-08, Fri 10-09, make-up Sat 10-10 → due 2026-10-10 24:00."""
    due = _due(registration_clocks(KL, datetime(2026, 9, 30, 10, 0, tzinfo=TZ), CTX))
    assert due["closure"] == datetime(2026, 10, 11, 0, 0, tzinfo=TZ)
    assert ChineseWorkdayCalendar().is_workday(date(2026, 10, 10))


def test_cmp_ex_06_kunlun_3_working_days_from_friday_night():
    """EX-06: the 96602 KPI clock from Fri 21:40 → Mon 23, Tue 24, Wed 25 → 2026-11-25 24:00."""
    due = _due(registration_clocks(KL, FRI_2140, CTX))
    assert due["closure"] == datetime(2026, 11, 26, 0, 0, tzinfo=TZ)
