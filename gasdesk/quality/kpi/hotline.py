"""Hotline KPIs (KPI-6, 7, 8) from the imported call records, one aggregate each.

Calls are kept per company (the hotline centre serves every unit), so these figures exist for
the company scope only; a sub-unit or tier view shows them as unavailable.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gasdesk.core.errors import RuleViolation
from gasdesk.quality.kpi.figures import CENT
from gasdesk.quality.kpi.orders import Counts, Part
from gasdesk.quality.kpi.scope import KpiScope
from gasdesk.quality.models import HotlineCall
from gasdesk.standards.sections.hotline import HotlineRules


class MinutesCounts(Counts):
    """KPI-8: total waiting seconds / calls with a measured wait, shown in minutes."""

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) / self.denominator / 60).quantize(CENT, ROUND_HALF_UP)


def _rules(scope: KpiScope) -> HotlineRules:
    if scope.pack.hotline is None:
        raise RuleViolation("company", "服务标准包未配置热线规则")
    return scope.pack.hotline


def _calls(scope: KpiScope) -> QuerySet[HotlineCall]:
    """Calls of the company in the period (index quality_call_day)."""
    return HotlineCall.objects.filter(
        company=scope.company,
        entered_on__gte=scope.period.start,
        entered_on__lt=scope.period.end,
    )


def _numerator_q(kind: str, scope: KpiScope) -> Q:
    rules = _rules(scope)
    if kind == "hotline_answered_in_time":
        return Q(is_answered=True, wait_seconds__lte=rules.answer_within_seconds)
    if kind == "hotline_abandonment":
        return Q(exit__in=[e.value for e in rules.lost_exits])
    return Q(wait_seconds__isnull=False)


def hotline_counts(kind: str, scope: KpiScope) -> Counts:
    """KPI-6/7: matching calls / all incoming calls; KPI-8: waiting seconds / measured calls."""
    if kind == "hotline_average_wait":
        row = _calls(scope).aggregate(
            numerator=Sum("wait_seconds"), denominator=Count("id", filter=_numerator_q(kind, scope))
        )
        return MinutesCounts(row["numerator"] or 0, row["denominator"], unit="分钟")
    row = _calls(scope).aggregate(
        numerator=Count("id", filter=_numerator_q(kind, scope)), denominator=Count("id")
    )
    return Counts(row["numerator"], row["denominator"])


def hotline_records(kind: str, scope: KpiScope, part: Part) -> QuerySet[HotlineCall]:
    calls = _calls(scope)
    if part == "numerator" or kind == "hotline_average_wait":
        return calls.filter(_numerator_q(kind, scope))
    return calls
