"""Division scores weighted by the units' difficulty coefficients, and rankings (SCORE-11, 13).

A division (事业部) is scored only through its units: formula (2) averages the units' score rates
weighted by their difficulty coefficient (所属单位管理难度系数) and scales back to K1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from gasdesk.core.errors import RuleViolation
from gasdesk.quality.scoring.card import Grade, grade_for
from gasdesk.quality.scoring.numbers import ZERO, round_half_up
from gasdesk.standards.sections.scorecard import DivisionRules, RankingRule, ScorecardTable


@dataclass(frozen=True)
class UnitScore:
    """A unit's final score K (after SCORE-10 normalisation), by the unit's code."""

    unit: str
    score: Decimal


@dataclass(frozen=True)
class WeightedUnit:
    unit: str
    score_rate: Decimal  # q = K / K1
    difficulty: Decimal  # p


@dataclass(frozen=True)
class DivisionScore:
    units: tuple[WeightedUnit, ...]
    final: Decimal  # Q
    published: Decimal
    grade: Grade


def division_score(
    rules: DivisionRules, table: ScorecardTable, units: Sequence[UnitScore]
) -> DivisionScore:
    """SCORE-11 formula (2): Q = Σ(qᵢ × pᵢ) / Σ pᵢ × K1; the division's score is Q."""
    if not units:
        raise RuleViolation("units", "事业部没有参与考核的所属单位")
    weighted = tuple(_weighted(rules, table, u) for u in units)
    total_weight = sum((w.difficulty for w in weighted), ZERO)
    rate = sum((w.score_rate * w.difficulty for w in weighted), ZERO) / total_weight
    final = rate * table.total_points
    published = round_half_up(final, table.publish_decimals)
    return DivisionScore(weighted, final, published, grade_for(table.grades, published))


def _weighted(rules: DivisionRules, table: ScorecardTable, unit: UnitScore) -> WeightedUnit:
    if not ZERO <= unit.score <= table.total_points:
        raise RuleViolation(f"units.{unit.unit}", "单位得分超出评分表总分")
    difficulty = rules.difficulty_by_unit.get(unit.unit, rules.default_difficulty)
    return WeightedUnit(unit.unit, unit.score / table.total_points, difficulty)


@dataclass(frozen=True)
class Ranked:
    key: str
    score: Decimal
    rank: int


def rank(scores: Mapping[str, Decimal], rule: RankingRule) -> tuple[Ranked, ...]:
    """SCORE-13 / ASSESS-5: rank by score, highest first; ties share a rank.

    Competition ranking skips after a tie (1, 2, 2, 4), dense does not (1, 2, 2, 3). Tied
    entries are listed by key, so the order is stable between runs.
    """
    ordered = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
    distinct = sorted(set(scores.values()), reverse=True)
    return tuple(
        Ranked(key, score, _rank_of(score, ordered, distinct, rule)) for key, score in ordered
    )


def _rank_of(
    score: Decimal,
    ordered: list[tuple[str, Decimal]],
    distinct: list[Decimal],
    rule: RankingRule,
) -> int:
    if rule == RankingRule.DENSE:
        return distinct.index(score) + 1
    return 1 + sum(1 for _, other in ordered if other > score)
