"""SCORE-3…7: each row kind scored with the handbook's numbers (EX-30, EX-36)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gasdesk.core.errors import RuleViolation
from gasdesk.quality.scoring import ScoringInputs
from gasdesk.quality.scoring.items import score_item
from gasdesk.quality.tests.scoring_factories import kunlun_table
from gasdesk.standards.sections.scorecard import (
    Band,
    Banded,
    IndicatorShortfall,
    ScoreItem,
    StepMode,
)

D = Decimal


def _row(code: str) -> ScoreItem:
    (item,) = [i for i in kunlun_table().items() if i.code == code]
    return item


def _with_mode(item: ScoreItem, mode: StepMode) -> ScoreItem:
    assert isinstance(item.rule, IndicatorShortfall)
    return item.model_copy(update={"rule": item.rule.model_copy(update={"step_mode": mode})})


def _indicator(item: ScoreItem, value: str) -> Decimal | None:
    assert isinstance(item.rule, IndicatorShortfall)
    return score_item(item, ScoringInputs(values={item.rule.reads: D(value)})).score


@pytest.mark.parametrize(
    ("code", "value", "points"),
    [
        ("M-01", "97", "30"),  # 485 of 500 on time: (99 − 97) × 5 = 10
        ("M-02", "95.5", "30"),  # at or above 95 %: full
        ("M-03", "93", "30"),
        ("M-04", "80", "40"),  # the example: 80 % against 82 % → 50 − 10
        ("M-05", "92.4", "17"),  # 2.6 points short × 5 = 13
        ("M-06", "84", "12"),  # (90 − 84) × 3 = 18
        ("M-07", "13", "5"),  # abandonment 3 points above 10 % × 5 = 15
        ("M-08", "27", "15.2"),  # (27 − 15) / 5 × 2 = 4.8
    ],
)
def test_score_3_ex_30_indicator_rows_linear(code: str, value: str, points: str) -> None:
    """SCORE-3/4 EX-30: indicator rows of one unit for a year, linear step mode."""
    assert _indicator(_row(code), value) == D(points)


@pytest.mark.parametrize(
    ("code", "value", "mode", "points"),
    [
        ("M-05", "92.4", StepMode.FLOOR, "20"),
        ("M-05", "92.4", StepMode.CEIL, "15"),
        ("M-08", "27", StepMode.FLOOR, "16"),
        ("M-08", "27", StepMode.CEIL, "14"),
    ],
)
def test_score_4_ex_30_floor_and_ceil_modes(
    code: str, value: str, mode: StepMode, points: str
) -> None:
    """SCORE-4 EX-30: floor counts whole steps only, ceil every started step."""
    assert _indicator(_with_mode(_row(code), mode), value) == D(points)


def test_score_4_inspection_80_of_82_explained() -> None:
    """SCORE-4: M-04 at 80 % is 2 points short × 5 = 10 off; the explanation says so."""
    scored = score_item(_row("M-04"), ScoringInputs(values={"kpi.inspection_entry_rate": D(80)}))
    assert scored.score == D(40)
    assert scored.explanation == "实际 80，目标 82，差 2；2 档 × 5 分 = 扣 10 分"


def test_score_5_indicator_row_never_below_zero() -> None:
    """SCORE-5: M-04 at 50 % would lose 160 of its 50 points; it scores 0."""
    assert _indicator(_row("M-04"), "50") == D(0)


def test_kpi_zero_denominator_makes_the_row_not_applicable() -> None:
    """KPI decision: no bookings (value None) → the row is not scored, not 0 or full."""
    scored = score_item(_row("M-02"), ScoringInputs(values={"kpi.modification_timeliness": None}))
    assert scored.score is None


def test_score_3_ex_30_m_09_outages_by_band() -> None:
    """SCORE-3 EX-30 M-09: 3,000 and 5,000 (−2 each), 20,000 (−5), 50,001 (−10) → 40 − 19 = 21."""
    findings = {
        "kpi.outages.up_to_5000": 2,
        "kpi.outages.up_to_50000": 1,
        "kpi.outages.over_50000": 1,
    }
    assert score_item(_row("M-09"), ScoringInputs(findings=findings)).score == D(21)


def test_score_5_m_09_deducts_until_nothing_is_left() -> None:
    """SCORE-5 M-09 "扣完为止": five outages over 50,000 households cost 50 > 40 → 0."""
    findings = {"kpi.outages.over_50000": 5}
    assert score_item(_row("M-09"), ScoringInputs(findings=findings)).score == D(0)


def test_score_6_checklist_row_per_finding_capped_at_its_points() -> None:
    """SCORE-6 / OQ-20: H-15 costs 5 per finding; two findings still leave 0, not −5."""
    assert score_item(_row("H-15"), ScoringInputs(findings={"H-15": 1})).score == D(0)
    assert score_item(_row("H-15"), ScoringInputs(findings={"H-15": 2})).score == D(0)
    assert score_item(_row("H-15"), ScoringInputs()).score == D(5)


def test_score_6_i_03_punctuality_sub_deductions() -> None:
    """SCORE-6 I-03: late without telling the customer costs 4 of the row's 10."""
    scored = score_item(_row("I-03"), ScoringInputs(findings={"finding.i03.late_unannounced": 1}))
    assert scored.score == D(6)


def test_score_6_h_27_any_finding_scores_zero() -> None:
    """SCORE-6 H-27: wrong characters in an order — the row scores 0 ("不得分")."""
    scored = score_item(_row("H-27"), ScoringInputs(findings={"H-27": 1}))
    assert (scored.score, scored.explanation) == (D(0), "发现 1 次，该项不得分")


def test_wo_4_order_quality_rows_h25_h26_deduct_per_finding() -> None:
    """WO-4, scored by SCORE-6: an order not created or submitted promptly (H-25) costs 3 points
    per finding, one that does not match the recording (H-26) 2; without findings each row keeps
    its 3 / 2 points."""
    late = ScoringInputs(findings={"H-25": 1})
    wrong = ScoringInputs(findings={"H-26": 1})
    assert (
        score_item(_row("H-25"), ScoringInputs()).score,
        score_item(_row("H-25"), late).score,
    ) == (
        D(3),
        D(0),
    )
    assert (
        score_item(_row("H-26"), ScoringInputs()).score,
        score_item(_row("H-26"), wrong).score,
    ) == (
        D(2),
        D(0),
    )


def test_negative_finding_count_is_refused() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        score_item(_row("H-01"), ScoringInputs(findings={"H-01": -1}))
    assert excinfo.value.field == "findings.H-01"


def test_score_7_manual_row_within_its_points() -> None:
    """SCORE-7: H-28 (5 points) takes the inspector's 3.5; 6 is refused."""
    assert score_item(_row("H-28"), ScoringInputs(manual={"H-28": D("3.5")})).score == D("3.5")
    with pytest.raises(RuleViolation) as excinfo:
        score_item(_row("H-28"), ScoringInputs(manual={"H-28": D(6)}))
    assert excinfo.value.field == "manual.H-28"


def test_score_7_manual_row_must_be_scored() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        score_item(_row("R-04"), ScoringInputs())
    assert excinfo.value.field == "manual.R-04"


def test_score_7_bonus_two_to_five_per_commendation_capped_at_five() -> None:
    """SCORE-7 H-37: +2…5 per verified commendation, at most 5 in all."""
    two = ScoringInputs(occurrences={"H-37": (D(2),)})
    three = ScoringInputs(occurrences={"H-37": (D(4), D(3))})
    assert score_item(_row("H-37"), two).score == D(2)
    assert score_item(_row("H-37"), three).score == D(5)
    with pytest.raises(RuleViolation):
        score_item(_row("H-37"), ScoringInputs(occurrences={"H-37": (D(1),)}))


def test_score_7_penalty_two_to_five_per_occurrence_never_below_zero() -> None:
    """SCORE-7 H-38: −2…5 per verified complaint or exposure from a 5-point row."""
    assert score_item(_row("H-38"), ScoringInputs(occurrences={"H-38": (D(3),)})).score == D(2)
    both = ScoringInputs(occurrences={"H-38": (D(3), D(4))})
    assert score_item(_row("H-38"), both).score == D(0)
    with pytest.raises(RuleViolation):
        score_item(_row("H-38"), ScoringInputs(occurrences={"H-38": (D(6),)}))


@pytest.mark.parametrize(("percent", "points"), [("86", "4.3"), ("104", "5"), ("0", "0")])
def test_score_6_ex_36_counter_volume_linear(percent: str, points: str) -> None:
    """SCORE-6 C-23 EX-36: 430 of a 500 standard (86 %) → 4.3; 520 (104 %) → 5 (cap)."""
    inputs = ScoringInputs(values={"counter.volume_completion_percent": D(percent)})
    assert score_item(_row("C-23"), inputs).score == D(points)


def test_agent_rows_read_the_agent_score_and_refuse_more_than_the_row() -> None:
    """AGENT-7 / SCORE-6 H-29: the volume score (max 6) comes from AGENT-2 scoring."""
    assert score_item(_row("H-29"), ScoringInputs(values={"agent.volume": D(6)})).score == 6
    with pytest.raises(RuleViolation):
        score_item(_row("H-29"), ScoringInputs(values={"agent.volume": D(7)}))


def test_banded_row_uses_half_open_bands() -> None:
    """CF-12: a value on a boundary falls in exactly one band ([low, high))."""
    item = ScoreItem(
        code="T-01",
        title="band test",
        points=D(5),
        rule=Banded(
            kind="banded",
            reads="kpi.test",
            bands=(
                Band(high=D(10), points=D(0)),
                Band(low=D(10), high=D(20), points=D(3)),
                Band(low=D(20), points=D(5)),
            ),
        ),
    )
    scores = [score_item(item, ScoringInputs(values={"kpi.test": D(v)})).score for v in (9, 10, 20)]
    assert scores == [D(0), D(3), D(5)]


def test_score_10_excluded_row_is_not_scored() -> None:
    scored = score_item(_row("M-01"), ScoringInputs(not_applicable=frozenset({"M-01"})))
    assert (scored.score, scored.explanation) == (None, "不涉及，不计分")


def test_score_4_excess_rows_explain_the_excess() -> None:
    """SCORE-3 M-07: abandonment 13 % is 3 points over the 10 % ceiling."""
    scored = score_item(_row("M-07"), ScoringInputs(values={"kpi.queue_abandonment": D(13)}))
    assert scored.explanation == "实际 13，目标 10，超出 3；3 档 × 5 分 = 扣 15 分"


def test_score_6_row_without_findings_keeps_full_points() -> None:
    scored = score_item(_row("V-15"), ScoringInputs())
    assert (scored.score, scored.explanation) == (D(10), "未发现问题，得满分")
