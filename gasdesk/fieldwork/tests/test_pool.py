"""DSP-2 team pool claim: a technician of the same team takes a pooled order and signs for it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.fieldwork.jobs import scan_acceptance
from gasdesk.fieldwork.models import Assignment, FieldEvent
from gasdesk.fieldwork.services.pool import claim_from_pool
from gasdesk.fieldwork.tests.factories import assigned_order

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)
SAT_0700 = datetime(2026, 11, 21, 7, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def _pooled(kunlun, pool=True):
    """A meter change assigned to 赵 Fri 21:40; at Sat 00:05 it goes to the team pool (DSP-2)."""
    order, assignment = assigned_order(
        agent=kunlun.agent,
        dispatcher=kunlun.dispatcher,
        technician=kunlun.technician,
        unit=kunlun.unit,
        at=FRI_2140,
        business_type="meter_change",
    )
    if pool:
        scan_acceptance(now=datetime(2026, 11, 21, 0, 5, tzinfo=TZ))
    order.refresh_from_db()
    return order


def _unchanged(order, holder):
    order.refresh_from_db()
    assert (order.status, order.assignee) == ("dispatched", holder)
    assert Assignment.objects.filter(order=order).count() == 1
    assert not FieldEvent.objects.filter(order=order, kind="CLAIMED_FROM_POOL").exists()


def test_dsp_2_technician_of_another_team_cannot_claim(kunlun):
    """DSP-2: 团队池 is per team: a technician of another unit is refused, nothing changes."""
    order = _pooled(kunlun)
    with time_machine.travel(SAT_0700, tick=False), pytest.raises(PermissionDeniedRule):
        claim_from_pool(order, by=kunlun.outsider_technician)
    _unchanged(order, kunlun.technician)


def test_dsp_2_order_not_yet_in_the_pool_cannot_be_claimed(kunlun):
    """DSP-2: before 24:00 of its day the order is still the assignee's, not the pool's."""
    order = _pooled(kunlun, pool=False)
    soon = time_machine.travel(FRI_2140 + timedelta(minutes=5), tick=False)
    with soon, pytest.raises(RuleViolation, match="不在团队池中"):
        claim_from_pool(order, by=kunlun.technician_2)
    _unchanged(order, kunlun.technician)


def test_dsp_2_dispatcher_does_not_claim_but_reassigns(kunlun):
    """DSP-2: claiming is a technician's act; a dispatcher reassigns instead."""
    order = _pooled(kunlun)
    with time_machine.travel(SAT_0700, tick=False), pytest.raises(PermissionDeniedRule):
        claim_from_pool(order, by=kunlun.dispatcher)
    _unchanged(order, kunlun.technician)


def test_dsp_2_team_mate_claims_pooled_order_and_must_phone_by_0800(kunlun):
    """DSP-2: 钱 claims 赵's pooled order Sat 07:00 → accepted by 钱, customer phoned by 08:00
    (1 h after signing), 赵's assignment ended, history kept."""
    order = _pooled(kunlun)
    with time_machine.travel(SAT_0700, tick=False):
        claimed = claim_from_pool(order, by=kunlun.technician_2)
    order.refresh_from_db()
    assert (order.status, order.assignee) == ("accepted", kunlun.technician_2)
    assert (claimed.accepted_at, claimed.contact_due_at) == (
        SAT_0700,
        SAT_0700 + timedelta(hours=1),
    )
    assert Assignment.objects.get(order=order, is_current=False).technician == kunlun.technician
    assert FieldEvent.objects.filter(order=order, kind="CLAIMED_FROM_POOL").count() == 1
