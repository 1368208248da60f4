"""Demo data of field work (DSP, EMG): a technician's day and a few open alarms, made through
the same field services as the technician page, so deadlines, notices and history are real.

Entry point: `build_fieldwork(cast, fake=…, now=…)`; the lead wires it into `run.build_demo`
per company with the outlet's dispatcher and repair technicians.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from faker import Faker

from gasdesk.fieldwork.models import Assignment, Emergency
from gasdesk.fieldwork.services.dispatch import accept_order, agree_visit_time, assign_order
from gasdesk.fieldwork.services.emergencies import AlarmInput, report_emergency
from gasdesk.fieldwork.services.visits import (
    issue_hazard_notice,
    record_arrival,
    record_not_met,
)
from gasdesk.org.models import OrgUnit, User
from gasdesk.workorders.intake import WorkOrderInput, create_work_order
from gasdesk.workorders.models import Channel, WorkOrder

REPAIR = "repair"
# Demo mix (not handbook rules): how far each of today's orders gets.
STAGES = ("assigned", "accepted", "agreed", "agreed", "arrived", "not_met", "hazard")
FAULTS = ("燃气灶打不着火", "热水器点火后熄灭", "表前阀漏气", "胶管老化需更换", "燃气表不走字")


@dataclass(frozen=True)
class FieldCast:
    """Who acts in one outlet's field demo."""

    agent: User  # takes the calls and alarms
    dispatcher: User  # assigns (调度员/班组长)
    technicians: list[User]  # the outlet's repair team
    unit: OrgUnit  # the outlet (责任单位)


@dataclass
class FieldDemo:
    orders: list[WorkOrder] = field(default_factory=list)
    emergencies: list[Emergency] = field(default_factory=list)


def _order(cast: FieldCast, fake: Faker, received_at: datetime, rng: random.Random) -> WorkOrder:
    data = WorkOrderInput(
        business_type=REPAIR,
        channel=Channel.HOTLINE,
        description=rng.choice(FAULTS),
        caller_name=fake.name(),
        caller_phone=fake.phone_number(),
        address=fake.street_address(),
        org_unit=cast.unit,
        received_at=received_at,
    )
    return create_work_order(data, by=cast.agent)


def _advance(order: WorkOrder, stage: str, tech: User, rng: random.Random) -> None:
    """Walk the order to `stage` through the field services, as the phone page would."""
    if stage == "assigned":
        return
    accept_order(order, by=tech)
    if stage in ("agreed", "arrived", "hazard"):
        visit = timezone.now() + timedelta(minutes=rng.randint(30, 300))
        agree_visit_time(order, by=tech, appointment_at=visit, note="已电话联系客户")
    if stage == "not_met":
        record_not_met(order, by=tech, note="敲门三次无人应答，已张贴通知单")
    if stage in ("arrived", "hazard"):
        record_arrival(order, by=tech)
    if stage == "hazard":
        rectify_by = timezone.localdate() + timedelta(days=7)
        issue_hazard_notice(
            order, by=tech, items=["胶管超期使用", "燃气热水器未安装烟道"], rectify_by=rectify_by
        )


def build_fieldwork(
    cast: FieldCast, *, fake: Faker, now: datetime, orders: int = 7, alarms: int = 2
) -> FieldDemo:
    """Today's repair orders at every stage of the technician's day, and open alarms
    (one received long enough ago to be escalated by the next emergency scan)."""
    rng = random.Random(fake.random.random())
    built = FieldDemo()
    for index in range(orders):
        received = now - timedelta(minutes=rng.randint(15, 240))
        order = _order(cast, fake, received, rng)
        tech = cast.technicians[index % len(cast.technicians)]
        assign_order(order, by=cast.dispatcher, technician=tech)
        _advance(order, STAGES[index % len(STAGES)], tech, rng)
        built.orders.append(order)
    for index in range(alarms):
        alarm = AlarmInput(
            org_unit=cast.unit,
            fault_class="leak",
            address=fake.street_address(),
            caller_phone=fake.phone_number(),
            description="楼道内闻到燃气味" if index % 2 == 0 else "室外管道有漏气声",
        )
        built.emergencies.append(report_emergency(alarm, by=cast.agent))
    return built


def assignments_of(demo: FieldDemo) -> list[Assignment]:
    """The demo's current assignments (for the command's summary)."""
    return list(Assignment.objects.filter(order__in=demo.orders, is_current=True))
