"""Sampling (CB-2, CB-3, CB-4, CB-7, CB-16): exact ⌈N × p / 100⌉ per group and day, seeded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gasdesk.callbacks.sampling import (
    Completed,
    draw,
    next_replacement,
    sample_size,
    seed_for,
    select_for_callback,
)
from gasdesk.standards.sections.callbacks import CallbackRules
from gasdesk.standards.tests.factories import shipped_pack


def _rules(company: str) -> CallbackRules:
    rules = shipped_pack(company).callbacks
    assert rules is not None
    return rules


KL = _rules("kunlun96602")
CH = _rules("chaohu")
DAY = date(2026, 11, 20)


def _group(code: str):
    (found,) = [g for g in KL.groups if g.code == code]
    return found


@pytest.mark.parametrize(
    ("group", "population", "expected"),
    [
        ("repair_modification_replacement", 47, 8),
        ("repair_modification_replacement", 7, 2),
        ("repair_modification_replacement", 0, 0),
        ("meter_reading_inspection", 1230, 62),
        ("counter", 30, 1),
        ("hotline", 100, 3),
        ("scattered_connection", 12, 12),
    ],
)
def test_cb_4_ex_12_sample_sizes_round_up_in_exact_arithmetic(group, population, expected):
    """CB-4 / EX-12: 47 × 15 % → 8, 7 → 2, 0 → 0, 1230 × 5 % → 62, 30 × 2 % → 1, 100 × 3 % → 3."""
    assert sample_size(population, _group(group).ratio_percent) == expected


def test_cb_2_kunlun_ratios_are_the_handbooks():
    """CB-2: 零散接驳 100 %, 维修改造置换 15 %, 抄表安检 5 %, 窗口 2 %, 热线 3 %."""
    ratios = {g.code: g.ratio_percent for g in KL.groups}
    assert ratios == {
        "scattered_connection": 100,
        "repair_modification_replacement": 15,
        "meter_reading_inspection": 5,
        "counter": 2,
        "hotline": 3,
    }


def _day(counts: dict[str, int], flags: dict[str, int] | None = None) -> list[Completed]:
    items, pk = [], 0
    for business_type, n in counts.items():
        for _ in range(n):
            pk += 1
            items.append(Completed(pk, business_type))
    for flag, n in (flags or {}).items():
        for _ in range(n):
            pk += 1
            items.append(Completed(pk, "repair", flags=frozenset({flag})))
    return items


def test_cb_3_ex_12_special_customers_are_all_called_and_outside_the_group_sample():
    """CB-3 / EX-12: 4 complainants → 4, 9 hazard customers → 9; 47 other repairs → 8."""
    items = _day({"repair": 47}, {"complained": 4, "hazard": 9})
    chosen = select_for_callback(items, KL, company="kunlun96602", day=DAY)
    per_group: dict[str, int] = {}
    for s in chosen:
        per_group[s.group_code] = per_group.get(s.group_code, 0) + 1
    assert per_group == {"complainant": 4, "hazard": 9, "repair_modification_replacement": 8}
    assert all(s.is_full for s in chosen if s.group_code in ("complainant", "hazard"))


def test_cb_16_vip_repairs_are_all_called_back_in_chaohu():
    """CB-16: 巢湖 VIP repairs 100 % (004 四.1); a VIP counter visit is sampled as usual."""
    items = [Completed(i, "repair", tier="vip") for i in range(1, 6)]
    items += [Completed(i, "counter_service", tier="vip") for i in range(6, 56)]
    chosen = select_for_callback(items, CH, company="chaohu", day=DAY)
    assert sorted(s.order_id for s in chosen if s.group_code == "vip_repair") == [1, 2, 3, 4, 5]
    assert len([s for s in chosen if s.group_code == "counter"]) == 1  # ⌈50 × 2 %⌉


def test_types_outside_every_group_get_no_callback():
    assert select_for_callback([Completed(1, "complaint")], KL, company="k", day=DAY) == []


ids_strategy = st.lists(st.integers(min_value=1, max_value=10**9), unique=True, max_size=400)
ratio_strategy = st.decimals(min_value=Decimal("0.01"), max_value=100, places=2)


@settings(deadline=None)  # a shared 2-CPU machine: time limits would flake
@given(ids=ids_strategy, ratio=ratio_strategy)
def test_cb_4_draw_hits_the_exact_count(ids, ratio):
    """CB-4: the draw has exactly ⌈N × p / 100⌉ distinct members of the population."""
    chosen = draw(ids, ratio, "c:2026-11-20:g")
    assert len(chosen) == sample_size(len(ids), ratio)
    assert len(set(chosen)) == len(chosen)
    assert set(chosen) <= set(ids)
    assert len(ids) == 0 or len(chosen) >= 1


@settings(deadline=None)  # a shared 2-CPU machine: time limits would flake
@given(ids=ids_strategy, ratio=ratio_strategy)
def test_cb_4_draw_is_reproducible_whatever_the_input_order(ids, ratio):
    """CB-4: seeded by company + day + group; the order rows arrive in does not matter."""
    seed = seed_for("chaohu", DAY, "hotline")
    assert draw(ids, ratio, seed) == draw(list(reversed(ids)), ratio, seed)


@settings(deadline=None)  # a shared 2-CPU machine: time limits would flake
@given(ids=ids_strategy)
def test_cb_2_a_100_percent_group_is_always_called_in_full(ids):
    """CB-2: 零散接驳 100 % → every completed order is chosen."""
    assert sorted(draw(ids, Decimal(100), "s")) == sorted(ids)


@settings(deadline=None)  # a shared 2-CPU machine: time limits would flake
@given(
    ids=st.lists(st.integers(min_value=1, max_value=10**6), unique=True, min_size=1, max_size=200)
)
def test_cb_7_replacement_is_the_next_undrawn_id_of_the_same_ranking(ids):
    """CB-7: a replacement comes from the day's unsampled population, deterministically."""
    seed = "c:d:g"
    chosen = draw(ids, Decimal(15), seed)
    replacement = next_replacement(ids, chosen, seed)
    if len(chosen) == len(ids):
        assert replacement is None
    else:
        assert replacement not in chosen
        assert replacement == draw(ids, Decimal(100), seed)[len(chosen)]


def test_different_days_draw_different_samples():
    ids = list(range(1, 1001))
    first = draw(ids, Decimal(5), seed_for("chaohu", date(2026, 11, 20), "hotline"))
    second = draw(ids, Decimal(5), seed_for("chaohu", date(2026, 11, 21), "hotline"))
    assert first != second
