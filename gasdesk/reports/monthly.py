"""The monthly service report (企业服务月报, RPT-1…4) as one dataclass of sections.

`build_monthly_report` reads the owning apps' selectors for one company and month: volumes by
channel and business type, deadline compliance per clock, complaints by level with hot spots
(RPT-3), callback satisfaction by business type (RPT-4), every KPI against target and the tier
targets, overdue items, and 12-month trends — each one GROUP BY or aggregate, never a loop over
rows. It records how long each section took (`timings_ms`) so the bench can say where time goes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from gasdesk.org.models import OrgUnit, User
from gasdesk.quality import order_facts
from gasdesk.reports import orders, scorecard, service
from gasdesk.reports.schedule import add_months
from gasdesk.reports.tables import ReportContext, Table, Trend, month_keys, series
from gasdesk.standards.lookup import pack_in_force

TREND_MONTHS = 12


@dataclass
class MonthlyReportData:
    """Everything the page, the XLSX and the PDF show; stored as JSON on the snapshot."""

    company_id: int
    company_name: str
    month: str  # "2026-10"
    built_at: str
    tables: list[Table]
    months: list[str]
    trends: list[Trend]
    improvement_actions: str = ""
    timings_ms: dict[str, int] = field(default_factory=dict)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


class _Timer:
    def __init__(self) -> None:
        self.ms: dict[str, int] = {}

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.ms[name] = round((time.perf_counter() - started) * 1000)


def context_for(user: User, company: OrgUnit, month: dt.date, now: dt.datetime) -> ReportContext:
    month = month.replace(day=1)
    trend_from = add_months(month, 1 - TREND_MONTHS)
    return ReportContext(user, company, month, add_months(month, 1), now, trend_from)


def _tables(ctx: ReportContext, timer: _Timer) -> list[Table]:
    pack = pack_in_force(ctx.company.standard_company, ctx.now).pack
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("channels", lambda: [orders.volumes_by_channel(ctx)]),
        ("business_types", lambda: [orders.volumes_by_business_type(ctx)]),
        ("compliance", lambda: [orders.compliance(ctx)]),
        ("complaints", lambda: [service.complaint_totals(ctx), service.complaints_by_level(ctx)]),
        ("hot_spots", lambda: [service.complaint_hot_spots(ctx, pack)]),
        ("satisfaction", lambda: [service.callback_satisfaction(ctx, pack)]),
        ("kpis", lambda: list(service.kpi_sections(ctx))),
        ("scorecard", lambda: scorecard.scorecard_sections(ctx, pack)),
        ("overdue", lambda: [orders.overdue_counts(ctx), orders.overdue_top(ctx)]),
    ]
    tables: list[Table] = []
    for name, step in steps:
        with timer.section(name):
            tables += step()
    return tables


def _trends(ctx: ReportContext, months: list[str], timer: _Timer) -> list[Trend]:
    with timer.section("trend_orders"):
        volumes, compliance = orders.order_trends(ctx)
    with timer.section("trend_complaints"):
        complaints = service.complaint_trend(ctx)
    with timer.section("trend_satisfaction"):
        satisfaction = service.satisfaction_trend(ctx)
    return [
        Trend("orders", N_("工单受理量"), N_("件"), series(volumes, months)),
        Trend("compliance", N_("完成时限按时率"), "%", series(compliance, months)),
        Trend("complaints", N_("投诉量"), N_("件"), series(complaints, months)),
        Trend("satisfaction", N_("回访满意率"), "%", series(satisfaction, months)),
    ]


def build_monthly_report(
    user: User, company: OrgUnit, month: dt.date, *, now: dt.datetime
) -> MonthlyReportData:
    """The report of `company` for `month` as `user` may see it (callers check the role)."""
    ctx = context_for(user, company, month, now)
    order_facts.refresh(now)
    timer = _Timer()
    months = month_keys(ctx.trend_from, TREND_MONTHS)
    tables = _tables(ctx, timer)
    trends = _trends(ctx, months, timer)
    label = f"{ctx.month:%Y-%m}"
    data = MonthlyReportData(
        company.pk,
        company.name,
        label,
        f"{timezone.localtime(now):%Y-%m-%d %H:%M}",
        tables,
        months,
        trends,
    )
    data.timings_ms = {**timer.ms, "total": sum(timer.ms.values())}
    return data


def to_json(data: MonthlyReportData) -> dict[str, Any]:
    return asdict(data)


def from_json(raw: dict[str, Any]) -> MonthlyReportData:
    tables = [Table(**t) for t in raw["tables"]]
    trends = [Trend(**t) for t in raw["trends"]]
    return MonthlyReportData(**{**raw, "tables": tables, "trends": trends})


def trend_rows(data: MonthlyReportData) -> list[list[Any]]:
    """The trends as rows (month, value per series) for the XLSX sheet and the PDF table."""
    return [[m, *[t.values[i] for t in data.trends]] for i, m in enumerate(data.months)]
