"""Reads of supervision (SURV-3/4, SCORE-6…13, KPI-18): lists, counts and rates as aggregates.

Lists start from `visible_to(user)`; rates and finding counts are one aggregate query each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum

from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit
from gasdesk.org.roles import Role, require_role
from gasdesk.quality.kpi.figures import percent
from gasdesk.quality.models_supervision import (
    SATISFIED_LEVELS,
    Evaluation,
    Inspection,
    InspectionFinding,
    Survey,
    SurveyResponse,
    TierServiceFinding,
)
from gasdesk.standards.schema import Pack
from gasdesk.standards.sections.scorecard import ItemGroup, ScorecardTable

if TYPE_CHECKING:
    from gasdesk.org.models import User

READERS = (Role.INSPECTOR, Role.SPECIALIST, Role.MANAGER, Role.DEPT_ADMIN)


def company_of(unit: OrgUnit) -> OrgUnit:
    if unit.company is None:
        raise RuleViolation("unit", "该单位不属于任何公司")
    return unit.company


def scorecard_table(pack: Pack) -> ScorecardTable:
    table = pack.scorecard.table if pack.scorecard else None
    if table is None:
        raise RuleViolation("pack", "服务标准包未配置千分制评分表")
    return table


def checklist_for(pack: Pack, code: str) -> ItemGroup:
    """The pack's checklist (热线、营业厅、上门服务 …) an inspection is scored with (SCORE-6)."""
    try:
        return scorecard_table(pack).checklist(code)
    except KeyError as exc:
        raise RuleViolation("checklist", f"评分表中没有检查表 {code}") from exc


def inspection_list(user: User) -> QuerySet[Inspection]:
    """Inspections in the user's scope, newest first (q_insp_unit_at_idx), with names joined."""
    require_role(user, *READERS)
    return (
        Inspection.objects.visible_to(user)
        .select_related("org_unit", "person")
        .order_by("-inspected_at", "-id")
    )


def evaluation_list(user: User) -> QuerySet[Evaluation]:
    require_role(user, *READERS)
    return (
        Evaluation.objects.visible_to(user)
        .select_related("org_unit")
        .order_by("-period_start", "kind", "rank", "id")
    )


def survey_list(user: User) -> QuerySet[Any]:
    """Surveys with their answered and satisfied counts annotated (one GROUP BY)."""
    require_role(user, *READERS)
    return (
        Survey.objects.visible_to(user)
        .select_related("org_unit")
        .annotate(
            answered=Count("responses"),
            satisfied=Count("responses", filter=Q(responses__is_satisfied=True)),
        )
        .order_by("-ends_on", "-id")
    )


def finding_counts(
    unit_ids: Sequence[int], start: dt.datetime, end: dt.datetime, codes: frozenset[str]
) -> dict[str, int]:
    """SCORE-6: findings of a unit subtree's inspections in [start, end), summed per code."""
    rows: Any = (
        InspectionFinding.objects.filter(
            inspection__org_unit_id__in=unit_ids,
            inspection__inspected_at__gte=start,
            inspection__inspected_at__lt=end,
            item_code__in=codes,
        )
        .order_by()
        .values("item_code")
        .annotate(total=Sum("count"))
    )
    return {r["item_code"]: r["total"] for r in rows if r["total"]}


@dataclass(frozen=True)
class SatisfactionRate:
    satisfied: int
    answered: int

    @property
    def rate(self) -> Decimal | None:
        return percent(self.satisfied, self.answered)


def survey_satisfaction(responses: QuerySet[SurveyResponse]) -> SatisfactionRate:
    """SURV-4 / KPI-18: satisfied / answered, one aggregate (q_resp_survey_sat_idx)."""
    row = responses.aggregate(
        satisfied=Count("id", filter=Q(is_satisfied=True)), answered=Count("id")
    )
    return SatisfactionRate(row["satisfied"], row["answered"])


def response_satisfied(survey: Survey, answers: Mapping[int, int]) -> bool:
    """The overall question's answer decides; every answer must be a level of the scale."""
    positions = dict(survey.questions.values_list("position", "is_overall"))
    for position, level in answers.items():
        if position not in positions:
            raise RuleViolation("answers", f"问卷没有第 {position} 题")
        if not 1 <= level <= max(SATISFIED_LEVELS):
            raise RuleViolation(f"answers.{position}", "请选择满意程度")
    overall = next((p for p, is_overall in positions.items() if is_overall), None)
    if overall is None or overall not in answers:
        raise RuleViolation("answers", "请回答总体满意度问题")
    return answers[overall] in SATISFIED_LEVELS


def tier_findings(
    department: OrgUnit, start: dt.date, end: dt.date, *, staff: Any = None
) -> QuerySet[TierServiceFinding]:
    """ASSESS-4: a department's (or person's) findings in [start, end) (q_tierfind_unit_on_idx)."""
    found = TierServiceFinding.objects.filter(
        org_unit=department, found_on__gte=start, found_on__lt=end
    )
    return found if staff is None else found.filter(staff=staff)
