"""Reads shared by the campaign pages, API and the KPI issue (OUT-2, INSP-5, CONN-2, METER-1).

Each starts from `visible_to(user)` and aggregates in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractMonth

from gasdesk.campaigns.models import (
    ConnectionCampaign,
    Hazard,
    InspectionPlan,
    InspectionVisit,
    MeterCampaign,
    Outage,
    OutageCustomer,
    OutageStatus,
    ReplacementStatus,
)
from gasdesk.campaigns.models.inspections import MET_OUTCOMES
from gasdesk.campaigns.rules import band_for, notice_date, rate_percent
from gasdesk.campaigns.services.common import campaign_rules, inspection_rules
from gasdesk.customers.models import CustomerAddress
from gasdesk.standards.lookup import loaded_pack

if TYPE_CHECKING:
    from gasdesk.org.models import User

ROUTE_LIMIT = 200  # a round is a day's doors; more would not fit one technician's day


def visible_outages(user: User) -> QuerySet[Outage]:
    return Outage.objects.visible_to(user).select_related("org_unit").order_by("-starts_at", "-id")


def overdue_outages(user: User, now: datetime) -> QuerySet[Outage]:
    """Published outages whose restoration deadline has passed (OUT-1)."""
    return visible_outages(user).filter(status=OutageStatus.PUBLISHED, restore_due_at__lt=now)


def customer_outages(customer_id: int) -> QuerySet[Outage]:
    """The outages a customer went through (out_link_customer_idx)."""
    ids = OutageCustomer.objects.filter(customer_id=customer_id).values("outage_id")
    return Outage.objects.filter(pk__in=ids).order_by("-starts_at")


@dataclass(frozen=True)
class BandCount:
    code: str
    label: str
    events: int


def outage_band_counts(user: User, year: int, pack_id: int) -> list[BandCount]:
    """OUT-2 / KPI M-09: published outages of `year` per customer-count band of the pack.

    One GROUP BY on affected_count; the bands (few) are applied to the grouped counts.
    """
    bands = campaign_rules(loaded_pack(pack_id)).outage
    rows = (
        Outage.objects.visible_to(user)
        .filter(starts_at__year=year)
        .exclude(status__in=(OutageStatus.DRAFT, OutageStatus.CANCELLED))
        .values("affected_count")
        .annotate(n=Count("id"))
    )
    counts: dict[str, int] = {}
    for row in rows:
        band = band_for(row["affected_count"], bands.bands if bands else ())
        if band is not None:
            counts[band.code] = counts.get(band.code, 0) + row["n"]
    return [
        BandCount(b.code, b.label, counts.get(b.code, 0)) for b in (bands.bands if bands else ())
    ]


def visible_plans(user: User) -> QuerySet[InspectionPlan]:
    return (
        InspectionPlan.objects.visible_to(user).select_related("org_unit").order_by("-year", "id")
    )


def plan_visits(user: User, plan: InspectionPlan) -> QuerySet[InspectionVisit]:
    return (
        InspectionVisit.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("customer", "technician")
        .order_by("planned_on", "route", "id")
    )


def technician_visits(user: User, day: date) -> QuerySet[InspectionVisit]:
    """A technician's pending visits of the day in route order (insp_tech_idx)."""
    return (
        InspectionVisit.objects.filter(technician=user, planned_on=day, outcome="pending")
        .select_related("customer")
        .order_by("route", "id")
    )


@dataclass(frozen=True)
class RateRow:
    month: int | None  # None = the whole year
    planned: int
    inspected: int
    percent: Decimal | None


@dataclass(frozen=True)
class InspectionRate:
    months: list[RateRow]
    year: RateRow
    target_percent: Decimal | None

    @property
    def meets_target(self) -> bool | None:
        if self.target_percent is None or self.year.percent is None:
            return None
        return self.year.percent >= self.target_percent


def inspection_rate(plan: InspectionPlan) -> InspectionRate:
    """INSP-5: successful in-home inspections / planned (round-1 visits), per month and for
    the year, from one GROUP BY over the plan's visits (insp_plan_rate_idx)."""
    rows = (
        InspectionVisit.objects.filter(plan=plan, round=1)
        .annotate(month=ExtractMonth("planned_on"))
        .values("month")
        .annotate(
            planned=Count("id"), inspected=Count("id", filter=Q(final_outcome__in=MET_OUTCOMES))
        )
        .order_by("month")
    )
    months = [_rate(r["month"], r["planned"], r["inspected"]) for r in rows]
    year = _rate(None, sum(m.planned for m in months), sum(m.inspected for m in months))
    rules = campaign_rules(loaded_pack(plan.pack_id)).inspection
    return InspectionRate(months, year, rules.rate_target_percent if rules else None)


def _rate(month: int | None, planned: int, inspected: int) -> RateRow:
    return RateRow(month, planned, inspected, rate_percent(inspected, planned))


def open_hazards(user: User) -> QuerySet[Hazard]:
    return (
        Hazard.objects.visible_to(user)
        .filter(rectified_at__isnull=True)
        .select_related("customer", "visit")
        .order_by("rectify_due_on", "id")
    )


def visible_connections(user: User) -> QuerySet[ConnectionCampaign]:
    return (
        ConnectionCampaign.objects.visible_to(user)
        .select_related("org_unit")
        .order_by("-arrive_at")
    )


def connection_summary(campaign: ConnectionCampaign) -> dict[str, Any]:
    """Households by status and how many waited longer than the pack allows (CONN-2)."""
    return campaign.households.aggregate(
        total=Count("id"),
        connected=Count("id", filter=Q(status="connected")),
        not_connected=Count("id", filter=Q(status="not_connected")),
        wait_exceeded=Count("id", filter=Q(is_wait_exceeded=True)),
    )


def visible_meter_campaigns(user: User) -> QuerySet[MeterCampaign]:
    return MeterCampaign.objects.visible_to(user).select_related("org_unit").order_by("-as_of")


@dataclass(frozen=True)
class Progress:
    done: int
    planned: int
    percent: Decimal | None


def meter_progress(campaign: MeterCampaign) -> Progress:
    """METER-1: replacements done / planned (meter_progress_idx)."""
    counts = campaign.replacements.aggregate(
        planned=Count("id"), done=Count("id", filter=Q(status=ReplacementStatus.DONE))
    )
    return Progress(
        counts["done"], counts["planned"], rate_percent(counts["done"], counts["planned"])
    )


def _primary_address() -> Subquery:
    return Subquery(
        CustomerAddress.objects.filter(customer=OuterRef("customer_id"), is_primary=True).values(
            "text"
        )[:1]
    )


def route_day(user: User, day: date) -> QuerySet[InspectionVisit]:
    """The technician's inspection round of `day` (INSP-4): pending visits by route, then
    address, so doors of one stairwell follow each other (insp_tech_idx)."""
    return (
        technician_visits(user, day)
        .select_related("customer", "plan")
        .annotate(address=_primary_address())
        .order_by("route", "address", "id")[:ROUTE_LIMIT]
    )


def route_visit(user: User, pk: int) -> InspectionVisit | None:
    """One visit of the round as its card shows it (None: not in the user's scope)."""
    visits = InspectionVisit.objects.visible_to(user).select_related("customer")
    return visits.annotate(address=_primary_address()).filter(pk=pk).first()


@dataclass(frozen=True)
class RouteNotice:
    """INSP-3 stairwell notice (楼道通知) of one route and day: where, when, posted by when."""

    day: date
    route: int
    posted_by: date
    addresses: list[str]
    households: int


def route_notice(user: User, day: date, route: int) -> RouteNotice | None:
    """The notice of the user's visible visits on `day` and `route` (None: no such visits);
    the posting day is the plan pack's `notice_days` before the visit day."""
    visits = InspectionVisit.objects.visible_to(user).filter(planned_on=day, route=route)
    pack_id = visits.values_list("plan__pack_id", flat=True).first()
    if pack_id is None:
        return None
    rules = inspection_rules(loaded_pack(pack_id))
    addresses = visits.annotate(address=_primary_address()).values_list("address", flat=True)
    distinct = sorted({a for a in addresses.distinct()[:ROUTE_LIMIT] if a})
    return RouteNotice(
        day=day,
        route=route,
        posted_by=notice_date(day, rules.notice_days),
        addresses=distinct,
        households=visits.count(),
    )
