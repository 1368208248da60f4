"""Pure campaign rules with the handbook numbers (OUT-1/2, INSP-1/3, CONN-2, METER-1)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from gasdesk.campaigns.rules import (
    band_for,
    notice_date,
    outage_notice_problem,
    rate_percent,
    restore_due_at,
    wait_exceeded,
    wait_minutes,
    year_periods,
    years_before,
)
from gasdesk.standards.schema import Pack

SH = ZoneInfo("Asia/Shanghai")
PACKS = Path(__file__).resolve().parents[2] / "standards" / "packs"


def _pack(name: str) -> Pack:
    return Pack.model_validate(yaml.safe_load((PACKS / name).read_text(encoding="utf-8")))


def _rules(name: str) -> Any:
    """The campaigns section (typed loosely: each test names the part it needs)."""
    rules = _pack(name).campaigns
    assert rules is not None
    return rules


CHAOHU = _rules("chaohu/2011.yaml")
KUNLUN = _rules("kunlun96602/2020.yaml")


def test_out1_planned_outage_needs_24_hours_notice() -> None:
    """OUT-1: 24 h ahead is enough, 23 h ahead is refused with a Chinese reason."""
    now = datetime(2026, 11, 20, 9, 0, tzinfo=SH)
    assert (
        outage_notice_problem(now + timedelta(hours=24), now, CHAOHU.outage, is_emergency=False)
        is None
    )
    problem = outage_notice_problem(
        now + timedelta(hours=23), now, CHAOHU.outage, is_emergency=False
    )
    assert problem is not None
    assert "至少提前24小时" in problem
    assert "23小时" in problem


def test_out1_emergency_is_excepted_from_the_notice_period() -> None:
    now = datetime(2026, 11, 20, 9, 0, tzinfo=SH)
    assert outage_notice_problem(now, now, CHAOHU.outage, is_emergency=True) is None


def test_out1_restoration_due_24_hours_after_the_stop() -> None:
    starts = datetime(2026, 11, 23, 9, 0, tzinfo=SH)
    assert restore_due_at(starts, CHAOHU.outage) == datetime(2026, 11, 24, 9, 0, tzinfo=SH)


@pytest.mark.parametrize(
    ("households", "band"),
    [
        (1, "up_to_5000"),
        (5000, "up_to_5000"),
        (5001, "up_to_50000"),
        (50000, "up_to_50000"),
        (50001, "over_50000"),
    ],
)
def test_out2_bands_include_their_upper_limit(households: int, band: str) -> None:
    """OUT-2: ≤ 5,000 (含), 5,001–50,000 (含), > 50,000."""
    found = band_for(households, KUNLUN.outage.bands)
    assert found is not None
    assert found.code == band


def test_insp1_monthly_periods_are_calendar_months_and_yearly_is_the_year() -> None:
    months = year_periods(2027, 12)
    assert [p.days for p in months][:3] == [31, 28, 31]
    assert months[-1].start_day == 334
    assert year_periods(2027, 1)[0].days == 365


def test_ex28_inspection_notice_for_23_november_is_sent_by_20_november() -> None:
    """EX-28 / INSP-3: 3 days ahead."""
    assert KUNLUN.inspection is not None
    assert KUNLUN.inspection.notice_days == 3
    assert notice_date(date(2026, 11, 23), KUNLUN.inspection.notice_days) == date(2026, 11, 20)


def test_ex27_waiting_4h30_exceeds_and_exactly_4h_complies() -> None:
    """EX-27 / CONN-2: SMS said 09:00; 13:30 exceeds 4 h, 13:00 is compliant."""
    told = datetime(2026, 11, 23, 9, 0, tzinfo=SH)
    limit = KUNLUN.connection.max_wait_hours
    assert limit == 4
    assert wait_exceeded(wait_minutes(told, told.replace(hour=13, minute=30)), limit)
    assert not wait_exceeded(wait_minutes(told, told.replace(hour=13)), limit)


def test_insp5_rate_is_rounded_to_one_decimal() -> None:
    assert rate_percent(800, 1000) == Decimal("80.0")
    assert rate_percent(2, 3) == Decimal("66.7")
    assert rate_percent(0, 0) is None


def test_meter1_life_counts_back_calendar_years() -> None:
    assert years_before(date(2026, 11, 26), 10) == date(2016, 11, 26)
    assert years_before(date(2028, 2, 29), 10) == date(2018, 2, 28)
