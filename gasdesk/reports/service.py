"""Complaint, callback and KPI sections of the monthly report (RPT-2, RPT-3, RPT-4).

Complaints by level with hot spots (CMP-21/23), callback satisfaction by business type (CB-9),
every KPI against its target and the per-tier targets (KPI-1…20), and the complaint and
satisfaction trends (one GROUP BY month each). Reads only the owning apps' selectors.
"""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_noop as N_

from gasdesk.business_calendar.periods import SHANGHAI, start_of
from gasdesk.callbacks.models import Satisfaction
from gasdesk.callbacks.selectors import ANSWERED_STATUSES, satisfaction_by_group, visible_tasks
from gasdesk.complaints.models import Complaint
from gasdesk.complaints.selectors import (
    HOT_SPOT_DIMENSIONS,
    Period,
    complaint_metrics,
    hot_spots,
    visible_complaints,
)
from gasdesk.core.errors import RuleViolation
from gasdesk.customers.choices import AREA_CHOICES
from gasdesk.org.scoping import in_scope
from gasdesk.quality.kpi.figures import Figure
from gasdesk.quality.kpi.figures import Period as KpiPeriod
from gasdesk.quality.kpi.scope import KpiScope
from gasdesk.quality.kpi.selectors import kpi_scope, kpi_table, kpi_tier_table
from gasdesk.reports.tables import (
    ReportContext,
    Table,
    cell,
    month_key,
    percent,
)
from gasdesk.standards.schema import Pack
from gasdesk.standards.schema_base import TIER_LABELS

DIMENSION_LABELS = {
    "cause": N_("投诉原因"),
    "business_type": N_("业务类型"),
    "area": N_("区域"),
    "unit": N_("责任单位"),
}
HOT_SPOT_TOP = 5


def _period(ctx: ReportContext) -> Period:
    return Period.of_dates(ctx.month, ctx.after)


def _month_complaints(ctx: ReportContext) -> QuerySet[Complaint]:
    return visible_complaints(ctx.user).filter(
        company=ctx.company,
        received_at__gte=start_of(ctx.month),
        received_at__lt=start_of(ctx.after),
    )


def complaints_by_level(ctx: ReportContext) -> Table:
    """CMP-21 per level: count, closed in time, satisfied — one GROUP BY level."""
    rows = (
        _month_complaints(ctx)
        .order_by()
        .values("level")
        .annotate(
            n=Count("id"),
            on_time=Count("id", filter=Q(closed_at__lte=F("closure_due_at"))),
            closed=Count("id", filter=Q(closed_at__isnull=False)),
            satisfied=Count("id", filter=Q(is_satisfied=True)),
            answered=Count("id", filter=Q(is_satisfied__isnull=False)),
        )
        .order_by(F("level").asc(nulls_last=True))
    )
    headers = [
        N_("级别"),
        N_("投诉数"),
        N_("已办结"),
        N_("按时办结"),
        N_("办结及时率%"),
        N_("满意率%"),
    ]
    table = Table("complaint_levels", N_("投诉（按级别）"), headers)
    for r in rows:
        level = f"{r['level']}级" if r["level"] else N_("未定级")
        timely = percent(r["on_time"], r["closed"])
        table.rows.append(
            [
                level,
                r["n"],
                r["closed"],
                r["on_time"],
                timely,
                percent(r["satisfied"], r["answered"]),
            ]
        )
    return table


def complaint_totals(ctx: ReportContext) -> Table:
    """CMP-21 for the whole month through complaints.selectors.complaint_metrics."""
    m = complaint_metrics(ctx.user, _period(ctx))
    table = Table(
        "complaint_totals",
        N_("投诉总体"),
        [N_("投诉数"), N_("已办结"), N_("按时办结"), N_("办结及时率%"), N_("满意率%")],
    )
    table.rows = [
        [
            m.count,
            m.closed,
            m.closed_on_time,
            percent(m.closed_on_time, m.closed),
            percent(m.satisfied, m.answered_satisfaction),
        ]
    ]
    return table


def _spot_names(pack: Pack) -> dict[str, dict[str, str]]:
    """Code → Chinese name for the dimensions stored as pack codes."""
    causes = pack.complaints.causes if pack.complaints is not None else ()
    return {
        "cause": {c.code: c.name for c in causes},
        "business_type": {b.code: b.name for b in pack.business_types},
        "area": {code: str(label) for code, label in AREA_CHOICES},
    }


def complaint_hot_spots(ctx: ReportContext, pack: Pack) -> Table:
    """RPT-3 / CMP-23: the top causes, business types, areas and units against last month."""
    table = Table(
        "hot_spots", N_("投诉热点"), [N_("维度"), N_("热点"), N_("本月"), N_("上月"), N_("变化")]
    )
    names = _spot_names(pack)
    for dimension in HOT_SPOT_DIMENSIONS:
        label = DIMENSION_LABELS.get(dimension, dimension)
        for spot in hot_spots(ctx.user, _period(ctx), dimension, HOT_SPOT_TOP):
            key = names.get(dimension, {}).get(spot.key, spot.key)
            table.rows.append([label, key, spot.count, spot.previous, spot.change])
    return table


def callback_satisfaction(ctx: ReportContext, pack: Pack) -> Table:
    """RPT-2/RPT-4: callback satisfaction by business type (CB-9), one aggregate."""
    last = ctx.after.fromordinal(ctx.after.toordinal() - 1)
    rows = satisfaction_by_group(ctx.user, ctx.month, last, by="business_type")
    names = {b.code: b.name for b in pack.business_types}
    table = Table(
        "satisfaction",
        N_("回访满意度（按业务类型）"),
        [N_("业务类型"), N_("回访数"), N_("满意"), N_("满意率%")],
    )
    for r in rows:
        name = names.get(r["business_type"], r["business_type"])
        table.rows.append(
            [name, r["answered"], r["satisfied"], percent(r["satisfied"], r["answered"])]
        )
    return table


def _target_text(figure: Figure) -> str:
    return "" if figure.target is None else f"{figure.target.op} {figure.target.value}"


def _verdict(passed: bool | None) -> str:
    if passed is None:
        return "—"
    return N_("达标") if passed else N_("未达标")


def _kpi_scope(ctx: ReportContext) -> KpiScope:
    unit_id = ctx.company.pk if in_scope(ctx.user, ctx.company) else None
    period = KpiPeriod("month", ctx.month, ctx.after)
    return kpi_scope(ctx.user, unit_id=unit_id, period=period, now=ctx.now)


def kpi_sections(ctx: ReportContext) -> tuple[Table, Table]:
    """Every KPI against its target, and each tier against its tier target (KPI-20)."""
    headers = [
        N_("编号"),
        N_("指标"),
        N_("分子"),
        N_("分母"),
        N_("实际值"),
        N_("单位"),
        N_("目标"),
        N_("结论"),
    ]
    table = Table("kpis", N_("服务绩效指标"), headers)
    tiers = Table("tier_kpis", N_("分级服务指标"), [N_("指标")])
    try:
        scope = _kpi_scope(ctx)
        figures, tier_rows = kpi_table(scope), kpi_tier_table(scope)
    except RuleViolation as error:
        table.note = tiers.note = error.message
        return table, tiers
    for f in figures:
        value = cell(f.value) if f.available else N_("未采集")
        table.rows.append(
            [
                f.spec,
                f.title,
                f.numerator,
                f.denominator,
                value,
                f.unit,
                _target_text(f),
                _verdict(f.passed),
            ]
        )
    tiers.headers += [f"{TIER_LABELS[t]}（目标）" for t in scope.pack.tiers.display_order]
    for row in tier_rows:
        cells = [
            f"{cell(f.value) if f.value is not None else '—'}（{_target_text(f) or '—'}）"
            for f in row.figures
        ]
        tiers.rows.append([row.indicator.title, *cells])
    return table, tiers


def complaint_trend(ctx: ReportContext) -> dict[str, float | None]:
    """Complaints received per month over the trend window: one GROUP BY month."""
    rows = (
        visible_complaints(ctx.user)
        .filter(
            company=ctx.company,
            received_at__gte=start_of(ctx.trend_from),
            received_at__lt=start_of(ctx.after),
        )
        .annotate(m=TruncMonth("received_at", tzinfo=SHANGHAI))
        .order_by()
        .values("m")
        .annotate(n=Count("id"))
    )
    return {month_key(r["m"]): r["n"] for r in rows}


def satisfaction_trend(ctx: ReportContext) -> dict[str, float | None]:
    """Callback satisfaction per month (CB-9 definition): one GROUP BY month on cb_task_done_idx."""
    rows = (
        visible_tasks(ctx.user)
        .filter(company=ctx.company, status__in=ANSWERED_STATUSES)
        .filter(done_at__gte=start_of(ctx.trend_from), done_at__lt=start_of(ctx.after))
        .annotate(m=TruncMonth("done_at", tzinfo=SHANGHAI))
        .order_by()
        .values("m")
        .annotate(n=Count("id"), ok=Count("id", filter=Q(result=Satisfaction.SATISFIED)))
    )
    return {month_key(r["m"]): percent(r["ok"], r["n"]) for r in rows}
