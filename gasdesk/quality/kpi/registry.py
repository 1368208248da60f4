"""Kind → aggregate (KPI-1…20): the pack names a kind, this table names the query.

A kind without a source here is shown as unavailable (the records are not kept yet), which is
different from "not applicable" (kept, but nothing counted). Every entry is one aggregate
query, optionally one GROUP BY tier query, and a drill-down queryset with the same filters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from gasdesk.quality.kpi import hotline, orders, sources, sources_counter, sources_supply
from gasdesk.quality.kpi.orders import Counts, Part
from gasdesk.quality.kpi.scope import KpiScope

CountsFn = Callable[[Any, KpiScope], Counts | None]
TierFn = Callable[[Any, KpiScope], dict[str, Counts]]
RecordsFn = Callable[[Any, KpiScope, Part], QuerySet[Any]]
ManyFn = Callable[[Any, KpiScope], list[Any]]


@dataclass(frozen=True)
class KindSource:
    """How one kind is computed; `by_tier` is None when the tier view filters one tier at a
    time (or the records carry no tier); `record_kind` picks the drill-down row layout."""

    counts: CountsFn
    records: RecordsFn
    by_tier: TierFn | None = None
    record_kind: str = "order"
    # Batched forms: all indicators of the kind in one query (list in, list out, same order).
    many: ManyFn | None = None
    many_by_tier: ManyFn | None = None


def _hotline_counts(rule: Any, scope: KpiScope) -> Counts | None:
    if not scope.is_company or scope.tier:
        return None
    return hotline.hotline_counts(rule.kind, scope)


def _hotline_records(rule: Any, scope: KpiScope, part: Part) -> QuerySet[Any]:
    return hotline.hotline_records(rule.kind, scope, part)


_HOTLINE = KindSource(_hotline_counts, _hotline_records, record_kind="call")

AGGREGATES: dict[str, KindSource] = {
    "order_timeliness": KindSource(
        orders.order_counts,
        orders.order_records,
        orders.order_counts_by_tier,
        many=orders.order_counts_many,
        many_by_tier=orders.order_counts_by_tier_many,
    ),
    "complaint_timeliness": KindSource(
        sources.complaint_counts,
        sources.complaint_records,
        sources.complaint_counts_by_tier,
        record_kind="complaint",
    ),
    "callback_satisfaction": KindSource(
        sources.callback_counts, sources.callback_records, record_kind="callback"
    ),
    "inspection_rate": KindSource(
        sources.inspection_counts,
        sources.inspection_records,
        sources.inspection_counts_by_tier,
        record_kind="visit",
    ),
    "outage_count_by_band": KindSource(
        sources.outage_counts, sources.outage_records, record_kind="outage"
    ),
    "complaint_satisfaction": KindSource(
        sources.complaint_satisfaction_counts,
        sources.complaint_satisfaction_records,
        record_kind="complaint",
    ),
    "survey_satisfaction": KindSource(
        sources.survey_counts, sources.survey_records, record_kind="survey"
    ),
    "hotline_answered_in_time": _HOTLINE,
    "hotline_abandonment": _HOTLINE,
    "hotline_average_wait": _HOTLINE,
    "complaint_valid_rate": KindSource(  # KPI-10
        sources.valid_complaint_counts,
        sources.valid_complaint_records,
        sources.valid_complaint_counts_by_tier,
        record_kind="complaint",
    ),
    "onsite_average_wait": KindSource(
        sources_counter.wait_counts, sources_counter.wait_records, record_kind="wait"
    ),
    "supply_continuity": KindSource(  # KPI-20, drill-down: the outages that cut accounts off
        sources_supply.supply_counts,
        sources_supply.supply_records,
        sources_supply.supply_counts_by_tier,
        record_kind="outage",
    ),
    "repeat_visit_rate": KindSource(  # KPI-20
        sources_supply.repeat_counts,
        sources_supply.repeat_records,
        sources_supply.repeat_counts_by_tier,
    ),
}
