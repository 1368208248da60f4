"""The pure demo planners: customer profiles per tier rule, order scenarios and their timelines."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gasdesk.customers.tiering import CustomerFacts, evaluate_tier
from gasdesk.demo.builders.orders import type_slots
from gasdesk.demo.builders.profiles import OutletSlot, customer_profiles
from gasdesk.demo.builders.scenarios import (
    PATHS,
    Detour,
    Dues,
    ScenarioRequest,
    TypeSlot,
    order_scenarios,
    timeline,
)
from gasdesk.standards.lookup import pack_in_force
from gasdesk.standards.schema import Area, Category, Tier, TierSection
from gasdesk.standards.tests.factories import item16_pack, shipped_pack
from gasdesk.workorders.models import WorkOrderStatus as S
from gasdesk.workorders.transitions import RESTORE, TRANSITIONS

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 25, 15, 30, tzinfo=TZ)
OUTLETS = [
    OutletSlot("U1", 0.7, "安徽省巢湖市", "巢湖市", Area.URBAN),
    OutletSlot("U2", 0.3, "安徽省马鞍山市含山县", "含山县", Area.REMOTE),
]
TYPES = [
    TypeSlot("repair", "户内燃气设施报修", "repair", timedelta(hours=4)),
    TypeSlot("emergency", "燃气泄漏报警抢险", "emergency", timedelta(minutes=30)),
    TypeSlot("gas_on", "置换通气", "gas_on", timedelta(days=4, hours=8)),
    TypeSlot("consultation", "业务咨询", "consultation", timedelta(days=2)),
]


def _profiles(section: TierSection, count: int = 400, seed: str = "s") -> list:
    return customer_profiles(
        section=section,
        count=count,
        outlets=OUTLETS,
        account_prefix="CH",
        seed=seed,
        today=NOW.date(),
    )


def _tier(section: TierSection, profile) -> Tier:
    facts = CustomerFacts(
        category=profile.category,
        contract=profile.contract_volume_m3_per_day,
        actual=profile.volume_m3_per_day,
        flags=profile.flags,
    )
    return evaluate_tier(section, facts).tier


def test_cust_3_profiles_reach_every_chaohu_tier_with_the_handbook_volumes():
    """CUST-3 (004 三.1): VIP ≥ 1000 m³/day, 重点 500–1000, 关键 by flags, else 一般."""
    section = shipped_pack("chaohu").tiers
    profiles = _profiles(section)
    tiers = {p.account_no: _tier(section, p) for p in profiles}
    assert set(tiers.values()) == set(Tier)
    assert all(tiers[p.account_no] == p.aimed_tier for p in profiles)
    for p in profiles:
        if p.aimed_tier == Tier.VIP:
            assert p.category == Category.COMMERCIAL
            assert p.volume_m3_per_day >= 1000
        if p.aimed_tier == Tier.IMPORTANT:
            assert 500 <= p.volume_m3_per_day < 1000


def test_cust_2_profiles_also_follow_the_000_item_16_variant():
    """CUST-2: under 000 item 16's rules the same generator still yields every tier."""
    section = item16_pack().tiers
    tiers = {_tier(section, p) for p in _profiles(section)}
    assert tiers == set(Tier)


def test_a_pack_without_tier_rules_gives_only_its_default():
    section = shipped_pack("kunlun96602").tiers
    assert {p.aimed_tier for p in _profiles(section, count=50)} == {section.default}


def test_same_seed_same_profiles_other_seed_other_names():
    section = shipped_pack("chaohu").tiers
    first, again = _profiles(section, seed="2026"), _profiles(section, seed="2026")
    assert first == again
    assert [p.name for p in _profiles(section, seed="7")[:5]] != [p.name for p in first[:5]]


def test_profiles_have_one_or_two_mobile_phones_and_the_outlet_area():
    for p in _profiles(shipped_pack("chaohu").tiers, count=100):
        assert 1 <= len(p.phones) <= 2
        assert all(phone.startswith("1") and len(phone) == 11 for phone in p.phones)
        assert p.area == (Area.URBAN if p.unit_code == "U1" else Area.REMOTE)


@pytest.mark.parametrize("fate", list(PATHS))
def test_each_fate_path_is_allowed_by_the_transition_table(fate):
    status, before = str(S.NEW), ""
    for action in PATHS[fate]:
        transition = TRANSITIONS[action]
        assert status in transition.sources, (fate, action)
        before, status = status, before if transition.target == RESTORE else transition.target
    assert status == fate


def _scenarios(count: int = 300, open_count: int = 40, today: int = 10) -> list:
    request = ScenarioRequest(
        types=TYPES,
        customers=50,
        outlet_shares=[0.7, 0.3],
        count=count,
        open_count=open_count,
        today_count=today,
        now=NOW,
        history=timedelta(days=183),
        seed="t",
    )
    return order_scenarios(request)


def test_scenarios_cover_six_months_and_leave_some_open_today():
    scenarios = _scenarios()
    assert len(scenarios) == 310
    assert min(s.received_at for s in scenarios) > NOW - timedelta(days=184)
    assert max(s.received_at for s in scenarios) < NOW
    fates = {s.fate for s in scenarios}
    assert {S.CLOSED, S.NEW, S.DISPATCHED, S.SUSPENDED} <= fates
    midnight = NOW.replace(hour=0, minute=0)
    assert sum(s.received_at >= midnight and s.fate != S.CLOSED for s in scenarios) >= 10


DETOUR_STEPS = {Detour.NONE: 0, Detour.REASSIGNED: 1, Detour.PAUSED: 2}


def test_timelines_run_forward_from_receipt_and_stop_before_now():
    for scenario in _scenarios():
        start = scenario.received_at
        dues = Dues(start, start + timedelta(hours=4), start + timedelta(days=1))
        steps = timeline(scenario, dues, now=NOW)
        moments = [start, *(step.at for step in steps)]
        assert moments == sorted(moments)
        assert all(step.at < NOW for step in steps)
        path = PATHS[scenario.fate]
        assert len(steps) == len(path) + DETOUR_STEPS[scenario.detour]
        assert [step.action for step in steps[-1:]] == list(path[-1:])


def test_on_time_orders_arrive_inside_the_first_deadline_late_ones_after_it():
    start = NOW - timedelta(days=30)
    first = last = start + timedelta(hours=4)
    dues = Dues(start, first, last)
    closed = [s for s in _scenarios() if s.fate == S.CLOSED and s.detour == Detour.NONE]
    assert any(s.is_late for s in closed)
    for scenario in closed:
        steps = timeline(replace(scenario, received_at=start), dues, now=NOW)
        arrived = next(step.at for step in steps if step.action == "arrive")
        completed = next(step.at for step in steps if step.action == "complete")
        assert (arrived > first) == scenario.is_late
        assert (completed > last) == scenario.is_late


@pytest.mark.django_db
def test_cal_4_types_whose_working_days_lack_holiday_data_are_left_out(packs):
    """CAL-4: without 2027 holiday data a working-day deadline cannot be told, so the demo
    skips that type (96602 complaints, 3 working days) instead of failing."""
    now = datetime(2027, 3, 1, 10, 0, tzinfo=TZ)
    slots = {slot.code: slot for slot in type_slots(pack_in_force("kunlun96602", now), now)}
    assert "complaint" not in slots
    assert slots["repair"].span == timedelta(hours=1)
    chaohu = {slot.code: slot for slot in type_slots(pack_in_force("chaohu", now), now)}
    assert chaohu["repair"].span == timedelta(hours=4)  # C8: 4 hours (000 item 15(8))
