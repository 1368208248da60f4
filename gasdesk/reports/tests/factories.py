"""Plain factories for the reports tests: orders and complaints of October 2026 through the
owning apps' own factories (intake services), plus one September order for the trend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from gasdesk.complaints.tests.factories import make_complaint
from gasdesk.org.models import User
from gasdesk.workorders.models import WorkOrder
from gasdesk.workorders.tests.factories import make_order

SHANGHAI = ZoneInfo("Asia/Shanghai")
OCT_15 = dt.datetime(2026, 10, 15, 9, 0, tzinfo=SHANGHAI)
SEP_15 = dt.datetime(2026, 9, 15, 9, 0, tzinfo=SHANGHAI)


@dataclass
class ReportData:
    october: list[WorkOrder]
    september: WorkOrder
    breached: WorkOrder


def make_report_data(org: Any, agent: User) -> ReportData:
    """October: 3 hotline repairs (one arrival breached, still open), 1 counter repair, 2
    complaints; September: 1 hotline repair."""
    with time_machine.travel(OCT_15, tick=False):
        october = [make_order(by=agent, org_unit=org.unit_a, received_at=OCT_15) for _ in range(3)]
        october.append(
            make_order(by=agent, org_unit=org.unit_b, received_at=OCT_15, channel="counter")
        )
        make_complaint(by=agent, received_at=OCT_15, cause="service_attitude")
        make_complaint(by=agent, received_at=OCT_15, cause="service_attitude")
    with time_machine.travel(SEP_15, tick=False):
        september = make_order(by=agent, org_unit=org.unit_a, received_at=SEP_15)
    breached = october[0]
    WorkOrder.objects.filter(pk=breached.pk).update(
        arrival_breached_at=OCT_15 + dt.timedelta(hours=5)
    )
    return ReportData(october, september, breached)
