"""Work-order sections of the monthly report (RPT-2): volumes, deadline compliance, overdue
items and the order trends. Volumes, compliance and trends are sums over the daily order facts
(quality.order_facts) in the reader's scope; the overdue items are read from the open orders.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from gasdesk.org.scoping import scope_unit_ids
from gasdesk.quality import order_facts
from gasdesk.quality.models_facts import OrderDayFact
from gasdesk.reports.tables import (
    ReportContext,
    Table,
    month_key,
    percent,
)
from gasdesk.workorders.models import CLOCK_MET_BY, Channel, WorkOrder
from gasdesk.workorders.selectors import overdue_filter, visible_orders

CLOCK_LABELS = {"response": N_("响应"), "arrival": N_("到达"), "completion": N_("完成")}
OVERDUE_TOP = 20


def _company_orders(ctx: ReportContext) -> QuerySet[WorkOrder]:
    return visible_orders(ctx.user).filter(company=ctx.company)


def _facts(ctx: ReportContext, start: dt.date) -> QuerySet[OrderDayFact]:
    """The daily order facts from `start` to the month's end in the reader's scope."""
    return order_facts.facts_of(
        OrderDayFact, ctx.company.pk, start, ctx.after, unit_ids=scope_unit_ids(ctx.user)
    ).order_by()


def volumes_by_channel(ctx: ReportContext) -> Table:
    """受理量 by channel: one sum over the month's facts."""
    rows = _facts(ctx, ctx.month).values("channel").annotate(n=Sum("received")).order_by("-n")
    labels = dict(Channel.choices)
    table = Table("channels", N_("受理渠道"), [N_("渠道"), N_("工单数")])
    table.rows = [[str(labels.get(r["channel"], r["channel"])), r["n"]] for r in rows]
    return table


def volumes_by_business_type(ctx: ReportContext) -> Table:
    """受理量 by business type: one sum over the month's facts."""
    rows = (
        _facts(ctx, ctx.month)
        .values("business_type", "business_type_name")
        .annotate(n=Sum("received"), done=Sum("completed"))
        .order_by("-n", "business_type")
    )
    table = Table("business_types", N_("业务类型"), [N_("业务类型"), N_("工单数"), N_("已完成")])
    table.rows = [[r["business_type_name"] or r["business_type"], r["n"], r["done"]] for r in rows]
    return table


def _clock_sums(clock: str) -> dict[str, Sum]:
    return {f"{clock}_{part}": Sum(f"{clock}_{part}") for part in ("due", "met", "late")}


def compliance(ctx: ReportContext) -> Table:
    """时限达标: per clock, orders with that deadline, met in time, breached (cancelled orders
    owe nothing and are left out, as in the KPIs) — one sum over the month's facts."""
    sums: dict[str, Sum] = {}
    for clock in CLOCK_MET_BY:
        sums |= _clock_sums(clock)
    row = _facts(ctx, ctx.month).aggregate(**sums)
    table = Table(
        "compliance",
        N_("时限达标"),
        [N_("时限"), N_("应考核"), N_("按时"), N_("超时"), N_("按时率%")],
    )
    for clock, label in CLOCK_LABELS.items():
        due, met = row[f"{clock}_due"] or 0, row[f"{clock}_met"] or 0
        table.rows.append([label, due, met, row[f"{clock}_late"] or 0, percent(met, due)])
    return table


def overdue_orders(ctx: ReportContext) -> QuerySet[WorkOrder]:
    """Running orders past their nearest deadline at `now` (wo_queue_open_cover_idx)."""
    return _company_orders(ctx).filter(**overdue_filter(ctx.now))


def overdue_counts(ctx: ReportContext) -> Table:
    rows = overdue_orders(ctx).order_by().values("business_type_name").annotate(n=Count("id"))
    table = Table("overdue", N_("超时未办结（按业务类型）"), [N_("业务类型"), N_("超时工单数")])
    table.rows = [[r["business_type_name"], r["n"]] for r in rows.order_by("-n")]
    table.note = f"截至 {timezone.localtime(ctx.now):%Y-%m-%d %H:%M}"
    return table


def overdue_top(ctx: ReportContext) -> Table:
    """The longest-overdue orders; numbers only, no customer data (nothing to mask)."""
    qs = overdue_orders(ctx).order_by("next_due_at", "id")
    rows = qs.values_list("number", "business_type_name", "org_unit__name", "next_due_at")
    table = Table(
        "overdue_top",
        N_("超时工单清单"),
        [N_("工单号"), N_("业务类型"), N_("责任单位"), N_("时限"), N_("超时(小时)")],
    )
    for number, kind, unit, due in rows[:OVERDUE_TOP]:
        if due is None:  # excluded by overdue_filter; keeps the type checker honest
            continue
        hours = round((ctx.now - due).total_seconds() / 3600, 1)
        table.rows.append([number, kind, unit, f"{timezone.localtime(due):%Y-%m-%d %H:%M}", hours])
    return table


def order_trends(ctx: ReportContext) -> tuple[dict[str, float | None], dict[str, float | None]]:
    """Orders per month and completion-deadline compliance per month: one sum over 12
    months of facts."""
    rows: Any = (
        _facts(ctx, ctx.trend_from)
        .annotate(m=TruncMonth("day"))
        .values("m")
        .annotate(n=Sum("received"), **_clock_sums("completion"))
    )
    volumes: dict[str, float | None] = {}
    rates: dict[str, float | None] = {}
    for r in rows:
        volumes[month_key(r["m"])] = r["n"]
        rates[month_key(r["m"])] = percent(r["completion_met"], r["completion_due"])
    return volumes, rates
