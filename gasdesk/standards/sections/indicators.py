"""Indicator definitions (KPI-1…20): what each KPI counts, its target, per-tier targets.

Each indicator names one kind from a closed set; `quality.kpi.aggregates.AGGREGATES` maps the
kind to the aggregate query. Per-tier targets are not repeated here: `tier_target` names an
entry of the pack's `tiers.targets` (CUST-7).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from gasdesk.standards.schema_base import Frozen

IndicatorCode = Annotated[str, Field(pattern=r"^kpi\.[a-z][a-z0-9_.]*$")]
BusinessCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class Target(Frozen):
    """The target of an indicator (001 art. 12, annex): value must be `op` the number."""

    op: Literal[">=", "<=", "=="]
    value: Decimal = Field(ge=0)


class OrderClock(Frozen):
    """Which deadline of which business type counts: its stored `<clock>_due_at` column."""

    business_type: BusinessCode
    clock: Literal["response", "arrival", "completion"]


class OrderTimeliness(Frozen):
    """On-time share of work orders: met = the clock's event at or before its stored deadline.

    Counted over orders of the listed (business type, clock) pairs received in the period that
    carry that deadline; an order not yet due and not yet met is not counted yet.
    """

    kind: Literal["order_timeliness"] = "order_timeliness"
    orders: tuple[OrderClock, ...] = Field(min_length=1)

    @field_validator("orders")
    @classmethod
    def _one_clock_per_type(cls, orders: tuple[OrderClock, ...]) -> tuple[OrderClock, ...]:
        """An order has one business type, so a rule's share is the sum over its pairs
        (quality.order_facts); two clocks of one type would count an order twice."""
        seen = [pair.business_type for pair in orders]
        twice = sorted({code for code in seen if seen.count(code) > 1})
        if twice:
            raise ValueError(f"同一业务类型只能列一个时限: {', '.join(twice)}")
        return orders


class SourceKind(Frozen):
    """Kinds computed from the records of other apps (complaints, callbacks, campaigns, calls)."""

    kind: Literal[
        "complaint_valid_rate",
        "complaint_satisfaction",
        "inspection_rate",
        "hotline_answered_in_time",
        "hotline_abandonment",
        "hotline_average_wait",
        "onsite_average_wait",
        "outage_count_by_band",
        "survey_satisfaction",
        "supply_continuity",
        "repeat_visit_rate",
    ]
    band: str = ""  # outage_count_by_band: the campaigns outage band code
    # repeat_visit_rate: the home-visit business types whose orders are counted (KPI-20)
    business_types: tuple[BusinessCode, ...] = ()

    @model_validator(mode="after")
    def _types_for_repeat_visits(self) -> SourceKind:
        if self.kind == "repeat_visit_rate" and not self.business_types:
            raise ValueError("repeat_visit_rate needs business_types")
        return self


class ComplaintTimeliness(Frozen):
    """Complaints whose clock was met by its deadline / complaints decided (KPI-11, KPI-19).

    The clock is one of the complaint's stored clocks (response, closure, solution); the
    external commitment feeds KPIs (SPEC 6 OQ-32).
    """

    kind: Literal["complaint_timeliness"] = "complaint_timeliness"
    clock: Literal["response", "closure", "solution"]


class CallbackSatisfaction(Frozen):
    """Satisfied callbacks / answered callbacks of the callback groups listed (KPI-13…17)."""

    kind: Literal["callback_satisfaction"] = "callback_satisfaction"
    business_types: tuple[BusinessCode, ...] = Field(min_length=1)


IndicatorRule = Annotated[
    OrderTimeliness | ComplaintTimeliness | CallbackSatisfaction | SourceKind,
    Field(discriminator="kind"),
]


class Indicator(Frozen):
    """One KPI: its code (read by the scorecard), SPEC id, title, rule, target and source."""

    code: IndicatorCode
    spec: str = Field(pattern=r"^KPI-\d+[a-z]?$")
    title: str = Field(min_length=1)
    rule: IndicatorRule
    target: Target | None = None
    tier_target: str = ""  # key of tiers.targets (CUST-7) for the per-tier view
    source: str = Field(min_length=1)


class IndicatorRules(Frozen):
    items: tuple[Indicator, ...] = Field(min_length=1)
    source: str = ""

    @field_validator("items")
    @classmethod
    def _unique_codes(cls, value: tuple[Indicator, ...]) -> tuple[Indicator, ...]:
        codes = [item.code for item in value]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"duplicate indicator codes {dupes}")
        return value

    def indicator(self, code: str) -> Indicator:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)
