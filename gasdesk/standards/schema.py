"""The service-standard pack document (STD-1…7), validated by pydantic v2.

Every number a company publishes lives in a pack; this module only says which shapes are
allowed. Models are frozen and forbid unknown keys, so a typo is an error, not a silent default.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from gasdesk.business_calendar.units import Unit
from gasdesk.standards.schema_base import TIER_LABELS, Area, Category, CustomerFlag, Frozen, Tier
from gasdesk.standards.sections import (
    CallbackRules,
    CampaignRules,
    ComplaintRules,
    FieldworkRules,
    HotlineRules,
    IndicatorRules,
    NoticeRules,
    OrganisationRules,
    RegulationRules,
    ReportRules,
    ScorecardRules,
)

__all__ = ["TIER_LABELS", "Area", "Category", "CustomerFlag", "Frozen", "Tier"]


class Clock(StrEnum):
    """Which deadline of an order a commitment sets; each ends at its own event."""

    RESPONSE = "response"  # 响应: signed for / customer contacted
    ARRIVAL = "arrival"  # 到达现场
    COMPLETION = "completion"  # 完成/办结


class StartEvent(StrEnum):
    RECEIVED = "received"  # 受理 (report, application, alarm)
    PAID = "paid"  # 交费 (C3/C4 start at payment)


class Commitment(Frozen):
    """One published deadline (服务承诺) of a business type: start event + amount + unit."""

    code: str = Field(min_length=1, max_length=20)
    title: str
    clock: Clock
    start_event: StartEvent = StartEvent.RECEIVED
    amount: int = Field(ge=0)
    unit: Unit
    by_tier: dict[Tier, Annotated[int, Field(ge=0)]] = {}
    by_area: dict[Area, Annotated[int, Field(ge=0)]] = {}
    government_amount: Annotated[int, Field(ge=0)] | None = None  # STD-2: stricter wins
    customer_may_agree: bool = False  # STD-4: 除与用户另有约定外
    source: str = Field(min_length=1)


class BusinessType(Frozen):
    """业务类型 (WO-2): the commitments that set an order's deadlines."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    family: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    commitments: tuple[Commitment, ...] = ()
    source: str = ""

    @model_validator(mode="after")
    def _one_commitment_per_clock(self) -> BusinessType:
        clocks = [c.clock for c in self.commitments]
        if len(clocks) != len(set(clocks)):
            raise ValueError(f"business type {self.code}: more than one commitment per clock")
        return self


class VolumeTest(Frozen):
    """A comparison on daily gas volume (m³/day); the basis says which volume counts."""

    basis: Literal["contract", "actual", "max", "either"]
    op: Literal[">", ">=", "<", "<="]
    value_m3_per_day: Decimal = Field(ge=0)


class TierRule(Frozen):
    """One clause: category AND all volume tests AND (any of the flags, if listed)."""

    tier: Tier
    categories: tuple[Category, ...] = ()
    volume: tuple[VolumeTest, ...] = ()
    flags_any: tuple[CustomerFlag, ...] = ()
    source: str = ""

    @model_validator(mode="after")
    def _not_empty(self) -> TierRule:
        if not (self.categories or self.volume or self.flags_any):
            raise ValueError("a tier rule must test something (categories, volume or flags)")
        return self


class TierTarget(Frozen):
    """A per-tier service target (CUST-7), e.g. satisfaction ≥ 98 %."""

    op: Literal[">=", "<=", "=="]
    percent: Decimal = Field(ge=0, le=100)


PackStatus = Literal["trial", "definitive"]


def _require_trial_length(value: int | None, info: ValidationInfo) -> int | None:
    """STD-6: a trial (试行) needs its length, unless the text leaves it open (试行至修订)."""
    open_ended = bool(info.data.get("trial_until_revised", False))
    if info.data.get("status") == "trial" and value is None and not open_ended:
        raise ValueError("trial_months is required when status is trial")
    return value


class TierSection(Frozen):
    rules: tuple[TierRule, ...]  # evaluated in order, first match wins (CUST-4)
    default: Tier = Tier.GENERAL
    display_order: tuple[Tier, ...] = (Tier.VIP, Tier.IMPORTANT, Tier.KEY, Tier.GENERAL)
    targets: dict[str, dict[Tier, TierTarget]] = {}  # target code -> tier -> target
    # STD-6: the tier rules may come from a regulation on trial (004 六 6.2) while the rest of
    # the pack is definitive; the trial starts on the pack's effective_from.
    status: PackStatus = "definitive"
    trial_months: int | None = Field(default=None, ge=1, validate_default=True)
    source: str = ""

    _trial_has_length = field_validator("trial_months")(_require_trial_length)


class PoolSignBy(Frozen):
    """CAL-6: unsigned orders must be signed for by `at` on the next (working) day."""

    day: Literal["next_day", "next_working_day"] = "next_day"
    at: dt.time = dt.time(8, 30)


class CalendarOptions(Frozen):
    natural_day_holiday_extension: bool = False  # CAL-5 (Civil Code art. 203), off by default
    close_of_business: dt.time | None = None  # CAL-4: working-day periods end then, not 24:00
    working_hours: tuple[dt.time, dt.time] | None = None  # for rules "within working time"
    pool_sign_by: PoolSignBy = PoolSignBy()

    @model_validator(mode="after")
    def _hours_ordered(self) -> CalendarOptions:
        if self.working_hours and not self.working_hours[0] < self.working_hours[1]:
            raise ValueError("working_hours: start must be before end")
        return self


class Hotline(Frozen):
    name: str
    number: str
    hours: str = "7×24"
    source: str = ""


class PublishedCommitment(Frozen):
    """A commitment shown to customers (STD-5) that is not an order deadline (C1, C10 …)."""

    code: str
    text: str
    source: str


class Pack(Frozen):
    """One company's service standard, one version (STD-1)."""

    company: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    company_name: str
    version: str = Field(min_length=1, max_length=40)
    effective_from: dt.date
    status: PackStatus = "definitive"
    # STD-6: 试行 with no stated length (001 art. 22): a trial until a new version replaces it.
    trial_until_revised: bool = False
    trial_months: int | None = Field(default=None, ge=1, validate_default=True)  # STD-6
    sources: tuple[str, ...] = ()
    calendar: CalendarOptions = CalendarOptions()
    hotlines: tuple[Hotline, ...] = ()
    published_commitments: tuple[PublishedCommitment, ...] = ()
    business_types: tuple[BusinessType, ...]
    tiers: TierSection
    # Sections of the later areas; a pack without one refuses that area's services clearly.
    complaints: ComplaintRules | None = None  # CMP
    callbacks: CallbackRules | None = None  # CB
    regulations: RegulationRules | None = None  # APPT, NOTIFY, TLC, HELP, MGR
    fieldwork: FieldworkRules | None = None  # DSP, EMG
    campaigns: CampaignRules | None = None  # OUT, INSP, CONN, METER
    notices: NoticeRules | None = None  # SMS templates
    hotline: HotlineRules | None = None  # AGENT, hotline KPIs
    indicators: IndicatorRules | None = None  # KPI definitions and targets
    reports: ReportRules | None = None  # RPT
    scorecard: ScorecardRules | None = None  # SCORE, KPI targets, ASSESS
    organisation: OrganisationRules | None = None  # ORG-2…7: bodies, posts, levels

    _trial_has_length = field_validator("trial_months")(_require_trial_length)

    @field_validator("business_types")
    @classmethod
    def _unique_codes(cls, value: tuple[BusinessType, ...]) -> tuple[BusinessType, ...]:
        """Field-level, so that the error's path is `business_types`, not the whole document."""
        codes = [b.code for b in value]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"duplicate business type codes {dupes}")
        return value

    @model_validator(mode="after")
    def _open_ended_trial_is_a_trial(self) -> Pack:
        if self.trial_until_revised and self.status != "trial":
            raise ValueError("trial_until_revised is only allowed when status is trial")
        return self

    def business_type(self, code: str) -> BusinessType:
        for item in self.business_types:
            if item.code == code:
                return item
        raise KeyError(code)
