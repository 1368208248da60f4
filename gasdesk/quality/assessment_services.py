"""Writes of the other assessments (SCORE-11, ASSESS-2/4/5, SURV-4): divisions, 巢湖's scores,
tier-service findings, awards and survey questionnaires.

Division scores weight the stored unit evaluations by difficulty (pack value first, else the
unit's `difficulty_coefficient`); 巢湖's annual and monthly department scores are stored as
evaluations of their own kind, so every change lands in the same `ScoreEvent` history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit
from gasdesk.org.roles import require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.quality.evaluation_services import EVALUATORS, StoredScore, store_evaluation
from gasdesk.quality.kpi.figures import Period
from gasdesk.quality.models_supervision import (
    Award,
    AwardKind,
    Evaluation,
    EvaluationKind,
    ScoreEvent,
    Survey,
    SurveyQuestion,
    TierServiceFinding,
)
from gasdesk.quality.scoring import (
    AnnualInputs,
    UnitScore,
    annual_comprehensive_score,
    division_score,
    monthly_department_score,
    staff_tier_outcome,
)
from gasdesk.quality.supervision_selectors import company_of, scorecard_table, tier_findings
from gasdesk.quality.supervision_services import INSPECTORS
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.sections.scorecard import DivisionRules

if TYPE_CHECKING:
    from gasdesk.org.models import User
    from gasdesk.standards.schema import Pack


def _check(by: User, unit: OrgUnit, roles: tuple[str, ...] = EVALUATORS) -> None:
    require_role(by, *roles)
    require_in_scope(by, unit)


def _unit_scores(division: OrgUnit, period: Period) -> list[Evaluation]:
    return list(
        Evaluation.objects.filter(
            kind=EvaluationKind.UNIT,
            org_unit__parent=division,
            period_start=period.start,
            period_end=period.end,
            published__isnull=False,
        ).select_related("org_unit")
    )


def _weights(pack: Pack, units: Sequence[Evaluation]) -> DivisionRules:
    """The pack's coefficients win; units it does not list use their own coefficient."""
    rules = (pack.scorecard.divisions if pack.scorecard else None) or DivisionRules()
    own = {e.org_unit.code: e.org_unit.difficulty_coefficient for e in units}
    return rules.model_copy(update={"difficulty_by_unit": {**own, **rules.difficulty_by_unit}})


def evaluate_division(
    by: User, division: OrgUnit, period: Period, *, now: dt.datetime, reason: str = ""
) -> Evaluation:
    """SCORE-11: Q = Σ(qᵢ × pᵢ) / Σ pᵢ × K1 over the division's evaluated units; stored, ranked."""
    _check(by, division)
    pack = pack_for_unit(division, period.start_at).pack
    units = _unit_scores(division, period)
    if not units:
        raise RuleViolation("division", f"{division} 本期没有所属单位的评价结果")
    scores = [UnitScore(e.org_unit.code, e.published) for e in units if e.published is not None]
    result = division_score(_weights(pack, units), scorecard_table(pack), scores)
    detail = [
        {"unit": w.unit, "score_rate": str(w.score_rate), "difficulty": str(w.difficulty)}
        for w in result.units
    ]
    stored = StoredScore(
        kind=EvaluationKind.DIVISION,
        inputs={"units": [e.pk for e in units]},
        result={"units": detail, "final": str(result.final), "grade": result.grade.label},
        published=result.published,
        grade=result.grade.code,
    )
    return store_evaluation(by, division, period, pack, stored, now=now, reason=reason)


def record_annual_score(
    by: User, unit: OrgUnit, year: Period, inputs: AnnualInputs, *, now: dt.datetime
) -> Evaluation:
    """ASSESS-2: 巢湖's annual comprehensive score (0–100 scale), stored like an evaluation."""
    _check(by, unit)
    pack = pack_for_unit(unit, year.start_at).pack
    rules = pack.scorecard.annual if pack.scorecard else None
    if rules is None:
        raise RuleViolation("pack", "服务标准包未配置年度综合服务质量评价")
    score = annual_comprehensive_score(rules, inputs)
    stored = StoredScore(
        kind=EvaluationKind.ANNUAL,
        inputs=_jsonable(inputs.__dict__),
        result=_jsonable(score.__dict__),
        published=score.score,
        grade="",
    )
    return store_evaluation(by, unit, year, pack, stored, now=now, reason="")


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    def one(value: Any) -> Any:
        if isinstance(value, tuple):
            return [one(v) for v in value]
        return None if value is None else str(value)

    return {k: one(v) for k, v in data.items()}


def evaluate_department_month(
    by: User, department: OrgUnit, month: Period, *, now: dt.datetime
) -> Evaluation:
    """ASSESS-4: the month's department score, less the pack's points per tier finding."""
    _check(by, department)
    pack = pack_for_unit(department, month.start_at).pack
    rules = pack.scorecard.department if pack.scorecard else None
    if rules is None:
        raise RuleViolation("pack", "服务标准包未配置部门考核")
    found = tier_findings(department, month.start, month.end).count()
    score = monthly_department_score(rules, tier_breach_findings=found)
    stored = StoredScore(
        kind=EvaluationKind.DEPARTMENT,
        inputs={"tier_breach_findings": found},
        result={"deduction": str(score.deduction), "score": str(score.score)},
        published=score.score,
        grade="",
    )
    return store_evaluation(by, department, month, pack, stored, now=now, reason="")


def record_tier_finding(
    by: User,
    department: OrgUnit,
    *,
    found_on: dt.date,
    description: str,
    staff: User | None = None,
) -> TierServiceFinding:
    """ASSESS-4: a confirmed tier-service finding; the person's outcome goes into the history."""
    _check(by, department, INSPECTORS)
    if not description.strip():
        raise RuleViolation("description", "请填写查实的事实")
    pack = pack_for_unit(department, dt.datetime.combine(found_on, dt.time(12), tzinfo=SHANGHAI))
    rules = pack.pack.scorecard.department if pack.pack.scorecard else None
    if rules is None:
        raise RuleViolation("pack", "服务标准包未配置分级服务考核")
    year = dt.date(found_on.year, 1, 1)
    with transaction.atomic():
        before = tier_findings(department, year, found_on, staff=staff).count() if staff else 0
        outcome = staff_tier_outcome(rules, findings_this_month=1, findings_before=before)
        finding = TierServiceFinding.objects.create(
            company=company_of(department),
            org_unit=department,
            staff=staff,
            found_on=found_on,
            description=description,
            points=rules.tier_breach_points,
            recorded_by=by,
        )
        ScoreEvent.objects.create(
            by=by,
            kind="tier_finding",
            reason=description,
            data={
                "finding": finding.pk,
                "points": str(rules.tier_breach_points),
                "staff": outcome.__dict__,
            },
        )
    return finding


def award_blocked(department: OrgUnit, year: int) -> bool:
    """ASSESS-4: three or more findings in the year cancel the department's annual awards."""
    pack = pack_for_unit(department, dt.datetime(year, 12, 31, 12, tzinfo=SHANGHAI)).pack
    rules = pack.scorecard.department if pack.scorecard else None
    if rules is None:
        return False
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    return tier_findings(department, start, end).count() >= rules.award_disqualify_findings


def record_award(
    by: User,
    unit: OrgUnit,
    *,
    kind: str,
    period: str,
    awarded_on: dt.date,
    person: User | None = None,
    reason: str = "",
) -> Award:
    """ASSESS-5: an award row; an annual award to a disqualified department is refused.

    The monthly service star (月度服务之星评选) is a person's award for a month (YYYY-MM);
    the team awards (优质服务班组奖, 创新团队奖) go to a unit, never to a person.
    """
    _check(by, unit)
    _check_award_shape(kind, period, person)
    if person is not None and person.org_unit_id not in _subtree_ids(unit):
        raise RuleViolation("person", "获奖人不属于该单位/班组")
    if len(period) == 4 and award_blocked(unit, int(period)):  # noqa: PLR2004  (a year: "2026")
        raise RuleViolation("org_unit", "该部门本年度分级服务检查发现三次以上，已取消评优资格")
    with transaction.atomic():
        award = Award.objects.create(
            company=company_of(unit),
            org_unit=unit,
            person=person,
            kind=kind,
            period=period,
            reason=reason,
            awarded_by=by,
            awarded_on=awarded_on,
        )
        ScoreEvent.objects.create(
            by=by, kind="award", reason=reason, data={"award": award.pk, "kind": kind}
        )
    return award


TEAM_AWARDS = frozenset({AwardKind.QUALITY_TEAM, AwardKind.INNOVATION_TEAM})


def _subtree_ids(unit: OrgUnit) -> set[int]:
    return set(OrgUnit.objects.subtree(unit).values_list("id", flat=True))


def _period_ok(period: str, monthly: bool) -> bool:
    try:
        dt.datetime.strptime(period, "%Y-%m" if monthly else "%Y")  # noqa: DTZ007 — a label
    except ValueError:
        return False
    return True


def _check_award_shape(kind: str, period: str, person: User | None) -> None:
    if kind not in AwardKind.values:
        raise RuleViolation("kind", "请选择奖项")
    if not _period_ok(period, kind == AwardKind.MONTHLY_STAR):
        expected = "YYYY-MM" if kind == AwardKind.MONTHLY_STAR else "YYYY"
        raise RuleViolation("period", f"期间格式为 {expected}")
    if kind in TEAM_AWARDS and person is not None:
        raise RuleViolation("person", "团队奖项授予班组，不填写获奖人")
    if kind not in TEAM_AWARDS and person is None:
        raise RuleViolation("person", "个人奖项须选择获奖人")


@dataclass(frozen=True)
class SurveyInput:
    """SURV-4 plan: title, method, dates, questions; `overall` (1-based) decides satisfaction."""

    title: str
    starts_on: dt.date
    ends_on: dt.date
    questions: Sequence[str]
    overall: int
    method: str = ""
    organiser: str = ""  # SURV-4 plan: who runs it (subject)
    target_customers: str = ""  # SURV-4 plan: customer types covered (object)
    sample_size: int | None = None  # planned respondents


def create_survey(by: User, unit: OrgUnit, plan: SurveyInput, *, now: dt.datetime) -> Survey:
    """SURV-4: a questionnaire of a unit; the overall question decides each response."""
    _check(by, unit, INSPECTORS)
    if not plan.title.strip() or not plan.questions:
        raise RuleViolation("questions", "请填写调查名称和问题")
    if not 1 <= plan.overall <= len(plan.questions):
        raise RuleViolation("overall", "请指定总体满意度问题")
    if plan.ends_on < plan.starts_on:
        raise RuleViolation("ends_on", "结束日期不能早于开始日期")
    if plan.sample_size is not None and plan.sample_size < 1:
        raise RuleViolation("sample_size", "计划样本量须大于0")
    with transaction.atomic():
        survey = Survey.objects.create(
            company=company_of(unit),
            org_unit=unit,
            title=plan.title,
            method=plan.method,
            organiser=plan.organiser,
            target_customers=plan.target_customers,
            sample_size=plan.sample_size,
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            created_by=by,
            created_at=now,
        )
        SurveyQuestion.objects.bulk_create(
            SurveyQuestion(survey=survey, position=i, text=text, is_overall=i == plan.overall)
            for i, text in enumerate(plan.questions, start=1)
        )
    return survey
