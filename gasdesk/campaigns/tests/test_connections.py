"""CONN-2/3: whole-building connection notice, waiting limit, safety check, refusals; 补户通气."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gasdesk.campaigns.models import ConnectionCampaign, ConnectionHousehold
from gasdesk.campaigns.services.connections import (
    ConnectionInput,
    connect_household,
    create_connection_campaign,
    create_supplementary_connection,
    decline_household,
    notify_connection,
    record_household_arrival,
    record_safety_check,
)
from gasdesk.core.errors import RuleViolation
from gasdesk.customers.tests.factories import make_customer
from gasdesk.notices.models import Message
from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=SH)
TOLD = datetime(2026, 11, 23, 9, 0, tzinfo=SH)  # EX-27: the SMS said 09:00

pytestmark = pytest.mark.django_db


@pytest.fixture
def building(org: Any, packs: Any, dispatcher_a: User) -> ConnectionCampaign:
    for n in (1, 2):
        make_customer(org.unit_a, address=f"巢湖市半岛花园3栋{n}01室")
    make_customer(org.unit_a, address="巢湖市半岛花园5栋101室")
    data = ConnectionInput(org.unit_a, "半岛花园3栋整体通气", "半岛花园3栋", TOLD, "wy@example.com")
    return create_connection_campaign(data, by=dispatcher_a, now=NOW)


def test_conn2_households_are_the_building_customers(building: ConnectionCampaign) -> None:
    assert building.household_count == 2
    assert {h.announced_at for h in building.households.all()} == {TOLD}


def test_conn2_notice_less_than_3_days_ahead_is_refused(
    building: ConnectionCampaign, dispatcher_a: User
) -> None:
    """CONN-2: notices 3 days ahead — on 11-21 for the 11-23 connection it is too late."""
    with pytest.raises(RuleViolation) as error:
        notify_connection(building, by=dispatcher_a, now=NOW + timedelta(days=1))
    assert "提前3天" in error.value.message
    assert ConnectionCampaign.objects.get(pk=building.pk).status == "draft"
    assert not Message.objects.exists()


def test_conn2_notice_3_days_ahead_goes_by_sms_and_to_the_property_company(
    building: ConnectionCampaign, dispatcher_a: User
) -> None:
    notify_connection(building, by=dispatcher_a, now=NOW)
    assert Message.objects.filter(channel="sms", template="connection_notice").count() == 2
    assert Message.objects.get(channel="email").recipient == "wy@example.com"
    assert Message.objects.filter(channel="sms")[0].context["time"] == "09:00"


@pytest.mark.parametrize(
    ("arrived", "minutes", "exceeded"), [((13, 30), 270, True), ((13, 0), 240, False)]
)
def test_ex27_waiting_more_than_4_hours_is_flagged(
    building: ConnectionCampaign,
    technician_a: User,
    arrived: tuple[int, int],
    minutes: int,
    exceeded: bool,
) -> None:
    """EX-27 / CONN-2: SMS 09:00, arrival 13:30 → 4 h 30 > 4 h; 13:00 → exactly 4 h, compliant."""
    make_user(Role.TECHNICIAN, building.org_unit, username="tech_unit")
    household = building.households.order_by("id")[0]
    at = TOLD.replace(hour=arrived[0], minute=arrived[1])
    row = record_household_arrival(household, by=_tech(building), at=at)
    assert (row.wait_minutes, row.is_wait_exceeded) == (minutes, exceeded)


def _tech(campaign: ConnectionCampaign) -> User:
    return User.objects.get(username="tech_unit")


def test_conn2_ignition_requires_the_safety_check_first(
    building: ConnectionCampaign, dispatcher_a: User
) -> None:
    household = building.households.order_by("id")[0]
    record_household_arrival(household, by=dispatcher_a, at=TOLD)
    household.refresh_from_db()
    with pytest.raises(RuleViolation):
        connect_household(household, by=dispatcher_a, now=TOLD)
    assert ConnectionHousehold.objects.get(pk=household.pk).status == "pending"
    household = record_safety_check(household, by=dispatcher_a, now=TOLD)
    assert connect_household(household, by=dispatcher_a, now=TOLD).status == "connected"


def test_conn2_refusal_needs_written_reasons(
    building: ConnectionCampaign, dispatcher_a: User
) -> None:
    household = building.households.order_by("id")[0]
    with pytest.raises(RuleViolation):
        decline_household(household, by=dispatcher_a, reasons=" ", now=TOLD)
    row = decline_household(household, by=dispatcher_a, reasons="未安装合格灶具", now=TOLD)
    assert (row.status, row.reasons) == ("not_connected", "未安装合格灶具")


def test_conn3_supplementary_connection_is_a_hotline_order_of_the_pack_type(
    db: Any, packs: Any
) -> None:
    """CONN-3: 96602 opens 补户通气 as business type supplementary_connection."""
    company = make_company(standard_company="kunlun96602", name="昆仑燃气XX分公司")
    unit = make_unit(name="一所", parent=company)
    agent = make_user(Role.HOTLINE_AGENT, unit)
    customer = make_customer(unit)
    order = create_supplementary_connection(customer, by=agent, description="新装户补通气", now=NOW)
    assert (order.business_type, order.channel, order.customer_id) == (
        "supplementary_connection",
        "hotline",
        customer.pk,
    )
