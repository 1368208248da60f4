"""Plain builders of the scoring tests: shipped evaluation sections and scoring inputs (no DB)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, cast

from gasdesk.quality.scoring import ScoringInputs
from gasdesk.standards.sections.scorecard import (
    AnnualComprehensiveRules,
    DepartmentAssessmentRules,
    DivisionRules,
    Manual,
    ScorecardRules,
    ScorecardTable,
)
from gasdesk.standards.tests.factories import shipped_pack


def scorecard_rules(company: str) -> ScorecardRules:
    section = shipped_pack(company).scorecard
    assert section is not None
    return section


def _part(company: str, name: str) -> Any:
    """One configured model of a shipped pack's scorecard section (asserted present)."""
    part = getattr(scorecard_rules(company), name)
    assert part is not None
    return part


def kunlun_table() -> ScorecardTable:
    """The 1000-point table of 001 as shipped (kunlun96602/2020)."""
    return cast(ScorecardTable, _part("kunlun96602", "table"))


def kunlun_divisions() -> DivisionRules:
    return cast(DivisionRules, _part("kunlun96602", "divisions"))


def chaohu_annual() -> AnnualComprehensiveRules:
    return cast(AnnualComprehensiveRules, _part("chaohu", "annual"))


def chaohu_department() -> DepartmentAssessmentRules:
    return cast(DepartmentAssessmentRules, _part("chaohu", "department"))


def full_marks_manual(table: ScorecardTable, skip: Iterable[str] = ()) -> dict[str, Decimal]:
    """Every manual row at its full points (the rows inspectors score by discretion)."""
    return {
        i.code: i.points
        for i in table.items()
        if isinstance(i.rule, Manual) and i.code not in set(skip)
    }


def perfect_values(table: ScorecardTable) -> dict[str, Decimal | None]:
    """Every value a row reads at its best: indicators on target, agent rows at full points."""
    values: dict[str, Decimal | None] = {}
    for item in table.items():
        rule = item.rule
        if rule.kind == "indicator_shortfall":
            values[rule.reads] = rule.target
        elif rule.kind == "derived":
            values[rule.reads] = item.points
        elif rule.kind == "proportional":
            values[rule.reads] = rule.full_at
    return values


def make_inputs(
    table: ScorecardTable,
    *,
    values: Mapping[str, Decimal | None] | None = None,
    findings: Mapping[str, int] | None = None,
    manual: Mapping[str, Decimal] | None = None,
    occurrences: Mapping[str, tuple[Decimal, ...]] | None = None,
    not_applicable: Iterable[str] = (),
) -> ScoringInputs:
    """A perfect unit (1000 points), overridden by what the test changes."""
    return ScoringInputs(
        values={**perfect_values(table), **(values or {})},
        findings=dict(findings or {}),
        manual={**full_marks_manual(table, skip=not_applicable), **(manual or {})},
        occurrences=dict(occurrences or {}),
        not_applicable=frozenset(not_applicable),
    )
