"""SCORE-1, 10, 12: the whole 1000-point table, normalisation and grades (EX-30, EX-32, EX-33)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gasdesk.core.errors import RuleViolation
from gasdesk.quality.scoring import (
    ItemChange,
    changed_items,
    grade_for,
    normalise,
    read_codes,
    score_scorecard,
)
from gasdesk.quality.tests.scoring_factories import kunlun_table, make_inputs

D = Decimal
EX_30_VALUES = {
    "kpi.installation_on_time": D(97),
    "kpi.modification_timeliness": D("95.5"),
    "kpi.gas_on_timeliness": D(93),
    "kpi.inspection_entry_rate": D(80),
    "kpi.repair_timeliness": D("92.4"),
    "kpi.calls_answered_in_time": D(84),
    "kpi.queue_abandonment": D(13),
    "kpi.average_wait_minutes": D(27),
}
EX_30_OUTAGES = {
    "kpi.outages.up_to_5000": 2,
    "kpi.outages.up_to_50000": 1,
    "kpi.outages.over_50000": 1,
}


def test_score_1_a_perfect_unit_scores_1000_in_six_sections() -> None:
    """SCORE-1: 500 + 300 + 50 + 50 + 50 + 50 = 1000, every section full."""
    table = kunlun_table()
    result = score_scorecard(table, make_inputs(table))
    assert {s.code: s.score for s in result.sections} == {
        "management": D(500),
        "indicators": D(300),
        "complaints": D(50),
        "callbacks": D(50),
        "mystery_shopper": D(50),
        "satisfaction": D(50),
    }
    assert (result.final, result.published, result.grade.code) == (D(1000), D(1000), "excellent")


def test_score_3_ex_30_indicator_section_is_200_2_of_300() -> None:
    """SCORE-3 EX-30: the nine rows of one unit total 200.2 / 300; 1000 − 99.8 overall."""
    table = kunlun_table()
    inputs = make_inputs(table, values=EX_30_VALUES, findings=EX_30_OUTAGES)
    result = score_scorecard(table, inputs)
    indicators = next(s for s in result.sections if s.code == "indicators")
    assert (indicators.score, indicators.max_points) == (D("200.2"), D(300))
    assert result.published == D("900.20")
    assert result.grade.code == "excellent"


def test_score_10_ex_32_two_rows_not_applicable_normalised_to_1000() -> None:
    """SCORE-10 EX-32: M-02 and M-03 not scored (K3 = 70), K2 = 812 → 873.12, good."""
    table = kunlun_table()
    # A perfect unit has 930 on the remaining rows; the 172-point manual row gives back 118.
    inputs = make_inputs(table, not_applicable={"M-02", "M-03"}, manual={"X-01": D(54)})
    result = score_scorecard(table, inputs)
    assert (result.total_points, result.not_applicable_points) == (D(1000), D(70))
    assert result.actual == D(812)
    assert result.published == D("873.12")
    assert (result.grade.code, result.grade.label) == ("good", "良好")
    indicators = next(s for s in result.sections if s.code == "indicators")
    assert (indicators.score, indicators.not_applicable_points) == (D(230), D(70))


@pytest.mark.parametrize(
    ("actual", "published", "grade"),
    [(D(812), D("873.12"), "good"), (D(837), D("900.00"), "good"), (D(655), D("704.30"), "pass")],
)
def test_score_10_ex_32_formula_and_published_value(
    actual: Decimal, published: Decimal, grade: str
) -> None:
    """SCORE-10 EX-32: K = K2 × 1000 / 930, rounded half-up; 837 → 900.00 is good, not excellent."""
    table = kunlun_table()
    final = normalise(actual, total=D(1000), not_applicable=D(70))
    assert final.quantize(D("0.01")) == published
    assert grade_for(table.grades, published).code == grade


def test_score_10_no_row_applies_is_refused() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        normalise(D(0), total=D(1000), not_applicable=D(1000))
    assert excinfo.value.field == "not_applicable"


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("1000", "excellent"),
        ("900.01", "excellent"),
        ("900", "good"),
        ("750.01", "good"),
        ("750", "pass"),
        ("600.01", "pass"),
        ("600", "fail"),
        ("0", "fail"),
    ],
)
def test_score_12_ex_33_grade_boundaries(score: str, grade: str) -> None:
    """SCORE-12 EX-33: 900 → good, 750 → pass, 600 → fail (half-open, closed on the right)."""
    assert grade_for(kunlun_table().grades, D(score)).code == grade


def test_score_10_published_value_rounds_half_up() -> None:
    """SCORE-10: 0.005 rounds up (Decimal's default banker's rounding would not)."""
    table = kunlun_table()
    # K2 = 999.995 (no row excluded) publishes as 1000.00; 999.985 as 999.99.
    inputs = make_inputs(table, manual={"X-01": D("171.995")})
    assert score_scorecard(table, inputs).published == D("1000.00")
    inputs = make_inputs(table, manual={"X-01": D("171.985")})
    assert score_scorecard(table, inputs).published == D("999.99")


def test_oq_21_bonus_is_on_top_and_the_total_capped_at_1000() -> None:
    """OQ-21: a bonus row adds on top of the rows; the final score never exceeds 1000."""
    table = kunlun_table()
    lost_five = make_inputs(table, findings={"H-15": 1}, occurrences={"H-37": (D(3),)})
    assert score_scorecard(table, lost_five).published == D(998)
    perfect = make_inputs(table, occurrences={"H-37": (D(5),)})
    result = score_scorecard(table, perfect)
    assert (result.actual, result.final) == (D(1005), D(1000))


def test_every_row_explains_its_score() -> None:
    """What-if view: each row carries its Chinese explanation."""
    table = kunlun_table()
    result = score_scorecard(table, make_inputs(table, values=EX_30_VALUES))
    assert result.item("M-04").explanation == "实际 80，目标 82，差 2；2 档 × 5 分 = 扣 10 分"
    assert result.item("M-02").explanation.endswith("得满分")


@pytest.mark.parametrize("field", ["not_applicable", "manual", "findings"])
def test_unknown_codes_are_refused(field: str) -> None:
    """A mistyped row code must not silently exclude or fully score a row."""
    table = kunlun_table()
    wrong = {
        "not_applicable": {"not_applicable": {"M-99"}},
        "manual": {"manual": {"M-99": D(1)}},
        "findings": {"findings": {"H-99": 1}},
    }[field]
    with pytest.raises(RuleViolation) as excinfo:
        score_scorecard(table, make_inputs(table, **wrong))  # type: ignore[arg-type]
    assert excinfo.value.field == field


def test_read_codes_are_what_the_kpi_module_must_supply() -> None:
    """KPI-1…8 and AGENT-2…6 codes and the counter completion ratio are read by the table."""
    assert read_codes(kunlun_table()) == {
        "kpi.installation_on_time",
        "kpi.modification_timeliness",
        "kpi.gas_on_timeliness",
        "kpi.inspection_entry_rate",
        "kpi.repair_timeliness",
        "kpi.calls_answered_in_time",
        "kpi.queue_abandonment",
        "kpi.average_wait_minutes",
        "agent.volume",
        "agent.answer_failure",
        "agent.talk_time",
        "agent.after_call",
        "agent.away_time",
        "counter.volume_completion_percent",
    }


def test_what_if_lists_the_rows_that_moved() -> None:
    """What-if view: raising M-04 from 80 % to 82 % moves only M-04 (40 → 50) and the total."""
    table = kunlun_table()
    before = score_scorecard(table, make_inputs(table, values=EX_30_VALUES))
    after = score_scorecard(
        table, make_inputs(table, values={**EX_30_VALUES, "kpi.inspection_entry_rate": D(82)})
    )
    assert changed_items(before, after) == (ItemChange("M-04", D(40), D(50)),)
    assert after.published - before.published == D(10)
