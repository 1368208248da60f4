"""Tier priority in the dispatch lists (DSP-6) and the 1-hour class of single-household
outages (OUT-4)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.customers.tests.factories import make_customer
from gasdesk.fieldwork import selectors
from gasdesk.fieldwork.services.dispatch import assign_order
from gasdesk.fieldwork.tests.factories import assigned_order
from gasdesk.standards.schema import Tier
from gasdesk.workorders.tests.factories import make_order

TZ = ZoneInfo("Asia/Shanghai")
MON_0900 = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def test_out_4_single_household_outage_gets_the_1_hour_response(kunlun):
    """OUT-4 / DSP-1 (001 annex): a 单户停气 order is a 1-hour class: signed for within 60
    minutes of dispatch, the customer phoned within 1 h of receipt, day or night."""
    night = datetime(2026, 11, 20, 23, 10, tzinfo=TZ)
    order, assignment = assigned_order(
        agent=kunlun.agent,
        dispatcher=kunlun.dispatcher,
        technician=kunlun.technician,
        unit=kunlun.unit,
        at=night,
        business_type="single_household_outage",
    )
    assert (assignment.kind, assignment.accept_due_at) == ("prompt", night + timedelta(hours=1))
    assert assignment.pools_at is None
    assert order.response_due_at == night + timedelta(hours=1)


def _order(agent, unit, tier, received_at):
    customer = make_customer(unit, tier=tier)
    return make_order(by=agent, org_unit=unit, customer=customer, received_at=received_at)


def test_dsp_6_vip_orders_head_the_dispatch_list(org, packs, agent_a, dispatcher_a):
    """DSP-6 (004 三.3, 四): VIP first at every step whatever its deadline; then the nearest
    deadline; on equal deadlines 重点/关键 before 一般 (同等情况下优先保障)."""
    with time_machine.travel(MON_0900 + timedelta(hours=2), tick=False):
        early_general = _order(agent_a, org.unit_a, Tier.GENERAL, MON_0900)
        late = MON_0900 + timedelta(hours=1)
        late_general = _order(agent_a, org.unit_a, Tier.GENERAL, late)
        late_important = _order(agent_a, org.unit_a, Tier.IMPORTANT, late)
        late_vip = _order(agent_a, org.unit_a, Tier.VIP, late)
        rows = list(selectors.orders_to_assign(dispatcher_a))
    assert [o.pk for o in rows] == [
        late_vip.pk,
        early_general.pk,
        late_important.pk,
        late_general.pk,
    ]


def test_dsp_6_unsigned_list_puts_vip_first(org, packs, agent_a, dispatcher_a, technician_a):
    """DSP-6: the team leader's unsigned list follows the same priority."""
    with time_machine.travel(MON_0900, tick=False):
        general = _order(agent_a, org.unit_a, Tier.GENERAL, MON_0900)
        assign_order(general, by=dispatcher_a, technician=technician_a)
    with time_machine.travel(MON_0900 + timedelta(minutes=30), tick=False):
        vip = _order(agent_a, org.unit_a, Tier.VIP, MON_0900 + timedelta(minutes=30))
        assign_order(vip, by=dispatcher_a, technician=technician_a)
    rows = list(selectors.unsigned_assignments(dispatcher_a))
    assert [a.order_id for a in rows] == [vip.pk, general.pk]


def test_dsp_6_without_tiers_the_nearest_deadline_comes_first(kunlun):
    """DSP-6 is a 巢湖 (004) rule: the 96602 pack has no tiers, so its list is by deadline."""
    with time_machine.travel(MON_0900, tick=False):
        first = make_order(by=kunlun.agent, org_unit=kunlun.unit, received_at=MON_0900)
    with time_machine.travel(MON_0900 + timedelta(minutes=10), tick=False):
        vip = make_customer(kunlun.unit, tier=Tier.VIP)
        second = make_order(by=kunlun.agent, org_unit=kunlun.unit, customer=vip)
    assert selectors.dispatch_priority(kunlun.dispatcher) is None
    rows = list(selectors.orders_to_assign(kunlun.dispatcher))
    assert [o.pk for o in rows] == [first.pk, second.pk]
