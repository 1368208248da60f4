"""One row of the scorecard, scored by its rule kind (SCORE-3…7).

Each kind is a small pure function in `SCORERS`, keyed by the kind name the pack uses. A row
never goes below 0 or above its points (SCORE-5); a row without data is not applicable.
Explanations are translated with named placeholders (the English is in the message catalogue).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gasdesk.core.errors import RuleViolation
from gasdesk.quality.scoring.numbers import ZERO, band_for, clamp, show
from gasdesk.standards.sections.scorecard import (
    Banded,
    Bonus,
    DeductionPerFinding,
    Derived,
    Direction,
    IndicatorShortfall,
    Manual,
    Penalty,
    Proportional,
    ScoreItem,
    StepMode,
)


@dataclass(frozen=True)
class ScoringInputs:
    """What a scorecard reads, by code.

    values: KPI / agent / counter figures by input code (`kpi.repair_timeliness`); None or
        absent means no data (a zero denominator, KPI decision) and the row is not applicable.
    findings: finding counts by row code (`H-01`) or finding-class code (`kpi.outages.…`).
    manual: inspector's scores of manual rows by row code (SCORE-7).
    occurrences: points per verified occurrence of bonus and penalty rows by row code.
    not_applicable: row codes the evaluator excludes (SCORE-10).
    """

    values: Mapping[str, Decimal | None] = field(default_factory=dict)
    findings: Mapping[str, int] = field(default_factory=dict)
    manual: Mapping[str, Decimal] = field(default_factory=dict)
    occurrences: Mapping[str, tuple[Decimal, ...]] = field(default_factory=dict)
    not_applicable: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Scored:
    """A row's score (None: not applicable) and why, in Chinese for the what-if view."""

    score: Decimal | None
    explanation: str


Scorer = Callable[[ScoreItem, Any, ScoringInputs], Scored]


def _no_data() -> str:
    return _("无数据（分母为0），不计分")


def score_indicator(item: ScoreItem, rule: IndicatorShortfall, inputs: ScoringInputs) -> Scored:
    """SCORE-3/4: points off per step of shortfall (or excess), stepped by the row's mode."""
    value = inputs.values.get(rule.reads)
    if value is None:
        return Scored(None, _no_data())
    gap = rule.target - value if rule.direction == Direction.AT_LEAST else value - rule.target
    if gap <= 0:
        return Scored(
            item.points,
            _("实际 %(value)s，达到目标 %(target)s，得满分")
            % {"value": show(value), "target": show(rule.target)},
        )
    steps = _steps(gap / rule.step, rule.step_mode)
    deduction = steps * rule.points_per_step
    score = clamp(item.points - deduction, ZERO, item.points)
    if rule.direction == Direction.AT_LEAST:
        text = _(
            "实际 %(value)s，目标 %(target)s，差 %(gap)s；%(steps)s 档 × %(per)s 分 = 扣 %(off)s 分"
        )
    else:
        text = _(
            "实际 %(value)s，目标 %(target)s，超出 %(gap)s；"
            "%(steps)s 档 × %(per)s 分 = 扣 %(off)s 分"
        )
    numbers = {
        "value": show(value),
        "target": show(rule.target),
        "gap": show(gap),
        "steps": show(steps),
        "per": show(rule.points_per_step),
        "off": show(deduction),
    }
    return Scored(score, text % numbers)


def _steps(steps: Decimal, mode: StepMode) -> Decimal:
    if mode == StepMode.FLOOR:
        return Decimal(math.floor(steps))
    if mode == StepMode.CEIL:
        return Decimal(math.ceil(steps))
    return steps


def score_findings(item: ScoreItem, rule: DeductionPerFinding, inputs: ScoringInputs) -> Scored:
    """SCORE-5/6: points per finding, capped at the row (OQ-20); "不得分" rows drop to 0."""
    if rule.per_finding is not None:
        counted = [(item.code, rule.per_finding)]
    else:
        counted = [(c.reads, c.points) for c in rule.classes]
    counts = [(_count(inputs, code), points) for code, points in counted]
    found = sum(n for n, _ in counts)
    if not found:
        return Scored(item.points, _("未发现问题，得满分"))
    if rule.zero_on_any:
        return Scored(ZERO, _("发现 %(found)s 次，该项不得分") % {"found": found})
    deduction = sum((n * points for n, points in counts), ZERO)
    score = clamp(item.points - deduction, ZERO, item.points)
    text = _("发现 %(found)s 次，扣 %(off)s 分（扣完为止）")
    return Scored(score, text % {"found": found, "off": show(deduction)})


def _count(inputs: ScoringInputs, code: str) -> int:
    count = inputs.findings.get(code, 0)
    if count < 0:
        raise RuleViolation(f"findings.{code}", "发现次数不能为负数")
    return count


def score_banded(item: ScoreItem, rule: Banded, inputs: ScoringInputs) -> Scored:
    value = inputs.values.get(rule.reads)
    if value is None:
        return Scored(None, _no_data())
    band = band_for(rule.bands, value)
    score = clamp(band.points, ZERO, item.points)
    text = _("实际 %(value)s，所在区间得 %(score)s 分")
    return Scored(score, text % {"value": show(value), "score": show(score)})


def score_proportional(item: ScoreItem, rule: Proportional, inputs: ScoringInputs) -> Scored:
    """C-23: points in proportion to completion, full at `full_at` (EX-36)."""
    value = inputs.values.get(rule.reads)
    if value is None:
        return Scored(None, _no_data())
    score = clamp(item.points * value / rule.full_at, ZERO, item.points)
    text = _("完成 %(value)s / %(full)s，按比例得 %(score)s 分")
    numbers = {"value": show(value), "full": show(rule.full_at), "score": show(score)}
    return Scored(score, text % numbers)


def score_manual(item: ScoreItem, rule: Manual, inputs: ScoringInputs) -> Scored:
    """SCORE-7: the inspector's score, which must lie within 0…row points."""
    score = inputs.manual.get(item.code)
    if score is None:
        raise RuleViolation(f"manual.{item.code}", f"人工评分项 {item.code} 尚未评分")
    _check_range(f"manual.{item.code}", score, ZERO, item.points)
    return Scored(score, _("检查人员评分 %(score)s 分") % {"score": show(score)})


def score_derived(item: ScoreItem, rule: Derived, inputs: ScoringInputs) -> Scored:
    """AGENT-2…6 rows: the hotline scoring computes the points; this row only checks the range."""
    score = inputs.values.get(rule.reads)
    if score is None:
        return Scored(None, _no_data())
    _check_range(rule.reads, score, ZERO, item.points)
    text = _("由 %(source)s 计算得 %(score)s 分")
    return Scored(score, text % {"source": rule.reads, "score": show(score)})


def score_bonus(item: ScoreItem, rule: Bonus, inputs: ScoringInputs) -> Scored:
    """SCORE-7: verified commendations, each min…max, the row's points the cap (on top)."""
    each = _occurrences(item, inputs, rule.per_occurrence_min, rule.per_occurrence_max)
    score = min(sum(each, ZERO), item.points)
    text = _("加分 %(times)s 次，共加 %(score)s 分（封顶 %(cap)s）")
    numbers = {"times": len(each), "score": show(score), "cap": show(item.points)}
    return Scored(score, text % numbers)


def score_penalty(item: ScoreItem, rule: Penalty, inputs: ScoringInputs) -> Scored:
    """SCORE-7: verified complaints or exposure, each min…max by severity, row never below 0."""
    each = _occurrences(item, inputs, rule.per_occurrence_min, rule.per_occurrence_max)
    deduction = sum(each, ZERO)
    score = clamp(item.points - deduction, ZERO, item.points)
    text = _("减分 %(times)s 次，扣 %(off)s 分（扣完为止）")
    return Scored(score, text % {"times": len(each), "off": show(deduction)})


def _occurrences(
    item: ScoreItem, inputs: ScoringInputs, low: Decimal, high: Decimal
) -> tuple[Decimal, ...]:
    each = inputs.occurrences.get(item.code, ())
    for points in each:
        _check_range(f"occurrences.{item.code}", points, low, high)
    return each


def _check_range(field_name: str, value: Decimal, low: Decimal, high: Decimal) -> None:
    if not low <= value <= high:
        raise RuleViolation(field_name, f"分值 {show(value)} 超出 {show(low)}–{show(high)}")


SCORERS: Mapping[str, Scorer] = {
    "indicator_shortfall": score_indicator,
    "deduction_per_finding": score_findings,
    "banded": score_banded,
    "proportional": score_proportional,
    "manual": score_manual,
    "derived": score_derived,
    "bonus": score_bonus,
    "penalty": score_penalty,
}


def score_item(item: ScoreItem, inputs: ScoringInputs) -> Scored:
    """Score one row: excluded rows first (SCORE-10), then the scorer of the row's kind."""
    if item.code in inputs.not_applicable:
        return Scored(None, _("不涉及，不计分"))
    return SCORERS[item.rule.kind](item, item.rule, inputs)
