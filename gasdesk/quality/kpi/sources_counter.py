"""KPI-8 (平均等待时间) from on-site samples: Σ waiting time of customers sampled at the
counters / number sampled, in minutes (SPEC KPI-8: the source's "× 100 %" is an error).

Samples belong to a unit (the counter's 营业厅), so the figure exists for any unit subtree;
the samples carry no customer tier, so a tier view shows it as unavailable.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum

from gasdesk.quality.kpi.hotline import MinutesCounts
from gasdesk.quality.kpi.orders import Counts, Part
from gasdesk.quality.kpi.scope import KpiScope
from gasdesk.quality.models_register import WaitSample


def _samples(scope: KpiScope) -> QuerySet[WaitSample]:
    """Samples of the unit subtree in the period (q_wait_co_day_idx, then the unit filter)."""
    return WaitSample.objects.filter(
        company=scope.company,
        sampled_on__gte=scope.period.start,
        sampled_on__lt=scope.period.end,
        org_unit_id__in=scope.unit_ids,
    )


def wait_counts(rule: Any, scope: KpiScope) -> Counts | None:
    """KPI-8: SUM(wait seconds) / COUNT(samples), one aggregate; shown in minutes."""
    if scope.tier:
        return None
    row = _samples(scope).aggregate(numerator=Sum("wait_seconds"), denominator=Count("id"))
    return MinutesCounts(row["numerator"] or 0, row["denominator"], unit="分钟")


def wait_records(rule: Any, scope: KpiScope, part: Part) -> QuerySet[WaitSample]:
    """Both parts drill down to the same samples: each one's time and the count."""
    return _samples(scope).select_related("org_unit").order_by("-sampled_at", "-id")
