"""Planned mass operations (OUT-1/2, INSP-1/3/5, CONN-2/3, METER-1/2): notice periods,
inspection frequencies, outage count bands, connection waiting limit, meter service life.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, model_validator

from gasdesk.standards.schema_base import Category, Frozen, Tier


class OutageBand(Frozen):
    """A customer-count band of outage events (OUT-2); `max_households` inclusive, None = open."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    max_households: int | None = Field(default=None, ge=1)


class OutageRules(Frozen):
    notice_hours: int = Field(ge=0)  # OUT-1: announce at least this long before the stop
    restore_within_hours: int = Field(ge=1)  # OUT-1: supply back within this after the stop
    emergency_exempt: bool = True  # OUT-1: emergency accidents are excepted
    bands: tuple[OutageBand, ...] = ()  # OUT-2, ascending
    source: str = ""

    @model_validator(mode="after")
    def _bands_ascending(self) -> OutageRules:
        head = [b.max_households or 0 for b in self.bands[:-1]]
        if 0 in head or head != sorted(set(head)):
            raise ValueError("bands: ascending max_households, only the last may be open")
        return self


class InspectionFrequency(Frozen):
    """Visits per year for a category (and optionally a tier, which wins over category alone)."""

    category: Category
    tier: Tier | None = None
    visits_per_year: int = Field(ge=1, le=366)


class InspectionRules(Frozen):
    frequencies: tuple[InspectionFrequency, ...] = Field(min_length=1)  # INSP-1/2
    notice_days: int = Field(ge=0)  # INSP-3: notices posted and sent this many days ahead
    repeat_visits: int = Field(ge=0)  # repeat visits after "not at home" / refused
    repeat_after_days: int = Field(ge=1)  # spacing of a repeat visit
    rectify_within_days: int = Field(ge=1)  # hazard rectification deadline
    rate_target_percent: Decimal | None = Field(default=None, ge=0, le=100)  # INSP-5
    source: str = ""

    def visits_per_year(self, category: Category, tier: Tier | None = None) -> int:
        """The frequency for a customer: a tier-specific row first, then the category row."""
        for row in self.frequencies:
            if row.category == category and row.tier is not None and row.tier == tier:
                return row.visits_per_year
        for row in self.frequencies:
            if row.category == category and row.tier is None:
                return row.visits_per_year
        return 0


class ConnectionRules(Frozen):
    notice_days: int = Field(ge=0)  # CONN-2: whole-building notice ahead
    max_wait_hours: int = Field(ge=1)  # CONN-2: customer waits at most this after the SMS time
    supplementary_business_type: str | None = None  # CONN-3: hotline order type
    source: str = ""


class MeterLife(Frozen):
    kind: str = Field(pattern=r"^[a-z]+$")  # customers.MeterKind value
    years: int = Field(ge=1)


class MeterRules(Frozen):
    service_life: tuple[MeterLife, ...] = Field(min_length=1)  # METER-1 (per-meter value wins)
    notice_days: int = Field(ge=0)  # METER-2: as INSP-3
    source: str = ""

    def life_years(self) -> dict[str, int]:
        return {row.kind: row.years for row in self.service_life}


class CampaignRules(Frozen):
    outage: OutageRules | None = None
    inspection: InspectionRules | None = None
    connection: ConnectionRules | None = None
    meter: MeterRules | None = None
