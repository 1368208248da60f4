"""ASSESS-2…4: 巢湖's annual comprehensive score and department assessment (EX-46, EX-01)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gasdesk.core.errors import RuleViolation
from gasdesk.quality.scoring import (
    AnnualInputs,
    annual_assessment,
    annual_comprehensive_score,
    monthly_department_score,
    quarterly_assessment,
    staff_tier_outcome,
)
from gasdesk.quality.tests.scoring_factories import chaohu_annual, chaohu_department
from gasdesk.standards.sections.scorecard import Band

D = Decimal
EX_46_CALLBACKS = tuple(D(v) for v in (86, 87, 88, 89, 90, 88, 87, 89, 88, 88, 87, 89))
EX_46_INDICATORS = (D(94), D(96))


def _ex_46(**overrides: object) -> AnnualInputs:
    fields: dict[str, object] = {
        "satisfaction": D(92),
        "monthly_callback_results": EX_46_CALLBACKS,
        "monthly_indicator_results": EX_46_INDICATORS,
        "complaint_deduction": D("1.5"),
    }
    return AnnualInputs(**{**fields, **overrides})  # type: ignore[arg-type]


def test_assess_2_ex_46_annual_comprehensive_score() -> None:
    """ASSESS-2 EX-46: 92 × 0.5 + 88 × 0.3 + 95 × 0.2 − 1.5 = 46 + 26.4 + 19 − 1.5 = 89.9."""
    result = annual_comprehensive_score(chaohu_annual(), _ex_46())
    assert (result.satisfaction_part, result.callback_mean, result.callback_part) == (
        D(46),
        D(88),
        D("26.4"),
    )
    assert (result.indicator_mean, result.indicator_part) == (D(95), D(19))
    assert result.score == D("89.9")


def test_assess_2_without_a_table_the_deduction_must_be_entered() -> None:
    """OQ-15: 000 gives no rate → deduction table, so the shipped pack asks for the number."""
    with pytest.raises(RuleViolation) as excinfo:
        annual_comprehensive_score(chaohu_annual(), _ex_46(complaint_deduction=None))
    assert excinfo.value.field == "complaint_deduction"


def test_assess_2_a_pack_table_sets_the_deduction_from_the_rate() -> None:
    """ASSESS-2: with a rate table in the pack, a 0.8 % complaint rate costs that band's 1.5."""
    rules = chaohu_annual().model_copy(
        update={
            "complaint_rate_deductions": (
                Band(high=D("0.5"), points=D(0)),
                Band(low=D("0.5"), high=D(1), points=D("1.5")),
                Band(low=D(1), points=D(3)),
            )
        }
    )
    inputs = _ex_46(complaint_deduction=None, complaint_rate_percent=D("0.8"))
    assert annual_comprehensive_score(rules, inputs).score == D("89.9")
    with pytest.raises(RuleViolation):
        annual_comprehensive_score(rules, _ex_46())


def test_assess_2_monthly_results_are_required() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        annual_comprehensive_score(chaohu_annual(), _ex_46(monthly_callback_results=()))
    assert excinfo.value.field == "monthly_callback_results"


def test_assess_4_each_tier_finding_costs_the_department_5_points() -> None:
    """ASSESS-4 (004 五): 发现一次扣部门当月考核分5分 — two findings: 100 − 10 = 90."""
    month = monthly_department_score(chaohu_department(), tier_breach_findings=2)
    assert (month.deduction, month.score) == (D(10), D(90))
    assert monthly_department_score(chaohu_department(), tier_breach_findings=0).score == 100


def test_assess_3_ex_01_quarter_loses_its_complaint_deduction() -> None:
    """ASSESS-3 / CMP-19 EX-01: months 100, 90, 95 (mean 95) − 7.30 complaint points = 87.70."""
    rules = chaohu_department()
    months = [monthly_department_score(rules, tier_breach_findings=n) for n in (0, 2, 1)]
    quarter = quarterly_assessment(months, complaint_deduction=D("7.30"))
    assert (quarter.monthly_mean, quarter.score, quarter.tier_breach_findings) == (
        D(95),
        D("87.70"),
        3,
    )


def test_assess_3_oq_14_year_sums_the_quarters_deductions() -> None:
    """ASSESS-3 / OQ-14: the year loses the sum of the quarters' deductions (7.30 + 0.40)."""
    rules = chaohu_department()
    full = [monthly_department_score(rules, tier_breach_findings=0)] * 3
    quarters = [
        quarterly_assessment(full, complaint_deduction=D("7.30")),
        quarterly_assessment(full, complaint_deduction=D("0.40")),
        quarterly_assessment(full, complaint_deduction=D(0)),
        quarterly_assessment(full, complaint_deduction=D(0)),
    ]
    year = annual_assessment(rules, quarters)
    assert (year.period.complaint_deduction, year.period.score) == (D("7.70"), D("92.30"))
    with pytest.raises(RuleViolation):
        annual_assessment(rules, quarters, year_complaint_deduction=D(1))


@pytest.mark.parametrize(("findings", "eligible"), [(2, True), (3, False)])
def test_assess_4_three_tier_findings_a_year_cancel_the_award(
    findings: int, eligible: bool
) -> None:
    """ASSESS-4 (004 五): 三次以上 (3 inclusive) 取消该部门年度评优资格."""
    rules = chaohu_department()
    months = [monthly_department_score(rules, tier_breach_findings=0)] * 11 + [
        monthly_department_score(rules, tier_breach_findings=findings)
    ]
    quarters = [
        quarterly_assessment(months[i : i + 3], complaint_deduction=D(0)) for i in (0, 3, 6, 9)
    ]
    assert annual_assessment(rules, quarters).is_award_eligible is eligible


def test_assess_4_staff_first_finding_warns_and_grades_c() -> None:
    """ASSESS-4 (004 五): first time a warning and the month's grade C."""
    outcome = staff_tier_outcome(chaohu_department(), findings_this_month=1, findings_before=0)
    assert (outcome.is_warned, outcome.month_grade) == (True, "C")
    assert (outcome.loses_annual_award, outcome.is_stood_by) == (False, False)


def test_assess_4_staff_third_finding_loses_award_and_stands_by() -> None:
    """ASSESS-4 (004 五): 累计三次以上年度不评优，做待岗处置."""
    outcome = staff_tier_outcome(chaohu_department(), findings_this_month=1, findings_before=2)
    assert (outcome.is_warned, outcome.loses_annual_award, outcome.is_stood_by) == (
        False,
        True,
        True,
    )
    clean = staff_tier_outcome(chaohu_department(), findings_this_month=0, findings_before=2)
    assert (clean.month_grade, clean.loses_annual_award) == (None, False)
