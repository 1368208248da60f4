"""The whole 1000-point table: rows, section subtotals, normalisation and grade (SCORE-1, 10, 12).

Steps of `score_scorecard`:
1. reject input codes the table does not know (a typo must not silently score full points);
2. score every row by its kind (items.py); rows excluded or without data are not applicable;
3. K2 = the scored rows plus the bonus rows, K3 = the points of the not-applicable rows;
4. K = K2 × K1 / (K1 − K3) (formula (1)), capped at K1 when the pack says so (OQ-21);
5. publish K rounded half-up and grade the published value (half-open bands).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gasdesk.core.errors import RuleViolation
from gasdesk.quality.scoring.items import ScoringInputs, score_item
from gasdesk.quality.scoring.numbers import ZERO, band_for, round_half_up
from gasdesk.standards.sections.scorecard import (
    DeductionPerFinding,
    GradeBand,
    ScorecardTable,
    ScoreItem,
)


@dataclass(frozen=True)
class ItemScore:
    code: str
    title: str
    section: str
    group: str
    max_points: Decimal
    is_bonus: bool
    score: Decimal | None  # None: not applicable
    explanation: str

    @property
    def is_applicable(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class SectionScore:
    code: str
    title: str
    max_points: Decimal
    not_applicable_points: Decimal
    score: Decimal  # scored rows plus bonus rows of the section


@dataclass(frozen=True)
class Grade:
    code: str
    label: str


@dataclass(frozen=True)
class ScorecardResult:
    items: tuple[ItemScore, ...]
    sections: tuple[SectionScore, ...]
    total_points: Decimal  # K1
    actual: Decimal  # K2
    not_applicable_points: Decimal  # K3
    final: Decimal  # K, unrounded
    published: Decimal  # K rounded half-up; the grade and rankings use this
    grade: Grade

    def item(self, code: str) -> ItemScore:
        (found,) = [i for i in self.items if i.code == code]
        return found


def score_scorecard(table: ScorecardTable, inputs: ScoringInputs) -> ScorecardResult:
    """SCORE-1…10, 12: score a unit's table (see the module docstring for the steps)."""
    _check_codes(table, inputs)
    items = tuple(_item_score(table, item, inputs) for item in table.items())
    not_applicable = sum((i.max_points for i in items if not i.is_applicable), ZERO)
    actual = sum((i.score for i in items if i.score is not None), ZERO)
    final = normalise(actual, total=table.total_points, not_applicable=not_applicable)
    if table.cap_at_total:
        final = min(final, table.total_points)
    published = round_half_up(final, table.publish_decimals)
    return ScorecardResult(
        items=items,
        sections=_sections(table, items),
        total_points=table.total_points,
        actual=actual,
        not_applicable_points=not_applicable,
        final=final,
        published=published,
        grade=grade_for(table.grades, published),
    )


@dataclass(frozen=True)
class ItemChange:
    code: str
    before: Decimal | None
    after: Decimal | None


def changed_items(before: ScorecardResult, after: ScorecardResult) -> tuple[ItemChange, ...]:
    """What-if view: the rows whose score moved between two runs of the same table."""
    pairs = zip(before.items, after.items, strict=True)
    return tuple(ItemChange(a.code, a.score, b.score) for a, b in pairs if a.score != b.score)


def normalise(actual: Decimal, *, total: Decimal, not_applicable: Decimal) -> Decimal:
    """SCORE-10 formula (1): K = K2 × K1 / (K1 − K3)."""
    scored = total - not_applicable
    if scored <= 0:
        raise RuleViolation("not_applicable", "所有评分项均不涉及，无法折算得分")
    return actual * total / scored


def grade_for(grades: tuple[GradeBand, ...], published: Decimal) -> Grade:
    """SCORE-12: the grade whose half-open band holds the published score."""
    band = band_for(grades, published)
    return Grade(band.code, band.label)


def _item_score(table: ScorecardTable, item: ScoreItem, inputs: ScoringInputs) -> ItemScore:
    section, group = _place(table, item.code)
    scored = score_item(item, inputs)
    return ItemScore(
        code=item.code,
        title=item.title,
        section=section,
        group=group,
        max_points=ZERO if item.is_bonus else item.points,
        is_bonus=item.is_bonus,
        score=scored.score,
        explanation=scored.explanation,
    )


def _place(table: ScorecardTable, code: str) -> tuple[str, str]:
    for section in table.sections:
        for group in section.groups:
            if any(i.code == code for i in group.items):
                return section.code, group.code
    raise KeyError(code)


def _sections(table: ScorecardTable, items: tuple[ItemScore, ...]) -> tuple[SectionScore, ...]:
    return tuple(_section(s.code, s.title, s.points, items) for s in table.sections)


def _section(code: str, title: str, points: Decimal, items: tuple[ItemScore, ...]) -> SectionScore:
    own = [i for i in items if i.section == code]
    return SectionScore(
        code=code,
        title=title,
        max_points=points,
        not_applicable_points=sum((i.max_points for i in own if not i.is_applicable), ZERO),
        score=sum((i.score for i in own if i.score is not None), ZERO),
    )


def read_codes(table: ScorecardTable) -> frozenset[str]:
    """The value codes the table reads (kpi.*, agent.*, counter.*): what the KPI module supplies."""
    return frozenset(
        code
        for item in table.items()
        for code in [getattr(item.rule, "reads", None)]
        if isinstance(code, str)
    )


def finding_codes(table: ScorecardTable) -> frozenset[str]:
    """The codes findings are counted under: per-finding rows by row code, else by class."""
    codes: set[str] = set()
    for item in table.items():
        if isinstance(item.rule, DeductionPerFinding):
            codes |= {c.reads for c in item.rule.classes} or {item.code}
    return frozenset(codes)


def _check_codes(table: ScorecardTable, inputs: ScoringInputs) -> None:
    """Unknown codes are refused, so that a typo cannot exclude a row or score it in full.

    Values are not checked: the KPI module may hand over every figure it computed.
    """
    rows = {i.code for i in table.items()}
    for field_name, codes, known in (
        ("not_applicable", inputs.not_applicable, rows),
        ("manual", inputs.manual.keys(), rows),
        ("occurrences", inputs.occurrences.keys(), rows),
        ("findings", inputs.findings.keys(), finding_codes(table)),
    ):
        unknown = sorted(set(codes) - known)
        if unknown:
            raise RuleViolation(field_name, f"评分表中没有这些评分项：{', '.join(unknown)}")
