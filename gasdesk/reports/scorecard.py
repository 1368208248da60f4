"""The scorecard section of the monthly report (RPT-2: evaluation results and supervision).

Three tables from quality's selectors: the stored scores whose period covers the month (units,
divisions, departments: score, grade, rank), the month's inspections and mystery-shopper visits
per checklist, and the month's improvement work (ASSESS-6). Titles and headers are marked for
translation and translated when shown, so a stored snapshot reads in the reader's language.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop as N_

from gasdesk.business_calendar.periods import start_of
from gasdesk.core.errors import RuleViolation
from gasdesk.quality.models_register import ImprovementBenefit
from gasdesk.quality.models_supervision import EvaluationKind, InspectionKind
from gasdesk.quality.register_selectors import (
    evaluations_covering,
    improvements_of_month,
    inspection_summary,
)
from gasdesk.reports.tables import ReportContext, Table, cell
from gasdesk.standards.schema import Pack

CENT = Decimal("0.01")


def _grade_labels(pack: Pack) -> dict[str, str]:
    table = pack.scorecard.table if pack.scorecard else None
    return {g.code: g.label for g in table.grades} if table else {}


def evaluation_results(ctx: ReportContext, pack: Pack) -> Table:
    """Every stored score covering the month: kind, period, unit, score, grade, rank."""
    headers = [N_("评价类型"), N_("期间"), N_("被评价单位"), N_("得分"), N_("等级"), N_("排名")]
    table = Table("scorecard", N_("考核评价结果"), headers)
    try:
        rows = evaluations_covering(ctx.user, ctx.company, ctx.month)
    except RuleViolation as error:
        table.note = error.message
        return table
    grades = _grade_labels(pack)
    kinds = dict(EvaluationKind.choices)
    for e in rows:
        table.rows.append(
            [
                str(kinds.get(e.kind, e.kind)),
                f"{e.period_start:%Y-%m-%d}–{e.period_end:%Y-%m-%d}",
                e.org_unit.name,
                cell(e.published),
                grades.get(e.grade, e.grade) or None,
                e.rank,
            ]
        )
    return table


def _mean(value: Any) -> float | None:
    return None if value is None else float(Decimal(value).quantize(CENT))


def _checklist_titles(pack: Pack) -> dict[str, str]:
    table = pack.scorecard.table if pack.scorecard else None
    return {g.code: g.title for s in table.sections for g in s.groups} if table else {}


def inspection_results(ctx: ReportContext, pack: Pack) -> Table:
    """The month's inspections and mystery-shopper visits per checklist (SURV-3, SCORE-6)."""
    headers = [
        N_("类型"),
        N_("检查表"),
        N_("次数"),
        N_("平均得分"),
        N_("适用项满分"),
        N_("发现问题"),
    ]
    table = Table("inspections", N_("服务检查与神秘顾客"), headers)
    try:
        rows = inspection_summary(ctx.user, ctx.company, start_of(ctx.month), start_of(ctx.after))
    except RuleViolation as error:
        table.note = error.message
        return table
    kinds, titles = dict(InspectionKind.choices), _checklist_titles(pack)
    for r in rows:
        table.rows.append(
            [
                str(kinds.get(r["kind"], r["kind"])),
                titles.get(r["checklist"], r["checklist"]),
                r["n"],
                _mean(r["score"]),
                _mean(r["max_points"]),
                r["found"],
            ]
        )
    return table


IMPROVEMENTS_SHOWN = 50


def improvement_work(ctx: ReportContext) -> Table:
    """RPT-2 / ASSESS-6: the month's improvement and innovation work, with its step and effect."""
    headers = [N_("改进事项"), N_("实施单位"), N_("驱动因素"), N_("当前环节"), N_("取得成效")]
    table = Table("improvements", N_("改进创新"), headers)
    label = f"{ctx.month:%Y-%m}"
    try:
        rows = improvements_of_month(
            ctx.user, ctx.company, start_of(ctx.month), start_of(ctx.after), label
        )
    except RuleViolation as error:
        table.note = error.message
        return table
    benefits = dict(ImprovementBenefit.choices)
    for item in rows[:IMPROVEMENTS_SHOWN]:
        effect = "、".join(str(benefits.get(b, b)) for b in item.benefits) or None
        table.rows.append(
            [item.title, item.org_unit.name, str(item.get_driver_display()),
             str(item.get_step_display()), effect]
        )  # fmt: skip
    return table


def scorecard_sections(ctx: ReportContext, pack: Pack) -> list[Table]:
    return [evaluation_results(ctx, pack), inspection_results(ctx, pack), improvement_work(ctx)]
