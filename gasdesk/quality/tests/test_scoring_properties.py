"""SCORE-4, 5, 10, 11, 12 properties over the shipped 1000-point table (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gasdesk.quality.scoring import (
    ScoringInputs,
    UnitScore,
    division_score,
    finding_codes,
    grade_for,
    score_scorecard,
)
from gasdesk.quality.scoring.items import score_item
from gasdesk.quality.tests.scoring_factories import kunlun_divisions, kunlun_table, make_inputs
from gasdesk.standards.sections.scorecard import IndicatorShortfall, StepMode

TABLE = kunlun_table()
ITEMS = TABLE.items()
INDICATORS = [i for i in ITEMS if isinstance(i.rule, IndicatorShortfall)]
ROW_CODES = [i.code for i in ITEMS]
FINDING_CODES = sorted(finding_codes(TABLE))
percent = st.decimals(min_value=0, max_value=100, places=2)
modes = st.sampled_from(list(StepMode))


@given(item=st.sampled_from(INDICATORS), value=percent, mode=modes)
def test_score_5_indicator_row_stays_within_zero_and_its_points(
    item: object, value: Decimal, mode: StepMode
) -> None:
    """SCORE-5: whatever the value and step mode, 0 ≤ row score ≤ row points."""
    assert isinstance(item, type(INDICATORS[0]))
    rule = item.rule
    assert isinstance(rule, IndicatorShortfall)
    row = item.model_copy(update={"rule": rule.model_copy(update={"step_mode": mode})})
    score = score_item(row, ScoringInputs(values={rule.reads: value})).score
    assert score is not None
    assert 0 <= score <= item.points


@given(item=st.sampled_from(INDICATORS), a=percent, b=percent, mode=modes)
def test_score_4_indicator_row_is_monotone_in_the_value(
    item: object, a: Decimal, b: Decimal, mode: StepMode
) -> None:
    """SCORE-4: a better figure never scores less (higher rates, lower abandonment/wait)."""
    assert isinstance(item, type(INDICATORS[0]))
    rule = item.rule
    assert isinstance(rule, IndicatorShortfall)
    row = item.model_copy(update={"rule": rule.model_copy(update={"step_mode": mode})})
    worse, better = sorted((a, b), reverse=rule.direction == "at_most")
    score_worse = score_item(row, ScoringInputs(values={rule.reads: worse})).score
    score_better = score_item(row, ScoringInputs(values={rule.reads: better})).score
    assert score_worse is not None
    assert score_better is not None
    assert score_worse <= score_better


@given(
    excluded=st.sets(st.sampled_from(ROW_CODES), max_size=20),
    findings=st.dictionaries(st.sampled_from(FINDING_CODES), st.integers(0, 5), max_size=30),
    values=st.lists(percent, min_size=len(INDICATORS), max_size=len(INDICATORS)),
)
def test_score_10_normalised_total_between_0_and_1000(
    excluded: set[str], findings: dict[str, int], values: list[Decimal]
) -> None:
    """SCORE-5/10: with any rows excluded and any findings, 0 ≤ K ≤ 1000 and graded."""
    reads = {i.rule.reads: v for i, v in zip(INDICATORS, values, strict=True)}  # type: ignore[union-attr]
    if len(excluded) == len(ROW_CODES):
        return
    inputs = make_inputs(TABLE, values=reads, findings=findings, not_applicable=excluded)
    result = score_scorecard(TABLE, inputs)
    assert 0 <= result.final <= TABLE.total_points
    assert result.grade == grade_for(TABLE.grades, result.published)
    assert all(
        i.score is None or 0 <= i.score <= i.max_points for i in result.items if not i.is_bonus
    )


@given(
    scores=st.lists(st.decimals(min_value=0, max_value=1000, places=2), min_size=1, max_size=6),
    weights=st.lists(st.decimals(min_value="0.1", max_value=10, places=2), min_size=6, max_size=6),
)
def test_score_11_division_lies_between_its_worst_and_best_unit(
    scores: list[Decimal], weights: list[Decimal]
) -> None:
    """SCORE-11: a weighted average never leaves the range of its units' scores."""
    rules = kunlun_divisions().model_copy(
        update={"difficulty_by_unit": {f"u{n}": w for n, w in enumerate(weights)}}
    )
    units = [UnitScore(f"u{n}", s) for n, s in enumerate(scores)]
    result = division_score(rules, TABLE, units)
    assert min(scores) - Decimal("0.000001") <= result.final <= max(scores) + Decimal("0.000001")
