"""WO-6: the breach scan flags each passed deadline once, and never a paused one."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.workorders.jobs import scan_breaches
from gasdesk.workorders.models import WorkOrderEvent
from gasdesk.workorders.services import apply_transition
from gasdesk.workorders.tests.factories import make_order

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def test_wo_6_arrival_breach_flagged_once_after_4_hours(packs, org, agent_a):
    """WO-6 / DSP-4: nobody on site by 01:40 → breached at the first scan after it, once."""
    with time_machine.travel(FRI_2140, tick=False):
        order = make_order(by=agent_a, org_unit=org.unit_a)
    assert scan_breaches(now=FRI_2140 + timedelta(hours=3, minutes=59)) == 0
    assert scan_breaches(now=FRI_2140 + timedelta(hours=4, minutes=1)) == 1
    assert scan_breaches(now=FRI_2140 + timedelta(hours=5)) == 0
    order.refresh_from_db()
    assert order.arrival_breached_at == FRI_2140 + timedelta(hours=4, minutes=1)
    event = WorkOrderEvent.objects.get(order=order, kind="BREACHED")
    assert event.data == {"clock": "arrival", "due_at": "2026-11-21T01:40:00+08:00"}


def test_suspended_order_is_not_breached(packs, org, agent_a):
    """CAL-9: while suspended for the customer the clock is paused."""
    with time_machine.travel(FRI_2140, tick=False):
        order = make_order(by=agent_a, org_unit=org.unit_a)
        apply_transition(
            order, "suspend", by=agent_a, reason="客户不在家", suspend_reason="not_at_home"
        )
    assert scan_breaches(now=FRI_2140 + timedelta(hours=6)) == 0
