"""Pure scoring (SCORE-1…13, ASSESS-2…4): the 1000-point table, divisions, 巢湖's assessments.

No ORM and no clock: callers pass the pack section and plain values, and get dataclasses back.
"""

from gasdesk.quality.scoring.assessment import (
    AnnualAssessment,
    AnnualInputs,
    AnnualScore,
    MonthlyDepartmentScore,
    PeriodAssessment,
    StaffTierOutcome,
    annual_assessment,
    annual_comprehensive_score,
    monthly_department_score,
    quarterly_assessment,
    staff_tier_outcome,
)
from gasdesk.quality.scoring.card import (
    Grade,
    ItemChange,
    ItemScore,
    ScorecardResult,
    SectionScore,
    changed_items,
    finding_codes,
    grade_for,
    normalise,
    read_codes,
    score_scorecard,
)
from gasdesk.quality.scoring.checklists import ChecklistResult, score_checklist
from gasdesk.quality.scoring.checks import checks_missing
from gasdesk.quality.scoring.divisions import (
    DivisionScore,
    Ranked,
    UnitScore,
    division_score,
    rank,
)
from gasdesk.quality.scoring.items import ScoringInputs

__all__ = [
    "AnnualAssessment",
    "AnnualInputs",
    "AnnualScore",
    "ChecklistResult",
    "DivisionScore",
    "Grade",
    "ItemChange",
    "ItemScore",
    "MonthlyDepartmentScore",
    "PeriodAssessment",
    "Ranked",
    "ScorecardResult",
    "ScoringInputs",
    "SectionScore",
    "StaffTierOutcome",
    "UnitScore",
    "annual_assessment",
    "annual_comprehensive_score",
    "changed_items",
    "checks_missing",
    "division_score",
    "grade_for",
    "monthly_department_score",
    "normalise",
    "quarterly_assessment",
    "rank",
    "score_checklist",
    "finding_codes",
    "read_codes",
    "score_scorecard",
    "staff_tier_outcome",
]
