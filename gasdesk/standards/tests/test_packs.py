"""The shipped packs: every one parses, and carries the handbooks' numbers (STD-1…7, CUST-3/7)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from gasdesk.business_calendar.units import Unit
from gasdesk.standards.loading import shipped_pack_files
from gasdesk.standards.schema import (
    Area,
    Category,
    Clock,
    Commitment,
    CustomerFlag,
    StartEvent,
    Tier,
    TierRule,
)
from gasdesk.standards.tests.factories import ITEM16, item16_pack, shipped_pack

COMPANIES = ["chaohu", "kunlun96602", "aode", "chongqing"]
# A YAML value that is a handbook number: a bare or quoted number, or a {op, percent} target.
_NUMBER_LINE = re.compile(r"^\s*-?\s*[a-z0-9_]+:\s*(\"?[0-9][0-9.:\-]*\"?\s*(#|$)|\{op:)")
_METADATA_KEYS = ("version:", "effective_from:")


def test_std_1_one_pack_per_company_and_file_named_for_its_version() -> None:
    """STD-1: packs/<company>/<version>.yaml, one company per folder."""
    for path in shipped_pack_files():
        pack = shipped_pack(path.parent.name)
        assert (pack.company, pack.version) == (path.parent.name, path.stem)
    assert sorted(p.parent.name for p in shipped_pack_files()) == sorted(COMPANIES)


@pytest.mark.parametrize("path", [*shipped_pack_files(), ITEM16], ids=lambda p: p.name)
def test_std_1_every_handbook_number_has_a_source_comment(path: Path) -> None:
    """STD-1: a source comment sits on every number (STYLE 1, "# 000 item 15(8)")."""
    bare = [
        line
        for line in path.read_text("utf-8").splitlines()
        if _NUMBER_LINE.match(line)
        and "#" not in line
        and not line.strip().startswith(_METADATA_KEYS)
    ]
    assert bare == []


@pytest.mark.parametrize("company", COMPANIES)
def test_every_pack_has_the_business_types_the_hotline_opens(company: str) -> None:
    """WO-2: repair, emergency, complaint and consultation exist in every pack."""
    codes = {b.code for b in shipped_pack(company).business_types}
    assert {"repair", "emergency", "complaint", "consultation"} <= codes


def _commitment(company: str, business_type: str, clock: Clock) -> Commitment:
    (found,) = [
        c
        for c in shipped_pack(company).business_type(business_type).commitments
        if c.clock == clock
    ]
    return found


@pytest.mark.parametrize(
    ("business_type", "clock", "code", "amount", "unit", "start"),
    [
        ("commercial_install", Clock.COMPLETION, "C2", 12, Unit.NATURAL_DAYS, StartEvent.RECEIVED),
        ("indoor_install", Clock.COMPLETION, "C3", 10, Unit.NATURAL_DAYS, StartEvent.PAID),
        ("pipe_modification", Clock.COMPLETION, "C4", 7, Unit.NATURAL_DAYS, StartEvent.PAID),
        ("gas_on", Clock.COMPLETION, "C6", 4, Unit.NATURAL_DAYS, StartEvent.RECEIVED),
        ("planned_outage", Clock.COMPLETION, "C7b", 24, Unit.HOURS, StartEvent.RECEIVED),
        ("repair", Clock.ARRIVAL, "C8", 4, Unit.HOURS, StartEvent.RECEIVED),
        ("emergency", Clock.ARRIVAL, "C9b", 30, Unit.MINUTES, StartEvent.RECEIVED),
        ("network_fault_general", Clock.COMPLETION, "C9d", 4, Unit.HOURS, StartEvent.RECEIVED),
        ("network_fault_major", Clock.COMPLETION, "C9e", 24, Unit.HOURS, StartEvent.RECEIVED),
        ("complaint", Clock.RESPONSE, "C11a", 24, Unit.HOURS, StartEvent.RECEIVED),
        ("complaint", Clock.COMPLETION, "C11b", 3, Unit.NATURAL_DAYS, StartEvent.RECEIVED),
    ],
)
def test_std_3_chaohu_2011_order_deadlines(
    business_type: str, clock: Clock, code: str, amount: int, unit: Unit, start: StartEvent
) -> None:
    """STD-3: the 2011 commitments that are order deadlines, with 000 item 15's numbers."""
    commitment = _commitment("chaohu", business_type, clock)
    assert (commitment.code, commitment.amount, commitment.unit) == (code, amount, unit)
    assert commitment.start_event == start


def test_std_3_c9c_remote_emergency_arrival_is_50_minutes() -> None:
    """STD-3 C9c: 偏远地区不超过50分钟; urban C9b stays 30 min."""
    commitment = _commitment("chaohu", "emergency", Clock.ARRIVAL)
    assert commitment.by_area == {Area.REMOTE: 50}
    assert commitment.amount == 30


def test_std_3_the_other_commitments_are_published() -> None:
    """STD-3 C1, C2b, C5, C7a, C9a, C10: published commitments, not order deadlines."""
    published = {c.code: c.text for c in shipped_pack("chaohu").published_commitments}
    assert {"C1", "C2b", "C5", "C7a", "C9a", "C10"} <= set(published)
    assert "7×24" in published["C1"]
    assert "3个自然日" in published["C5"]
    assert "提前24小时" in published["C7a"]
    assert "工商户每月1次，民用户每年1次" in published["C10"]


def test_std_4_only_gas_on_may_be_agreed_with_the_customer() -> None:
    """STD-4: C6 置换通气 "除与用户另有约定外" is the one commitment an agreed date replaces."""
    agreeable = [
        c.code
        for b in shipped_pack("chaohu").business_types
        for c in b.commitments
        if c.customer_may_agree
    ]
    assert agreeable == ["C6"]


def test_std_6_chaohu_commitments_definitive_and_004_tiers_on_6_month_trial() -> None:
    """STD-6: the 2011 commitments are definitive; 004's tiering is on trial for 6 months."""
    pack = shipped_pack("chaohu")
    assert (pack.status, pack.trial_months) == ("definitive", None)
    assert (pack.tiers.status, pack.tiers.trial_months) == ("trial", 6)


def test_std_6_kunlun_is_on_trial_until_revised() -> None:
    """STD-6: 001 is 试行 from issue (art. 22) with no trial length."""
    pack = shipped_pack("kunlun96602")
    assert (pack.status, pack.trial_months, pack.trial_until_revised) == ("trial", None, True)


@pytest.mark.parametrize(
    ("company", "numbers"),
    [
        (
            "chaohu",
            ["0565-2312888", "0565-2635777", "0565-4350777", "0565-2856666", "400-86-95158"],
        ),
        ("kunlun96602", ["96602"]),
        ("chongqing", ["966777"]),
        ("aode", []),
    ],
)
def test_std_7_hotline_numbers(company: str, numbers: list[str]) -> None:
    """STD-7: 巢湖's lines (000 item 15), 96602 (001 annex), 966777 (003); 002 gives none."""
    assert [h.number for h in shipped_pack(company).hotlines] == numbers


def test_std_7_chaohu_service_hotlines_are_staffed_7x24() -> None:
    """STD-7 / C1: the three 24-hour service hotlines are staffed 7×24."""
    hours = {h.number: h.hours for h in shipped_pack("chaohu").hotlines}
    assert hours["0565-2312888"] == hours["0565-2635777"] == hours["0565-4350777"] == "7×24"


def test_dsp_1_kunlun_one_hour_response_classes() -> None:
    """DSP-1: repair/emergency repair, single-household outage, special user: 1 h response."""
    for code in ["repair", "emergency", "single_household_outage", "special_user"]:
        commitment = _commitment("kunlun96602", code, Clock.RESPONSE)
        assert (commitment.amount, commitment.unit) == (1, Unit.HOURS)


def test_dsp_5_and_cmp_13_kunlun_numbers() -> None:
    """DSP-5: supplementary connection contact within 2 h; CMP-13: complaints 3 WD."""
    contact = _commitment("kunlun96602", "supplementary_connection", Clock.RESPONSE)
    assert (contact.amount, contact.unit) == (2, Unit.HOURS)
    complaint = _commitment("kunlun96602", "complaint", Clock.COMPLETION)
    assert (complaint.amount, complaint.unit) == (3, Unit.WORKING_DAYS)


def test_cal_6_kunlun_pool_sign_by_next_day_0830() -> None:
    """CAL-6 / DSP-2: unsigned orders are signed for by 08:30 the next (calendar) day."""
    sign_by = shipped_pack("kunlun96602").calendar.pool_sign_by
    assert (sign_by.day, sign_by.at.hour, sign_by.at.minute) == ("next_day", 8, 30)


def test_appt_3_and_tlc_2_aode_working_day_commitments() -> None:
    """APPT-3: appointment reply 1 WD; TLC-2: default time-limited completion 3 WD."""
    reply = _commitment("aode", "appointment", Clock.RESPONSE)
    assert (reply.amount, reply.unit) == (1, Unit.WORKING_DAYS)
    completion = _commitment("aode", "customer_feedback", Clock.COMPLETION)
    assert (completion.amount, completion.unit) == (3, Unit.WORKING_DAYS)


def test_types_without_a_handbook_number_have_no_deadline() -> None:
    """STD-1: where a company gives no number, the commitment is omitted, not invented."""
    assert shipped_pack("aode").business_type("repair").commitments == ()
    assert all(not b.commitments for b in shipped_pack("chongqing").business_types)


def _band(rule: TierRule) -> list[tuple[str, str, Decimal]]:
    return [(t.basis, t.op, t.value_m3_per_day) for t in rule.volume]


def test_cust_3_chaohu_ships_004_tier_thresholds() -> None:
    """CUST-3 / CF-1: VIP ≥ 1000, 重点 ≥ 500 and < 1000 (actual, commercial), 关键 by flags."""
    tiers = shipped_pack("chaohu").tiers
    vip, important, key = tiers.rules
    assert (vip.tier, vip.categories, _band(vip)) == (
        Tier.VIP,
        (Category.COMMERCIAL,),
        [("actual", ">=", Decimal(1000))],
    )
    assert (important.tier, _band(important)) == (
        Tier.IMPORTANT,
        [("actual", ">=", Decimal(500)), ("actual", "<", Decimal(1000))],
    )
    assert key.tier == Tier.KEY
    assert set(key.flags_any) == {
        CustomerFlag.GOVERNMENT,
        CustomerFlag.MEDIA,
        CustomerFlag.GOV_INFLUENTIAL,
        CustomerFlag.VULNERABLE,
    }
    assert tiers.default == Tier.GENERAL


def test_cust_2_item16_variant_tier_rule() -> None:
    """CUST-2: 000 item 16 — VIP > 1000 actual; 重点 > 500 and ≤ 1000 either; residential
    complainants 重点; residential influencers 关键; 一般 ≤ 500 by default."""
    vip, important, complained, key = item16_pack().tiers.rules
    assert _band(vip) == [("actual", ">", Decimal(1000))]
    assert _band(important) == [("either", ">", Decimal(500)), ("either", "<=", Decimal(1000))]
    assert (complained.tier, complained.categories, complained.flags_any) == (
        Tier.IMPORTANT,
        (Category.RESIDENTIAL,),
        (CustomerFlag.COMPLAINED,),
    )
    assert key.tier == Tier.KEY
    assert CustomerFlag.RESIDENT_INFLUENCER in key.flags_any


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("customer_satisfaction", {"vip": 98, "key": 94, "important": 90, "general": 78}),
        ("installation_timeliness", {"vip": 100, "key": 100, "important": 100, "general": 95}),
        ("supply_continuity", {"vip": 100, "key": 99, "important": 99, "general": 98}),
        ("inspection_entry_rate", {"vip": 100, "key": 100, "important": 100, "general": 90}),
        ("emergency_timeliness", {"important": 95, "general": 90}),
        ("complaint_response_timeliness", {"vip": 100, "important": 100, "general": 95}),
        ("manual_repair_callback_rate", {"vip": 100}),
    ],
)
def test_cust_7_per_tier_targets(target: str, expected: dict[str, int]) -> None:
    """CUST-7: 004 四's per-tier targets (% signs restored), minimums."""
    targets = shipped_pack("chaohu").tiers.targets[target]
    assert {tier.value: t.percent for tier, t in targets.items()} == expected
    assert {t.op for t in targets.values()} == {">="}


def test_cust_7_repeat_visits_eliminated_for_upper_tiers_at_most_5_percent_for_general() -> None:
    """CUST-7: 杜绝重复入户 (0 %) for VIP/关键/重点; "不低于5" read as ≤ 5 % for 一般."""
    targets = shipped_pack("chaohu").tiers.targets["repeat_visit_rate"]
    assert {tier.value: (t.op, t.percent) for tier, t in targets.items()} == {
        "vip": ("<=", Decimal(0)),
        "key": ("<=", Decimal(0)),
        "important": ("<=", Decimal(0)),
        "general": ("<=", Decimal(5)),
    }
