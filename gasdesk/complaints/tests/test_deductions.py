"""Department deductions: the pure step rule (CMP-19, CMP-20; SPEC 5.1 EX-01, EX-02)."""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gasdesk.complaints.deductions import annual_deduction, period_deduction, stepped_points
from gasdesk.standards.schema import Pack
from gasdesk.standards.sections.complaints import SteppedDeduction

PACK = Path(__file__).resolve().parents[2] / "standards" / "packs" / "chaohu" / "2011.yaml"
RULES = Pack.model_validate(yaml.safe_load(PACK.read_text()))
assert RULES.complaints is not None
CH = RULES.complaints


def _stepped(rule: object) -> SteppedDeduction:
    assert isinstance(rule, SteppedDeduction)
    return rule


LEVEL5 = _stepped(CH.level(5).deduction)


def test_cmp_19_ex_01_two_level1_three_level3_eight_level5_is_7_30():
    """CMP-19 EX-01: 2×3 + 3×0.3 + (0.3 + 0.05×2) = 7.30 points."""
    result = period_deduction(CH, {1: 2, 3: 3, 5: 8})
    assert result.points_by_level == {
        1: Decimal("6"),
        2: Decimal("0"),
        3: Decimal("0.9"),
        4: Decimal("0"),
        5: Decimal("0.40"),
    }
    assert result.total == Decimal("7.30")


@pytest.mark.parametrize(
    ("count", "points"),
    [(0, "0"), (5, "0"), (6, "0.30"), (7, "0.35"), (12, "0.60")],
)
def test_cmp_19_ex_02_level5_free_up_to_5_then_0_3_and_0_05_each(count, points):
    """CMP-19 EX-02: level 5 — 5 free, 0.3 at the 6th, +0.05 for each beyond 6."""
    assert stepped_points(LEVEL5, count) == Decimal(points)


def test_cmp_19_per_complaint_points_levels_1_to_4():
    """CMP-19: level 1 3 points, level 2 1, level 3 0.3, level 4 0.1 per complaint."""
    result = period_deduction(CH, {1: 1, 2: 1, 3: 1, 4: 1})
    assert [result.points_by_level[lv] for lv in (1, 2, 3, 4)] == [
        Decimal("3"),
        Decimal("1"),
        Decimal("0.3"),
        Decimal("0.1"),
    ]


def test_cmp_20_annual_is_sum_of_quarters_so_four_quarters_of_4_level5_is_0():
    """CMP-20 / OQ-14: four quarters of 4 level-5 complaints give 0 summed (0.80 recounted)."""
    quarters = [{5: 4}] * 4
    assert annual_deduction(CH, quarters) == Decimal("0")
    recount = CH.model_copy(update={"annual_deduction": "recount"})
    assert annual_deduction(recount, quarters) == Decimal("0.80")


@given(st.integers(min_value=0, max_value=10_000))
def test_cmp_19_level5_is_monotonic_and_steps_by_0_05_after_6(count):
    """CMP-19: never negative, never decreasing; beyond 6 each complaint adds exactly 0.05."""
    here, after = stepped_points(LEVEL5, count), stepped_points(LEVEL5, count + 1)
    assert Decimal(0) <= here <= after
    if count >= 6:
        assert after - here == Decimal("0.05")


@given(st.dictionaries(st.integers(1, 5), st.integers(0, 500), max_size=5))
def test_cmp_19_total_is_sum_of_levels_and_linear_for_levels_1_to_4(counts):
    """CMP-19: the quarter total is 3·n1 + 1·n2 + 0.3·n3 + 0.1·n4 + d5."""
    result = period_deduction(CH, counts)
    linear = sum(
        (Decimal(p) * counts.get(lv, 0) for lv, p in [(1, "3"), (2, "1"), (3, "0.3"), (4, "0.1")]),
        Decimal(0),
    )
    assert result.total == linear + stepped_points(LEVEL5, counts.get(5, 0))
