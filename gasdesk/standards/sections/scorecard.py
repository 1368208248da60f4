"""Evaluation rules (SCORE-1…13, ASSESS-2…4): the 1000-point table, weights, grades, assessments.

Only shapes live here; the numbers are in the packs and the arithmetic in quality/scoring/.
Rule kinds are a discriminated union on `kind`, bands are explicit half-open intervals.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from gasdesk.standards.schema_base import Frozen
from gasdesk.standards.sections.assessment import (
    AssessmentScope,
    DisciplineRules,
    SupervisionRules,
)

ItemCode = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*-[A-Z0-9]+$")]
InputCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")]
SnakeCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Points = Annotated[Decimal, Field(ge=0)]
PositivePoints = Annotated[Decimal, Field(gt=0)]


class StepMode(StrEnum):
    """SCORE-4: how "N points per X short" counts a partial step."""

    LINEAR = "linear"  # pro rata
    FLOOR = "floor"  # whole steps only
    CEIL = "ceil"  # each started step


class Direction(StrEnum):
    AT_LEAST = "at_least"  # a rate that must reach the target (shortfall = target − value)
    AT_MOST = "at_most"  # a rate or time that must not exceed it (excess = value − target)


class Interval(Frozen):
    """A half-open interval of an input value: [low, high) when closed="left", (low, high] else."""

    low: Decimal | None = None  # None: unbounded below
    high: Decimal | None = None  # None: unbounded above
    closed: Literal["left", "right"] = "left"

    def contains(self, value: Decimal) -> bool:
        if self.closed == "left":
            return (self.low is None or value >= self.low) and (
                self.high is None or value < self.high
            )
        return (self.low is None or value > self.low) and (self.high is None or value <= self.high)


class Band(Interval):
    """An interval worth `points` (a score, or a deduction where the caller says so)."""

    points: Decimal


def _check_bands(bands: Sequence[Interval], what: str) -> None:
    """Bands must tile the whole line in order, so every value falls in exactly one (CF-12)."""
    if not bands or bands[0].low is not None or bands[-1].high is not None:
        raise ValueError(f"{what}: bands must start and end unbounded (low/high omitted)")
    for before, after in zip(bands, bands[1:], strict=False):
        if before.high is None or before.high != after.low or before.closed != after.closed:
            raise ValueError(f"{what}: band ending {before.high} must meet the next band exactly")


class IndicatorShortfall(Frozen):
    """SCORE-3/4: "target 99 %, 5 points off per 1 % short"; at or better than target: full."""

    kind: Literal["indicator_shortfall"]
    reads: InputCode  # the KPI the row scores
    direction: Direction = Direction.AT_LEAST
    target: Decimal
    step: PositivePoints  # size of one step in the KPI's unit (1 percentage point, 5 minutes)
    points_per_step: PositivePoints
    step_mode: StepMode = StepMode.LINEAR


class FindingClass(Frozen):
    """Findings counted under their own input code, each costing `points` (M-09 by band)."""

    reads: InputCode
    points: PositivePoints


class DeductionPerFinding(Frozen):
    """SCORE-5/6: points off per finding, capped at the row (OQ-20); `zero_on_any`: "不得分"."""

    kind: Literal["deduction_per_finding"]
    per_finding: PositivePoints | None = None  # findings recorded under the row's own code
    classes: tuple[FindingClass, ...] = ()
    zero_on_any: bool = False

    @model_validator(mode="after")
    def _one_way_of_counting(self) -> DeductionPerFinding:
        if (self.per_finding is None) == (not self.classes):
            raise ValueError("give exactly one of per_finding or classes")
        return self


class Banded(Frozen):
    """Points by the band the input falls in."""

    kind: Literal["banded"]
    reads: InputCode
    bands: tuple[Band, ...]

    @model_validator(mode="after")
    def _tiled(self) -> Banded:
        _check_bands(self.bands, "banded")
        return self


class Proportional(Frozen):
    """C-23: points × min(1, value / full_at) ("按照完成得比例线性得分")."""

    kind: Literal["proportional"]
    reads: InputCode
    full_at: PositivePoints


class Manual(Frozen):
    """SCORE-7: scored 0…row points by the inspector with a written reason (酌情打分)."""

    kind: Literal["manual"]


class Derived(Frozen):
    """A row whose score another module computes from its own pack section (AGENT-2…6)."""

    kind: Literal["derived"]
    reads: InputCode


class _PerOccurrence(Frozen):
    per_occurrence_min: PositivePoints
    per_occurrence_max: PositivePoints

    @model_validator(mode="after")
    def _ordered(self) -> _PerOccurrence:
        if self.per_occurrence_min > self.per_occurrence_max:
            raise ValueError("per_occurrence_min must not exceed per_occurrence_max")
        return self


class Bonus(_PerOccurrence):
    """SCORE-7: +min…max per verified commendation; the row's points are the cap, on top (OQ-21)."""

    kind: Literal["bonus"]


class Penalty(_PerOccurrence):
    """SCORE-7: −min…max per verified complaint or exposure, by severity, row never below 0."""

    kind: Literal["penalty"]


ItemRule = Annotated[
    IndicatorShortfall
    | DeductionPerFinding
    | Banded
    | Proportional
    | Manual
    | Derived
    | Bonus
    | Penalty,
    Field(discriminator="kind"),
]


class ScoreItem(Frozen):
    """One row of the table; bonus rows do not count in the section's points."""

    code: ItemCode
    title: str
    points: Points
    rule: ItemRule
    source: str = ""

    @property
    def is_bonus(self) -> bool:
        return self.rule.kind == "bonus"


class ItemGroup(Frozen):
    """A checklist or indicator class (热线服务, 营业厅, 上门服务 …): what inspectors fill in."""

    code: SnakeCode
    title: str
    items: tuple[ScoreItem, ...]


class ScoreSection(Frozen):
    """SCORE-1: a section of the base score (服务管理 500, 测评指标 300 …)."""

    code: SnakeCode
    title: str
    points: PositivePoints
    groups: tuple[ItemGroup, ...]
    source: str = ""

    @model_validator(mode="after")
    def _rows_add_up(self) -> ScoreSection:
        rows = sum((i.points for g in self.groups for i in g.items if not i.is_bonus), Decimal(0))
        if rows != self.points:
            raise ValueError(f"section {self.code}: rows add up to {rows}, not {self.points}")
        return self


class GradeBand(Interval):
    """SCORE-12: a grade as an interval of the published score."""

    code: SnakeCode
    label: str


class ScorecardTable(Frozen):
    """SCORE-1, 10, 12: the whole table, its normalisation and grades."""

    total_points: PositivePoints  # K1
    sections: tuple[ScoreSection, ...]
    grades: tuple[GradeBand, ...]
    publish_decimals: int = Field(default=2, ge=0, le=4)  # SCORE-10: half-up
    cap_at_total: bool = True  # OQ-21: bonus on top, final score capped at K1
    source: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> ScorecardTable:
        sections = sum((s.points for s in self.sections), Decimal(0))
        if sections != self.total_points:
            raise ValueError(f"sections add up to {sections}, not {self.total_points}")
        for what, codes in (
            ("item", [i.code for i in self.items()]),
            ("group", [g.code for s in self.sections for g in s.groups]),
            ("section", [s.code for s in self.sections]),
        ):
            dupes = sorted({c for c in codes if codes.count(c) > 1})
            if dupes:
                raise ValueError(f"duplicate {what} codes {dupes}")
        _check_bands(self.grades, "grades")
        return self

    def items(self) -> tuple[ScoreItem, ...]:
        return tuple(i for s in self.sections for g in s.groups for i in g.items)

    def checklist(self, code: str) -> ItemGroup:
        """The group inspectors fill in (SCORE-6), e.g. `hotline`."""
        for section in self.sections:
            for group in section.groups:
                if group.code == code:
                    return group
        raise KeyError(code)


class RankingRule(StrEnum):
    COMPETITION = "competition"  # ties share a rank, the next rank is skipped (1, 2, 2, 4)
    DENSE = "dense"  # ties share a rank, no gap (1, 2, 2, 3)


class DivisionRules(Frozen):
    """SCORE-11: units' difficulty coefficients (所属单位管理难度系数) weight the division score."""

    difficulty_by_unit: dict[str, PositivePoints] = {}  # unit code -> coefficient p
    default_difficulty: PositivePoints = Decimal(1)
    ranking: RankingRule = RankingRule.COMPETITION
    source: str = ""


class AnnualComprehensiveRules(Frozen):
    """ASSESS-2: satisfaction, mean monthly callbacks and indicators, minus a complaint term."""

    satisfaction_weight: Annotated[Decimal, Field(ge=0, le=1)]
    callback_weight: Annotated[Decimal, Field(ge=0, le=1)]
    indicator_weight: Annotated[Decimal, Field(ge=0, le=1)]
    # OQ-15: the rate → deduction table is not in the handbook; without one the caller supplies
    # the deduction. Bands on the annual complaint rate in percent; points = the deduction.
    complaint_rate_deductions: tuple[Band, ...] | None = None
    source: str = ""

    @model_validator(mode="after")
    def _weights_and_table(self) -> AnnualComprehensiveRules:
        weights = self.satisfaction_weight + self.callback_weight + self.indicator_weight
        if weights != 1:
            raise ValueError(f"weights add up to {weights}, not 1")
        if self.complaint_rate_deductions is not None:
            _check_bands(self.complaint_rate_deductions, "complaint_rate_deductions")
        return self


class DepartmentAssessmentRules(Frozen):
    """ASSESS-3/4: monthly department score, tier-service penalties, quarterly/annual roll-up."""

    base_points: PositivePoints  # the monthly department score before deductions
    tier_breach_points: PositivePoints  # per confirmed finding, off the month's score
    award_disqualify_findings: int = Field(ge=1)  # findings in a year that cancel awards
    staff_finding_grade: str = Field(min_length=1)  # the month's grade of the person
    staff_standby_findings: int = Field(ge=1)  # cumulative findings: no award, stand-by (待岗)
    annual_complaint_deduction: Literal["sum_of_quarters", "recount_year"] = "sum_of_quarters"
    source: str = ""


class CheckFrequency(Frozen):
    """SCORE-9: the minimum number of supervision checks a year at each level."""

    division_checks_per_year: int = Field(ge=1)  # the company checks each division
    unit_checks_per_year: int = Field(ge=1)  # each division checks each unit
    source: str = ""


class ScorecardRules(Frozen):
    """A company's evaluation models side by side (CF-10): each part is optional."""

    table: ScorecardTable | None = None  # SCORE-1…10, 12
    divisions: DivisionRules | None = None  # SCORE-11
    checks: CheckFrequency | None = None  # SCORE-9
    annual: AnnualComprehensiveRules | None = None  # ASSESS-2
    department: DepartmentAssessmentRules | None = None  # ASSESS-3/4
    scope: AssessmentScope | None = None  # ASSESS-1
    supervision: SupervisionRules | None = None  # SURV-1/2/5/8
    discipline: DisciplineRules | None = None  # ASSESS-7
    source: str = ""
