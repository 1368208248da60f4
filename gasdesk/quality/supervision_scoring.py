"""Pure glue between stored supervision rows and the scorer (SCORE-6, 7, 10; SURV-3).

Turns finding rows into `ScoringInputs`, inputs and results into JSON for storage, and runs
the what-if comparison. No ORM and no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gasdesk.core.errors import RuleViolation
from gasdesk.quality.scoring import (
    ChecklistResult,
    ItemChange,
    ScorecardResult,
    ScoringInputs,
    changed_items,
    score_checklist,
    score_scorecard,
)
from gasdesk.standards.sections.scorecard import (
    DeductionPerFinding,
    ItemGroup,
    ScorecardTable,
)


@dataclass(frozen=True)
class FindingInput:
    """A checklist row as the inspector fills it in: findings, or a score for manual rows."""

    item_code: str
    count: int = 0
    manual_score: Decimal | None = None
    evidence: str = ""


def checklist_codes(group: ItemGroup) -> frozenset[str]:
    """The codes an inspector may record on this checklist: row codes and finding classes."""
    codes = {item.code for item in group.items}
    for item in group.items:
        if isinstance(item.rule, DeductionPerFinding):
            codes |= {c.reads for c in item.rule.classes}
    return frozenset(codes)


def checklist_inputs(group: ItemGroup, findings: Iterable[FindingInput]) -> ScoringInputs:
    """SCORE-6/7: counts and manual scores by code; unknown codes are refused."""
    known = checklist_codes(group)
    counts: dict[str, int] = {}
    manual: dict[str, Decimal] = {}
    for finding in findings:
        if finding.item_code not in known:
            raise RuleViolation("findings", f"检查表中没有评分项 {finding.item_code}")
        if finding.count < 0:
            raise RuleViolation(f"findings.{finding.item_code}", "发现次数不能为负数")
        counts[finding.item_code] = finding.count
        if finding.manual_score is not None:
            manual[finding.item_code] = finding.manual_score
    unscored = {i.code for i in group.items if i.rule.kind == "manual"} - manual.keys()
    return ScoringInputs(findings=counts, manual=manual, not_applicable=frozenset(unscored))


def score_inspection(group: ItemGroup, findings: Iterable[FindingInput]) -> ChecklistResult:
    """An inspection's score: the checklist's rows; manual rows left blank are not applicable."""
    return score_checklist(group, checklist_inputs(group, findings))


def inputs_to_json(inputs: ScoringInputs) -> dict[str, Any]:
    return {
        "values": {k: None if v is None else str(v) for k, v in inputs.values.items()},
        "findings": dict(inputs.findings),
        "manual": {k: str(v) for k, v in inputs.manual.items()},
        "occurrences": {k: [str(p) for p in v] for k, v in inputs.occurrences.items()},
        "not_applicable": sorted(inputs.not_applicable),
    }


def _decimal(value: Any, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except ArithmeticError as exc:
        raise RuleViolation(field, "请输入数字") from exc


def inputs_from_json(data: Mapping[str, Any]) -> ScoringInputs:
    values = data.get("values", {})
    return ScoringInputs(
        values={k: None if v is None else _decimal(v, k) for k, v in values.items()},
        findings={k: int(v) for k, v in data.get("findings", {}).items()},
        manual={k: _decimal(v, k) for k, v in data.get("manual", {}).items()},
        occurrences={
            k: tuple(_decimal(p, k) for p in v) for k, v in data.get("occurrences", {}).items()
        },
        not_applicable=frozenset(data.get("not_applicable", ())),
    )


def result_to_json(result: ScorecardResult) -> dict[str, Any]:
    """What the evaluation stores: totals, grade, sections and every row with its reason."""
    return {
        "total_points": str(result.total_points),
        "actual": str(result.actual),
        "not_applicable_points": str(result.not_applicable_points),
        "final": str(result.final),
        "published": str(result.published),
        "grade": {"code": result.grade.code, "label": result.grade.label},
        "sections": [
            {"code": s.code, "title": s.title, "max": str(s.max_points), "score": str(s.score)}
            for s in result.sections
        ],
        "items": [
            {
                "code": i.code,
                "title": i.title,
                "max": str(i.max_points),
                "score": None if i.score is None else str(i.score),
                "explanation": i.explanation,
            }
            for i in result.items
        ],
    }


@dataclass(frozen=True)
class WhatIf:
    before: ScorecardResult
    after: ScorecardResult
    changes: tuple[ItemChange, ...]

    @property
    def delta(self) -> Decimal:
        return self.after.published - self.before.published


def what_if(table: ScorecardTable, before: ScoringInputs, after: ScoringInputs) -> WhatIf:
    """SCORE what-if: score both input sets and list the rows that moved (nothing is saved)."""
    first = score_scorecard(table, before)
    second = score_scorecard(table, after)
    return WhatIf(first, second, changed_items(first, second))
