"""Service regulations (APPT, NOTIFY, TLC, HELP, MGR): the pack section the counter rules read.

Every number here is a field; the values and their sources live in the pack YAML.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from gasdesk.business_calendar.units import Unit
from gasdesk.standards.schema_base import Category, Frozen, Tier

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class Period(Frozen):
    """An amount of a calendar unit (CAL-2…4), e.g. 1 working day."""

    amount: int = Field(ge=0)
    unit: Unit
    source: str = Field(min_length=1)


class AppointmentRules(Frozen):
    """预约上门 (APPT-3…8): reply time, who approves a refusal, readiness and no-show margins."""

    reply_within: Period  # APPT-3
    refusal_needs_manager: bool = True  # APPT-4: 不能同意的，必须经总经理同意
    counter_ready_before_minutes: int = Field(ge=0)  # APPT-7: staff ready this early
    home_arrive_before_minutes: int = Field(ge=0)  # APPT-5: "在约定的时间之前到达"
    forfeit_after_minutes: int = Field(ge=0)  # APPT-8: strictly more than this late = given up
    conduct: tuple[str, ...] = ()  # APPT-10: 相关要求, shown on every appointment
    source: str = Field(min_length=1)


class RequiredDocument(Frozen):
    """One document of a matter's list (NOTIFY-1), with how the customer can obtain it."""

    code: Code
    name: str = Field(min_length=1)
    how_to_obtain: str = ""


class NotifyMatter(Frozen):
    """一次性告知 content of one matter: basis, time limit, procedure, every required document."""

    code: Code  # the business type code where one exists
    name: str = Field(min_length=1)
    basis: str = Field(min_length=1)  # 依据
    time_limit: str = Field(min_length=1)  # 时限 as published to the customer
    procedure: tuple[str, ...] = Field(min_length=1)  # 程序, in order
    documents: tuple[RequiredDocument, ...] = Field(min_length=1)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_documents(self) -> NotifyMatter:
        codes = [d.code for d in self.documents]
        if len(codes) != len(set(codes)):
            raise ValueError(f"matter {self.code}: duplicate document codes")
        return self


class NotifyRules(Frozen):
    """NOTIFY-1…7: the published matters, the notice's copies, the repeat-visit flag."""

    matters: tuple[NotifyMatter, ...] = Field(min_length=1)
    copies: tuple[str, ...] = Field(min_length=1)  # NOTIFY-3: one per copy, e.g. 客户联
    flag_return_trips: int = Field(ge=1)  # NOTIFY-7: flag at this many return trips (OQ-26)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_matters(self) -> NotifyRules:
        codes = [m.code for m in self.matters]
        if len(codes) != len(set(codes)):
            raise ValueError("notification: duplicate matter codes")
        return self

    def matter(self, code: str) -> NotifyMatter:
        for item in self.matters:
            if item.code == code:
                return item
        raise KeyError(code)


class PromiseRules(Frozen):
    """TLC-1…3: the limit of a promised matter that states none, and the written reply."""

    default_limit: Period  # TLC-2
    written_reply_required: bool = True  # TLC-2: 并作出书面答复
    source: str = Field(min_length=1)


class AssistanceRules(Frozen):
    """HELP-2/4: window helpers on duty, early arrival, monthly test pass mark."""

    window_helpers_min: int = Field(ge=0)
    window_helpers_max: int = Field(ge=1)
    on_post_before_minutes: int = Field(ge=0)
    test_pass_score: int = Field(ge=0, le=100)  # below it: off-post study
    off_post_study_days: int = Field(ge=0)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _band(self) -> AssistanceRules:
        if self.window_helpers_min > self.window_helpers_max:
            raise ValueError("window_helpers_min must not exceed window_helpers_max")
        return self


class TierStrategy(Frozen):
    """CUST-5/8: a tier's service strategy, who serves and visits it, and the goal."""

    tier: Tier
    strategy: str = Field(min_length=1)  # 服务策略 (CUST-5)
    representatives: str = Field(min_length=1)  # 服务代表 (CUST-5)
    visited_by: str = ""  # who visits the tier regularly (CUST-8, 000 variant)
    goal: str = Field(min_length=1)  # 服务目标 (CUST-5)
    source: str = Field(min_length=1)


class CustomerSegment(Frozen):
    """CUST-9: a customer group a handbook serves differently outside the tiers (e.g. large
    customers by annual volume); `annual_volume_m3_from` is None where the source lost it."""

    code: Code
    name: str = Field(min_length=1)
    criteria: str = Field(min_length=1)  # how the group is recognised, as the handbook says
    service: str = Field(min_length=1)  # the differentiated service
    annual_volume_m3_from: int | None = Field(default=None, ge=0)
    source: str = Field(min_length=1)


class CareVisitRule(Frozen):
    """MGR-4: how often a tier is visited, by whom, and whether it gets phone care."""

    tier: Tier
    every_months: int = Field(ge=1)
    visitors: str = Field(min_length=1)  # who visits, as the handbook names them
    birthday_care: bool = False
    festival_care: bool = False
    source: str = Field(min_length=1)


class ManagerRules(Frozen):
    """MGR-1/4: who must have a customer manager, visit plans, care reminders."""

    required_for_categories: tuple[Category, ...] = ()
    required_for_tiers: tuple[Tier, ...] = ()
    required_for_prospects: bool = False  # MGR-1: every intending customer (意向客户) too
    working_mode: tuple[str, ...] = ()  # MGR-2: how the specialist works, shown to managers
    strategies: tuple[TierStrategy, ...] = ()  # CUST-5/8: per-tier service strategy table
    segments: tuple[CustomerSegment, ...] = ()  # CUST-9: differentiated customer groups
    visits: tuple[CareVisitRule, ...] = ()
    festivals: tuple[str, ...] = ()  # statutory holiday names (business calendar) for care
    remind_days_ahead: int = Field(ge=0)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_rule_per_tier(self) -> ManagerRules:
        tiers = [v.tier for v in self.visits]
        if len(tiers) != len(set(tiers)):
            raise ValueError("managers: more than one visit rule per tier")
        strategy_tiers = [s.tier for s in self.strategies]
        if len(strategy_tiers) != len(set(strategy_tiers)):
            raise ValueError("managers: more than one strategy per tier")
        return self

    def visit_rule(self, tier: str) -> CareVisitRule | None:
        return next((v for v in self.visits if v.tier == tier), None)

    def strategy(self, tier: str) -> TierStrategy | None:
        return next((s for s in self.strategies if s.tier == tier), None)


class RegulationRules(Frozen):
    """The counter regulations of one company; a part the handbook lacks is shipped as default."""

    appointments: AppointmentRules
    notification: NotifyRules
    promises: PromiseRules
    assistance: AssistanceRules
    managers: ManagerRules
