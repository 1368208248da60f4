"""巢湖's evaluation models: the annual comprehensive score and the department assessment.

ASSESS-2 (000 item 28), ASSESS-3 (000 item 39: complaint deductions per quarter and year, the
points computed by the complaints app, CMP-19) and ASSESS-4 (004 五: tier-service penalties).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from gasdesk.core.errors import RuleViolation
from gasdesk.quality.scoring.numbers import ZERO, band_for, mean
from gasdesk.standards.sections.scorecard import AnnualComprehensiveRules, DepartmentAssessmentRules


@dataclass(frozen=True)
class AnnualInputs:
    """ASSESS-2 inputs on a 0–100 scale (OQ-15); the rate or the deduction, as the pack says."""

    satisfaction: Decimal
    monthly_callback_results: tuple[Decimal, ...]
    monthly_indicator_results: tuple[Decimal, ...]
    complaint_rate_percent: Decimal | None = None
    complaint_deduction: Decimal | None = None


@dataclass(frozen=True)
class AnnualScore:
    satisfaction_part: Decimal
    callback_mean: Decimal
    callback_part: Decimal
    indicator_mean: Decimal
    indicator_part: Decimal
    complaint_deduction: Decimal
    score: Decimal


def annual_comprehensive_score(
    rules: AnnualComprehensiveRules, inputs: AnnualInputs
) -> AnnualScore:
    """ASSESS-2: satisfaction × w₁ + mean callbacks × w₂ + mean indicators × w₃ − deduction."""
    for name, months in (
        ("monthly_callback_results", inputs.monthly_callback_results),
        ("monthly_indicator_results", inputs.monthly_indicator_results),
    ):
        if not months:
            raise RuleViolation(name, "缺少月度评价结果")
    callback_mean = mean(inputs.monthly_callback_results)
    indicator_mean = mean(inputs.monthly_indicator_results)
    parts = (
        inputs.satisfaction * rules.satisfaction_weight,
        callback_mean * rules.callback_weight,
        indicator_mean * rules.indicator_weight,
    )
    deduction = _complaint_deduction(rules, inputs)
    return AnnualScore(
        satisfaction_part=parts[0],
        callback_mean=callback_mean,
        callback_part=parts[1],
        indicator_mean=indicator_mean,
        indicator_part=parts[2],
        complaint_deduction=deduction,
        score=sum(parts, ZERO) - deduction,
    )


def _complaint_deduction(rules: AnnualComprehensiveRules, inputs: AnnualInputs) -> Decimal:
    """The pack's rate → deduction table when it has one, else the deduction entered (OQ-15)."""
    table = rules.complaint_rate_deductions
    if table is None:
        if inputs.complaint_deduction is None or inputs.complaint_deduction < 0:
            raise RuleViolation("complaint_deduction", "请填写年度客户投诉率对应的扣减分")
        return inputs.complaint_deduction
    if inputs.complaint_deduction is not None:
        raise RuleViolation("complaint_deduction", "扣减分由标准包的投诉率对照表确定，不能手工填写")
    if inputs.complaint_rate_percent is None:
        raise RuleViolation("complaint_rate_percent", "请填写年度客户投诉率")
    return band_for(table, inputs.complaint_rate_percent).points


@dataclass(frozen=True)
class MonthlyDepartmentScore:
    tier_breach_findings: int
    deduction: Decimal
    score: Decimal


def monthly_department_score(
    rules: DepartmentAssessmentRules, *, tier_breach_findings: int
) -> MonthlyDepartmentScore:
    """ASSESS-4: the month's score loses the pack's points per confirmed tier-service finding."""
    if tier_breach_findings < 0:
        raise RuleViolation("tier_breach_findings", "发现次数不能为负数")
    deduction = tier_breach_findings * rules.tier_breach_points
    score = max(ZERO, rules.base_points - deduction)
    return MonthlyDepartmentScore(tier_breach_findings, deduction, score)


@dataclass(frozen=True)
class PeriodAssessment:
    """A department's quarter or year: mean monthly score minus the complaint deduction."""

    months: tuple[MonthlyDepartmentScore, ...]
    monthly_mean: Decimal
    complaint_deduction: Decimal
    score: Decimal
    tier_breach_findings: int


def quarterly_assessment(
    months: Sequence[MonthlyDepartmentScore], *, complaint_deduction: Decimal
) -> PeriodAssessment:
    """ASSESS-3: the quarter's CMP-19 complaint deduction comes off the mean monthly score."""
    return _period(tuple(months), complaint_deduction)


@dataclass(frozen=True)
class AnnualAssessment:
    period: PeriodAssessment
    is_award_eligible: bool  # ASSESS-4: too many tier-service findings cancel the year's awards


def annual_assessment(
    rules: DepartmentAssessmentRules,
    quarters: Sequence[PeriodAssessment],
    *,
    year_complaint_deduction: Decimal | None = None,
) -> AnnualAssessment:
    """ASSESS-3/4: the year from its quarters; the deduction per the pack's mode (OQ-14)."""
    if rules.annual_complaint_deduction == "sum_of_quarters":
        if year_complaint_deduction is not None:
            raise RuleViolation("year_complaint_deduction", "年度扣分按各季度扣分之和计算")
        deduction = sum((q.complaint_deduction for q in quarters), ZERO)
    elif year_complaint_deduction is None:
        raise RuleViolation("year_complaint_deduction", "请填写按全年重新计算的投诉扣分")
    else:
        deduction = year_complaint_deduction
    period = _period(tuple(m for q in quarters for m in q.months), deduction)
    eligible = period.tier_breach_findings < rules.award_disqualify_findings
    return AnnualAssessment(period, eligible)


def _period(months: tuple[MonthlyDepartmentScore, ...], deduction: Decimal) -> PeriodAssessment:
    if not months:
        raise RuleViolation("months", "缺少月度考核分")
    if deduction < 0:
        raise RuleViolation("complaint_deduction", "投诉扣分不能为负数")
    monthly_mean = mean([m.score for m in months])
    findings = sum(m.tier_breach_findings for m in months)
    score = max(ZERO, monthly_mean - deduction)
    return PeriodAssessment(months, monthly_mean, deduction, score, findings)


@dataclass(frozen=True)
class StaffTierOutcome:
    """ASSESS-4 for the person concerned: warning and grade, then no award and stand-by (待岗)."""

    is_warned: bool
    month_grade: str | None
    loses_annual_award: bool
    is_stood_by: bool


def staff_tier_outcome(
    rules: DepartmentAssessmentRules, *, findings_this_month: int, findings_before: int
) -> StaffTierOutcome:
    """ASSESS-4: a first finding warns and grades the month; the cumulative count decides the rest.

    ▶ decision: every month with a finding carries the pack's grade, not only the first.
    """
    if findings_this_month < 0 or findings_before < 0:
        raise RuleViolation("findings", "发现次数不能为负数")
    cumulative = findings_before + findings_this_month
    over = cumulative >= rules.staff_standby_findings
    return StaffTierOutcome(
        is_warned=findings_before == 0 and findings_this_month > 0,
        month_grade=rules.staff_finding_grade if findings_this_month else None,
        loses_annual_award=over,
        is_stood_by=over,
    )
