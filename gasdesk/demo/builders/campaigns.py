"""Demo data of planned operations (OUT, INSP, CONN, METER) and the notices they send (SMS),
made through the campaign services, so notice periods, deadlines and the message log are real.

Entry point: `build_campaigns(unit, planner=…, technician=…, now=…)`; the lead wires it into
`run.build_demo` per company with the outlet's dispatcher and one of its technicians.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from gasdesk.campaigns.models import (
    ConnectionCampaign,
    InspectionPlan,
    MeterCampaign,
    Outage,
    OutageKind,
    SelectionKind,
)
from gasdesk.campaigns.services.connections import (
    ConnectionInput,
    create_connection_campaign,
    notify_connection,
)
from gasdesk.campaigns.services.inspections import generate_inspection_plan, record_visit_outcome
from gasdesk.campaigns.services.meters import create_meter_campaign
from gasdesk.campaigns.services.outages import (
    OutageInput,
    create_outage,
    publish_outage,
    restore_outage,
)
from gasdesk.customers.models import CustomerAddress
from gasdesk.notices.services import deliver_due
from gasdesk.org.models import OrgUnit, User

# Demo mix (not handbook rules): outcomes of the first visits of the plan.
OUTCOMES = ("inspected", "inspected", "inspected", "not_home", "refused", "hazard")


@dataclass
class CampaignDemo:
    outages: list[Outage] = field(default_factory=list)
    plan: InspectionPlan | None = None
    connection: ConnectionCampaign | None = None
    meters: MeterCampaign | None = None
    messages_sent: int = 0


def build_campaigns(
    unit: OrgUnit, *, planner: User, technician: User | None = None, now: datetime | None = None
) -> CampaignDemo:
    """A published planned outage, a restored emergency, this year's inspection plan with a
    few outcomes, a notified whole-building connection, a meter campaign; notices delivered."""
    now = now or timezone.now()
    demo = CampaignDemo()
    demo.outages = [_planned(unit, planner, now), _emergency(unit, planner, now)]
    demo.plan = _plan(unit, planner, technician, now)
    demo.connection = _connection(unit, planner, now)
    demo.meters = create_meter_campaign(
        unit, title="", as_of=timezone.localdate(now), by=planner, now=now
    )
    demo.messages_sent = deliver_due(now=now, batch=5000).sent
    return demo


def _outage(unit: OrgUnit, kind: str, starts_at: datetime, title: str) -> OutageInput:
    return OutageInput(
        org_unit=unit,
        title=title,
        kind=kind,
        reason="中压管网碰口改造",
        area_text=unit.name,
        selection_kind=SelectionKind.UNIT,
        selection_value=str(unit.pk),
        starts_at=starts_at,
        planned_restore_at=starts_at + timedelta(hours=8),
    )


def _planned(unit: OrgUnit, planner: User, now: datetime) -> Outage:
    starts = timezone.localtime(now + timedelta(days=2)).replace(hour=9, minute=0, second=0)
    outage = create_outage(
        _outage(unit, OutageKind.PLANNED, starts, "管网改造计划停气"), by=planner, now=now
    )
    return publish_outage(outage, by=planner, now=now)


def _emergency(unit: OrgUnit, planner: User, now: datetime) -> Outage:
    starts = now - timedelta(hours=6)
    outage = create_outage(
        _outage(unit, OutageKind.EMERGENCY, starts, "外力破坏紧急停气"), by=planner, now=starts
    )
    outage = publish_outage(outage, by=planner, now=starts)
    return restore_outage(outage, by=planner, now=now - timedelta(hours=1))


def _plan(unit: OrgUnit, planner: User, technician: User | None, now: datetime) -> InspectionPlan:
    plan = generate_inspection_plan(unit, timezone.localdate(now).year, by=planner, now=now)
    visits = plan.visits.filter(round=1).order_by("planned_on", "id")[: len(OUTCOMES)]
    for visit, outcome in zip(list(visits), OUTCOMES, strict=False):
        items = "胶管老化、灶具无熄火保护装置" if outcome == "hazard" else ""
        record_visit_outcome(visit, outcome=outcome, by=planner, now=now, hazard_items=items)
    return plan


def _connection(unit: OrgUnit, planner: User, now: datetime) -> ConnectionCampaign | None:
    address = (
        CustomerAddress.objects.filter(customer__org_unit=unit, is_primary=True)
        .values_list("text", flat=True)
        .first()
    )
    if not address:
        return None
    arrive = timezone.localtime(now + timedelta(days=4)).replace(hour=9, minute=0, second=0)
    data = ConnectionInput(unit, f"{address[:12]}整体通气", address[:12], arrive)
    campaign = create_connection_campaign(data, by=planner, now=now)
    return notify_connection(campaign, by=planner, now=now)
