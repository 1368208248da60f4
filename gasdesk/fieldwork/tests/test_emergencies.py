"""Emergencies (EMG-1…3) on the 巢湖 pack: 30/50-minute arrival, 4/24-hour clearance,
escalation to the duty leader, the open-emergency banner."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from gasdesk.core.errors import RuleViolation
from gasdesk.fieldwork.jobs import scan_emergencies
from gasdesk.fieldwork.models import Emergency, EmergencyEscalation, FieldEvent
from gasdesk.fieldwork.selectors import banner_emergencies
from gasdesk.fieldwork.services.dispatch import accept_order, assign_order
from gasdesk.fieldwork.services.emergencies import AlarmInput, report_emergency
from gasdesk.fieldwork.services.visits import complete_order, record_arrival
from gasdesk.fieldwork.tests.factories import signature_url
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.workorders.models import WorkOrder

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _alarm(unit, by, fault="leak", at=FRI_2140):
    alarm = AlarmInput(
        org_unit=unit,
        fault_class=fault,
        address="巢湖市卧牛山路2号",
        caller_phone="13900001111",
        description="楼道内有燃气味",
    )
    with time_machine.travel(at, tick=False):
        return report_emergency(alarm, by=by)


def test_emg_1_urban_alarm_arrival_due_within_30_minutes(org, packs, agent_a):
    """EMG-1 / C9b: an urban alarm at 21:40 → on site by 22:10."""
    emergency = _alarm(org.unit_a, agent_a)
    assert emergency.arrival_due_at == datetime(2026, 11, 20, 22, 10, tzinfo=TZ)
    assert emergency.order.business_type == "emergency"
    assert (emergency.order.area, emergency.fault_class) == ("urban", "leak")


def test_emg_1_remote_alarm_arrival_due_within_50_minutes(org, packs, agent_a):
    """EMG-1 / C9c: an alarm in a remote area (含山) at 21:40 → on site by 22:30."""
    emergency = _alarm(org.unit_b, agent_a)
    assert emergency.order.area == "remote"
    assert emergency.arrival_due_at == FRI_2140 + timedelta(minutes=50)
    assert emergency.escalate_at == FRI_2140 + timedelta(minutes=40)


@pytest.mark.parametrize(("fault", "hours"), [("general", 4), ("major", 24)])
def test_emg_2_pipeline_faults_cleared_within_4_or_24_hours(org, packs, agent_a, fault, hours):
    """EMG-2 / C9d, C9e: general faults cleared within 4 h, major within 24 h."""
    emergency = _alarm(org.unit_a, agent_a, fault=fault)
    assert emergency.order.completion_due_at == FRI_2140 + timedelta(hours=hours)


def test_emg_alarm_with_an_unknown_fault_class_changes_nothing(org, packs, agent_a):
    with pytest.raises(RuleViolation):
        _alarm(org.unit_a, agent_a, fault="earthquake")
    assert not WorkOrder.objects.exists()
    assert not Emergency.objects.exists()


def test_emg_3_escalates_to_the_duty_leader_10_minutes_before_when_nobody_arrived(
    org, packs, agent_a, dispatcher_a, dispatcher_b
):
    """EMG-3: urban alarm 21:40 (due 22:10) → warned at 22:00, once, to unit A's leaders."""
    manager = make_user(Role.MANAGER, org.company, username="manager")
    emergency = _alarm(org.unit_a, agent_a)
    assert scan_emergencies(now=datetime(2026, 11, 20, 21, 59, tzinfo=TZ)) == 0
    warn = datetime(2026, 11, 20, 22, 0, tzinfo=TZ)
    assert scan_emergencies(now=warn) == 1
    assert scan_emergencies(now=warn + timedelta(minutes=1)) == 0
    row = EmergencyEscalation.objects.get()
    assert (row.emergency, row.at, row.arrival_due_at) == (
        emergency,
        warn,
        emergency.arrival_due_at,
    )
    assert set(row.notified.all()) == {dispatcher_a, manager}  # not unit B's dispatcher
    assert FieldEvent.objects.filter(order=emergency.order, kind="ESCALATED").count() == 1


def test_emg_3_no_escalation_once_someone_is_on_site(
    org, packs, agent_a, dispatcher_a, technician_a
):
    emergency = _alarm(org.unit_a, agent_a)
    order = emergency.order
    with time_machine.travel(FRI_2140 + timedelta(minutes=5), tick=False):
        assign_order(order, by=dispatcher_a, technician=technician_a)
        accept_order(order, by=technician_a)
        record_arrival(order, by=technician_a)
    assert scan_emergencies(now=datetime(2026, 11, 20, 22, 5, tzinfo=TZ)) == 0
    assert not EmergencyEscalation.objects.exists()


def test_emg_signed_completion_ends_the_emergency(org, packs, agent_a, dispatcher_a, technician_a):
    emergency = _alarm(org.unit_a, agent_a)
    order = emergency.order
    with time_machine.travel(FRI_2140 + timedelta(minutes=20), tick=False):
        assign_order(order, by=dispatcher_a, technician=technician_a)
        accept_order(order, by=technician_a)
        record_arrival(order, by=technician_a)
        complete_order(order, by=technician_a, signature=signature_url(), signed_by_name="物业李")
    assert Emergency.objects.get().resolved_at == FRI_2140 + timedelta(minutes=20)


def test_emg_banner_shows_open_alarms_in_scope_with_one_cached_query(
    org, packs, agent_a, dispatcher_b, django_assert_num_queries
):
    _alarm(org.unit_a, agent_a)
    rows = banner_emergencies(agent_a)  # company-wide hotline agent sees unit A's alarm
    assert [r["address"] for r in rows] == ["巢湖市卧牛山路2号"]
    with django_assert_num_queries(0):
        assert banner_emergencies(agent_a) == rows
    assert banner_emergencies(dispatcher_b) == []  # unit B's dispatcher: not in scope


def test_emg_banner_is_one_query_when_not_cached(
    org, packs, agent_a, django_assert_max_num_queries
):
    for _ in range(3):
        _alarm(org.unit_a, agent_a)
    cache.clear()
    agent_a.org_unit  # noqa: B018 - loaded by the login session in real requests
    with django_assert_max_num_queries(2):
        assert len(banner_emergencies(agent_a)) == 3
