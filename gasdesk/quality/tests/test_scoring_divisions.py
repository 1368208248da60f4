"""SCORE-11: division scores weighted by difficulty coefficients; SCORE-13 rankings with ties."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gasdesk.core.errors import RuleViolation
from gasdesk.quality.scoring import UnitScore, division_score, rank
from gasdesk.quality.tests.scoring_factories import kunlun_divisions, kunlun_table
from gasdesk.standards.sections.scorecard import DivisionRules, RankingRule

D = Decimal
THREE_UNITS = [UnitScore("u1", D(920)), UnitScore("u2", D(850)), UnitScore("u3", D(700))]


def test_score_11_three_units_weighted_by_difficulty() -> None:
    """SCORE-11: p = 1.2, 1.0, 0.8; (0.92×1.2 + 0.85×1.0 + 0.70×0.8) / 3.0 × 1000 = 838.00."""
    rules = DivisionRules(difficulty_by_unit={"u1": D("1.2"), "u2": D(1), "u3": D("0.8")})
    result = division_score(rules, kunlun_table(), THREE_UNITS)
    assert result.published == D("838.00")
    assert result.grade.code == "good"
    assert [(u.unit, u.score_rate, u.difficulty) for u in result.units] == [
        ("u1", D("0.92"), D("1.2")),
        ("u2", D("0.85"), D(1)),
        ("u3", D("0.7"), D("0.8")),
    ]


def test_score_11_percentage_weights_reduce_to_a_weighted_sum() -> None:
    """SCORE-11: weights 50 %, 30 %, 20 % → Σ qᵢwᵢ × 1000 = 460 + 255 + 140 = 855."""
    rules = DivisionRules(difficulty_by_unit={"u1": D(50), "u2": D(30), "u3": D(20)})
    assert division_score(rules, kunlun_table(), THREE_UNITS).published == D(855)


def test_score_11_shipped_96602_pack_weights_units_equally_until_set() -> None:
    """SCORE-11: 001 table 1 gives "XX"; the shipped default weight 1 averages: 823.33."""
    result = division_score(kunlun_divisions(), kunlun_table(), THREE_UNITS)
    assert result.published == D("823.33")


def test_score_11_a_division_with_one_unit_gets_that_units_score() -> None:
    result = division_score(kunlun_divisions(), kunlun_table(), [UnitScore("u1", D("873.12"))])
    assert result.published == D("873.12")


def test_score_11_no_units_or_a_score_above_1000_is_refused() -> None:
    with pytest.raises(RuleViolation):
        division_score(kunlun_divisions(), kunlun_table(), [])
    with pytest.raises(RuleViolation) as excinfo:
        division_score(kunlun_divisions(), kunlun_table(), [UnitScore("u1", D(1001))])
    assert excinfo.value.field == "units.u1"


@pytest.mark.parametrize(
    ("rule", "ranks"),
    [(RankingRule.COMPETITION, [1, 2, 2, 4]), (RankingRule.DENSE, [1, 2, 2, 3])],
)
def test_score_13_ranking_ties_share_a_rank(rule: RankingRule, ranks: list[int]) -> None:
    """SCORE-13: equal published scores share a rank; ties are listed by key."""
    scores = {"d": D(700), "c": D("873.12"), "a": D(900), "b": D("873.12")}
    ranked = rank(scores, rule)
    assert [(r.key, r.rank) for r in ranked] == list(zip(["a", "b", "c", "d"], ranks, strict=True))
