"""Pure acceptance rules (DSP-1, DSP-2, CAL-6) with the 96602 pack's numbers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gasdesk.fieldwork.acceptance import (
    POOL,
    PROMPT,
    contact_deadline,
    escalation_moment,
    plan_acceptance,
)
from gasdesk.standards.schema import Pack, PoolSignBy

TZ = ZoneInfo("Asia/Shanghai")
PACKS = Path(__file__).resolve().parents[2] / "standards" / "packs"
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)


class Weekdays:
    """Mon–Fri are working days (no holidays): enough for the rule, no database needed."""

    def is_workday(self, day: date) -> bool:
        return day.weekday() < 5


@cache
def _kunlun() -> Pack:
    with (PACKS / "kunlun96602" / "2020.yaml").open(encoding="utf-8") as fh:
        return Pack.model_validate(yaml.safe_load(fh))


def _plan(business_type: str, at: datetime, sign_by: PoolSignBy | None = None):
    pack = _kunlun()
    assert pack.fieldwork is not None
    return plan_acceptance(
        pack.fieldwork.acceptance,
        sign_by or pack.calendar.pool_sign_by,
        business_type=business_type,
        assigned_at=at,
        calendar=Weekdays(),
    )


@pytest.mark.parametrize("kind", ["repair", "emergency", "single_household_outage", "special_user"])
def test_dsp_1_prompt_classes_signed_for_within_1_hour_even_at_night(kind):
    """DSP-1: a repair reported Fri 21:40 must be signed for (and the customer phoned) by 22:40."""
    plan = _plan(kind, FRI_2140)
    assert plan.kind == PROMPT
    assert plan.accept_due_at == datetime(2026, 11, 20, 22, 40, tzinfo=TZ)
    assert plan.contact_due_at == plan.accept_due_at
    assert plan.pools_at is None


def test_dsp_2_other_orders_go_to_the_pool_and_are_signed_for_by_0830_next_day():
    """DSP-2 / CAL-6: a meter change assigned Fri 21:40 joins the pool at 24:00, due Sat 08:30."""
    plan = _plan("meter_change", FRI_2140)
    assert plan.kind == POOL
    assert plan.pools_at == datetime(2026, 11, 21, 0, 0, tzinfo=TZ)
    assert plan.accept_due_at == datetime(2026, 11, 21, 8, 30, tzinfo=TZ)
    assert plan.contact_due_at is None


def test_cal_6_next_working_day_option_moves_friday_to_monday_0830():
    """CAL-6: with `next_working_day`, Friday's unsigned order is due Mon 2026-11-23 08:30."""
    sign_by = PoolSignBy(day="next_working_day", at=time(8, 30))
    plan = _plan("meter_change", FRI_2140, sign_by)
    assert plan.accept_due_at == datetime(2026, 11, 23, 8, 30, tzinfo=TZ)


def test_dsp_2_pool_order_customer_phoned_within_1_hour_of_signing():
    """DSP-2 "执行一小时响应": signed for Sat 08:10 → customer phoned by 09:10."""
    rules = _kunlun().fieldwork.acceptance  # type: ignore[union-attr]
    signed = datetime(2026, 11, 21, 8, 10, tzinfo=TZ)
    assert contact_deadline(rules, None, signed) == datetime(2026, 11, 21, 9, 10, tzinfo=TZ)


def test_dsp_1_prompt_class_keeps_its_assignment_deadline_for_the_call():
    rules = _kunlun().fieldwork.acceptance  # type: ignore[union-attr]
    due = datetime(2026, 11, 20, 22, 40, tzinfo=TZ)
    assert contact_deadline(rules, due, due - timedelta(minutes=5)) == due


def test_emg_escalation_moment_is_the_lead_time_before_arrival():
    due = datetime(2026, 11, 20, 22, 10, tzinfo=TZ)
    assert escalation_moment(due, 10) == datetime(2026, 11, 20, 22, 0, tzinfo=TZ)
    assert escalation_moment(None, 10) is None


# hypothesis draws naive datetimes between naive bounds; the test attaches Shanghai.
WINDOW = (datetime(2026, 1, 1), datetime(2026, 12, 30))  # noqa: DTZ001


@settings(deadline=None)
@given(st.datetimes(min_value=WINDOW[0], max_value=WINDOW[1]))
def test_dsp_2_pool_deadline_is_always_after_the_pool_moment(naive):
    at = naive.replace(tzinfo=TZ)
    plan = _plan("meter_change", at)
    assert plan.pools_at is not None
    assert at < plan.pools_at < plan.accept_due_at
    assert plan.accept_due_at.astimezone(TZ).time() == time(8, 30)
