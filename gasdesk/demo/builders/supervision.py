"""Demo supervision data (SURV-3/4, SCORE-6…13): inspections, a survey and unit evaluations.

Everything goes through the quality services, so the demo shows the same events and scores
that real use would. Companies whose pack has no 1000-point table get surveys only.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit, OrgUnitKind, User
from gasdesk.quality.assessment_services import SurveyInput, create_survey
from gasdesk.quality.department_assessment import AssessmentRun, assess_departments
from gasdesk.quality.evaluation_services import EvaluationEntry, evaluate_unit
from gasdesk.quality.kpi.figures import period_containing
from gasdesk.quality.models_supervision import InspectionKind
from gasdesk.quality.register_services import (
    ImprovementInput,
    record_wait_sample,
    register_improvement,
)
from gasdesk.quality.supervision_scoring import FindingInput
from gasdesk.quality.supervision_services import InspectionInput, record_inspection, record_response
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.sections.scorecard import ScorecardTable

UNITS = 5
RESPONSES = 40
WAIT_SAMPLES = 8  # per unit, over the last 30 days (KPI-8)
QUESTIONS = ["您对燃气服务总体是否满意？", "您对上门服务是否满意？", "您对热线服务是否满意？"]


def build_supervision(
    company: OrgUnit, *, inspector: User, evaluator: User, now: datetime, seed: int = 0
) -> int:
    """Inspect and evaluate up to UNITS units and run one survey; returns evaluations stored."""
    rng = random.Random(seed)
    units = list(OrgUnit.objects.subtree(company).filter(kind=OrgUnitKind.UNIT)[:UNITS])
    _survey(company, inspector, rng, now)
    pack = pack_for_unit(company, now).pack
    table = pack.scorecard.table if pack.scorecard else None
    if table is None:
        return 0
    stored = 0
    for unit in units:
        _inspect(unit, table, inspector, rng, now)
        stored += _evaluate(unit, table, evaluator, rng, now)
    _registers(company, units, inspector, evaluator, rng, now)
    return stored


def _registers(
    company: OrgUnit,
    units: list[OrgUnit],
    inspector: User,
    evaluator: User,
    rng: random.Random,
    now: datetime,
) -> None:
    """On-site waits (KPI-8), one improvement (ASSESS-6) and last quarter's department
    assessment (ASSESS-3), so those pages open with data."""
    for unit in units[:3]:
        for _ in range(WAIT_SAMPLES):
            record_wait_sample(
                inspector,
                unit,
                sampled_at=now - timedelta(days=rng.randint(1, 29), minutes=rng.randint(0, 600)),
                wait_minutes=Decimal(rng.randint(3, 35)),
                now=now,
            )
    if units:
        register_improvement(
            evaluator,
            ImprovementInput(units[0], "营业厅高峰时段增开窗口", "监督检查发现排队时间超标"),
            now=now,
        )
    year, quarter = now.year, (now.month - 1) // 3  # the last full quarter
    if quarter == 0:
        year, quarter = year - 1, 4
    try:
        run = AssessmentRun("quarter", year, quarter, subject="office")
        assess_departments(evaluator, company, run, now=now)
    except RuleViolation:
        pass  # a pack without the department assessment: nothing to show


def _inspect(
    unit: OrgUnit, table: ScorecardTable, inspector: User, rng: random.Random, now: datetime
) -> None:
    for code, kind in (
        ("hotline", InspectionKind.INSPECTION),
        ("counter", InspectionKind.MYSTERY_SHOPPER),
    ):
        rows = [i for i in table.checklist(code).items if i.rule.kind == "deduction_per_finding"]
        findings = [FindingInput(i.code, 1, evidence="演示数据") for i in rng.sample(rows, 2)]
        record_inspection(
            inspector,
            InspectionInput(unit, kind, code, now - timedelta(days=rng.randint(1, 20)), findings),
        )


def _evaluate(
    unit: OrgUnit, table: ScorecardTable, evaluator: User, rng: random.Random, now: datetime
) -> int:
    manual = {
        i.code: (i.points * Decimal(rng.randint(70, 100)) / 100).quantize(Decimal("0.1"))
        for i in table.items()
        if i.rule.kind == "manual"
    }
    period = period_containing(now.date(), "quarter")
    try:
        evaluate_unit(evaluator, unit, period, now=now, entry=EvaluationEntry(manual=manual))
    except RuleViolation:
        return 0
    return 1


def _survey(company: OrgUnit, inspector: User, rng: random.Random, now: datetime) -> None:
    today = now.date()
    plan = SurveyInput(
        "年度客户满意度调查", today - timedelta(days=30), today, QUESTIONS, 1, "电话"
    )
    survey = create_survey(inspector, company, plan, now=now)
    for n in range(RESPONSES):
        answers = {p: rng.choice((2, 3, 4, 4, 5, 5, 5)) for p in range(1, len(QUESTIONS) + 1)}
        record_response(
            inspector, survey, answers=answers, answered_at=now, respondent=f"受访客户{n + 1}"
        )
