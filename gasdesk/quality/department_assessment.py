"""Quarterly and annual department assessments stored as snapshots (ASSESS-1, ASSESS-3, ASSESS-4).

`assess_departments` runs one period for every evaluated unit of a company:

1. check the evaluator's role and scope, and that the evaluating body is one the pack names
   (ASSESS-1 subjects) and the units are of the kinds it evaluates (objects);
2. count complaints per department and level for each quarter (one GROUP BY per quarter,
   complaints.selectors) and confirmed tier-service findings per department and month (one
   GROUP BY);
3. score each department with the pure functions of scoring.assessment (mean monthly score
   less the CMP-19 deduction; the year per the pack's annual mode) and store it as an
   `Evaluation` snapshot with its inputs, who ran it and when; a re-run replaces the snapshot
   and keeps the replaced one in the history (evaluation_services.store_evaluation);
4. rank the departments of the period (the same competition ranking as the scorecard).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.db import transaction
from django.db.models import Count

from gasdesk.complaints.deductions import period_deduction
from gasdesk.complaints.selectors import deduction_counts, quarter
from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit
from gasdesk.org.roles import require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.quality.evaluation_services import EVALUATORS, StoredScore, store_evaluation
from gasdesk.quality.kpi.figures import Period, period_containing
from gasdesk.quality.models_supervision import Evaluation, EvaluationKind, TierServiceFinding
from gasdesk.quality.scoring import (
    annual_assessment,
    monthly_department_score,
    quarterly_assessment,
)
from gasdesk.quality.scoring.assessment import PeriodAssessment
from gasdesk.standards.lookup import pack_for_unit

if TYPE_CHECKING:
    from gasdesk.org.models import User
    from gasdesk.standards.schema import Pack
    from gasdesk.standards.sections.complaints import ComplaintRules
    from gasdesk.standards.sections.scorecard import DepartmentAssessmentRules

CENT = Decimal("0.01")
KIND_OF = {"quarter": EvaluationKind.DEPARTMENT_QUARTER, "year": EvaluationKind.DEPARTMENT_YEAR}


@dataclass(frozen=True)
class AssessmentRun:
    """What the evaluator asks for: a quarter (1–4) or the whole year, and who evaluates."""

    period_kind: Literal["quarter", "year"]
    year: int
    quarter: int | None = None
    subject: str = ""

    def period(self) -> Period:
        if self.period_kind == "year":
            return period_containing(dt.date(self.year, 1, 1), "year")
        if self.quarter not in (1, 2, 3, 4):
            raise RuleViolation("quarter", "季度须为1–4")
        return period_containing(dt.date(self.year, 3 * self.quarter - 2, 1), "quarter")

    def quarters(self) -> tuple[int, ...]:
        return (1, 2, 3, 4) if self.period_kind == "year" else (self.quarter or 0,)


@dataclass(frozen=True)
class _Rules:
    pack: Pack
    department: DepartmentAssessmentRules
    complaints: ComplaintRules


def _rules(company: OrgUnit, period: Period) -> _Rules:
    pack = pack_for_unit(company, period.start_at).pack
    department = pack.scorecard.department if pack.scorecard else None
    if department is None or pack.complaints is None:
        raise RuleViolation("pack", "服务标准包未配置部门考核或投诉扣分规则")
    return _Rules(pack, department, pack.complaints)


def evaluated_units(pack: Pack, company: OrgUnit) -> list[OrgUnit]:
    """ASSESS-1 objects: the company's units of the kinds the pack evaluates (by path)."""
    scope = pack.scorecard.scope if pack.scorecard else None
    kinds = scope.object_kinds if scope else ("department",)
    return list(OrgUnit.objects.subtree(company).filter(kind__in=kinds).order_by("path"))


def _check_subject(pack: Pack, subject: str) -> None:
    scope = pack.scorecard.scope if pack.scorecard else None
    if scope is None:
        return
    if subject not in {s.code for s in scope.subjects}:
        raise RuleViolation("subject", "请选择标准包规定的评价主体")


def _months(period: Period) -> list[dt.date]:
    start = period.start.year * 12 + period.start.month - 1
    end = period.end.year * 12 + period.end.month - 1
    return [dt.date(i // 12, i % 12 + 1, 1) for i in range(start, end)]


def _findings_by_month(company: OrgUnit, period: Period) -> Counter[tuple[int, dt.date]]:
    """ASSESS-4 findings per (department, month): one GROUP BY (q_tierfind_unit_on_idx)."""
    rows: Any = (
        TierServiceFinding.objects.filter(
            company=company, found_on__gte=period.start, found_on__lt=period.end
        )
        .order_by()
        .values("org_unit", "found_on")
        .annotate(n=Count("id"))
    )
    found: Counter[tuple[int, dt.date]] = Counter()
    for row in rows:
        found[(row["org_unit"], row["found_on"].replace(day=1))] += row["n"]
    return found


def _quarter_of(
    rules: _Rules, unit: OrgUnit, months: list[dt.date], counts: dict[int, int], found: Any
) -> tuple[PeriodAssessment, dict[str, Any]]:
    scores = [
        monthly_department_score(rules.department, tier_breach_findings=found[(unit.pk, m)])
        for m in months
    ]
    deduction = period_deduction(rules.complaints, counts)
    result = quarterly_assessment(scores, complaint_deduction=deduction.total)
    inputs = {
        "complaints_by_level": {str(k): v for k, v in sorted(counts.items())},
        "complaint_points_by_level": {
            str(k): str(v) for k, v in sorted(deduction.points_by_level.items())
        },
        "monthly": [
            {"month": f"{m:%Y-%m}", "findings": s.tier_breach_findings, "score": str(s.score)}
            for m, s in zip(months, scores, strict=True)
        ],
    }
    return result, inputs


def _score_unit(
    rules: _Rules, unit: OrgUnit, run: AssessmentRun, counts: dict[int, dict[int, int]], found: Any
) -> StoredScore:
    quarters, inputs = [], []
    for number in run.quarters():
        months = _months(_quarter_period(run.year, number))
        assessed, detail = _quarter_of(rules, unit, months, counts.get(number, {}), found)
        quarters.append(assessed)
        inputs.append({"quarter": number, **detail})
    if run.period_kind == "year":
        yearly = annual_assessment(rules.department, quarters, **_recount(rules, counts))
        period, extra = yearly.period, {"is_award_eligible": yearly.is_award_eligible}
    else:
        period, extra = quarters[0], {}
    score = period.score.quantize(CENT, ROUND_HALF_UP)
    result = {
        "monthly_mean": str(period.monthly_mean.quantize(CENT, ROUND_HALF_UP)),
        "complaint_deduction": str(period.complaint_deduction),
        "tier_breach_findings": period.tier_breach_findings,
        "score": str(score),
        **extra,
    }
    return StoredScore(
        kind=KIND_OF[run.period_kind],
        inputs={"quarters": inputs},
        result=result,
        published=score,
        grade="",
        subject=run.subject,
    )


def _recount(rules: _Rules, counts: dict[int, dict[int, int]]) -> dict[str, Decimal]:
    """CMP-20 / OQ-14: 'recount_year' recounts the year's complaints in one deduction."""
    if rules.department.annual_complaint_deduction != "recount_year":
        return {}
    year: Counter[int] = Counter()
    for by_level in counts.values():
        year.update(by_level)
    return {"year_complaint_deduction": period_deduction(rules.complaints, dict(year)).total}


def _quarter_period(year: int, number: int) -> Period:
    return AssessmentRun("quarter", year, number).period()


def assess_departments(
    by: User, company: OrgUnit, run: AssessmentRun, *, now: dt.datetime
) -> list[Evaluation]:
    """ASSESS-3/4: store every department's quarter or year, ranked; re-runs replace."""
    require_role(by, *EVALUATORS)
    require_in_scope(by, company)
    period = run.period()
    rules = _rules(company, period)
    _check_subject(rules.pack, run.subject)
    units = evaluated_units(rules.pack, company)
    if not units:
        raise RuleViolation("company", "该公司没有被评价的部门")
    per_quarter = {n: deduction_counts(by, quarter(run.year, n)) for n in run.quarters()}
    found = _findings_by_month(company, period)
    stored = []
    with transaction.atomic():
        for unit in units:
            counts = {n: per_quarter[n].get(unit.pk, {}) for n in run.quarters()}
            score = _score_unit(rules, unit, run, counts, found)
            stored.append(store_evaluation(by, unit, period, rules.pack, score, now=now, reason=""))
    # ranks settle only after the last department is stored: read them back once
    ranked = Evaluation.objects.filter(pk__in=[e.pk for e in stored]).select_related("org_unit")
    return list(ranked.order_by("rank", "org_unit__path"))
