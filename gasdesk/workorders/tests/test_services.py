"""Work-order services: intake, transitions, pauses, agreed times, payment (WO-*, STD-*, CAL-9)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.workorders.intake import WorkOrderInput, create_work_order
from gasdesk.workorders.models import WorkOrder, WorkOrderEvent
from gasdesk.workorders.services import agree_deadline, apply_transition, record_payment
from gasdesk.workorders.tests.factories import REPAIR, make_order

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)
GAS_ON = "gas_on"  # 置换通气 (C6) in the chaohu pack
INDOOR_INSTALL = "indoor_install"  # 户内安装 (C3) in the chaohu pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(packs, org, agent_a):
    with time_machine.travel(FRI_2140, tick=False):
        return make_order(by=agent_a, org_unit=org.unit_a)


def _kinds(order):
    return list(order.events.order_by("id").values_list("kind", flat=True))


def test_wo_6_repair_order_stores_4_hour_arrival_deadline_and_pack_version(order):
    """WO-6 / DSP-4 / EX-22: repair received Fri 21:40 → arrival due Sat 2026-11-21 01:40."""
    assert order.arrival_due_at == datetime(2026, 11, 21, 1, 40, tzinfo=TZ)
    assert order.next_due_at == order.arrival_due_at
    assert order.pack.company == "chaohu"
    basis = order.deadline_basis["arrival"]
    assert (basis["code"], basis["amount"], basis["unit"]) == ("C8", 4, "hours")
    assert basis["pack_version"] == order.pack.version


def test_wo_5_the_registering_agent_is_first_responder(order, agent_a):
    """WO-5: 首问负责人 is whoever registered the order; the creation is in the history."""
    assert order.first_responder == agent_a
    event = WorkOrderEvent.objects.get(order=order)
    assert (event.kind, event.by, event.to_status) == ("CREATED", agent_a, "new")


def test_order_numbers_are_daily_sequences(packs, org, agent_a):
    with time_machine.travel(FRI_2140, tick=False):
        first = make_order(by=agent_a, org_unit=org.unit_a)
        second = make_order(by=agent_a, org_unit=org.unit_a)
    assert (first.number, second.number) == ("GD2026112000001", "GD2026112000002")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"description": "  "}, "description"),
        ({"caller_phone": ""}, "caller_phone"),
        ({"business_type": "no_such_type"}, "business_type"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_bad_intake_names_the_field_and_saves_nothing(packs, org, agent_a, change, field):
    with pytest.raises(RuleViolation) as err:
        make_order(by=agent_a, org_unit=org.unit_a, **change)
    assert err.value.field == field
    assert not WorkOrder.objects.exists()
    assert not WorkOrderEvent.objects.exists()


def test_technician_cannot_open_orders(packs, org, technician_a):
    with pytest.raises(PermissionDeniedRule):
        make_order(by=technician_a, org_unit=org.unit_a)
    assert not WorkOrder.objects.exists()


def test_dispatcher_cannot_open_orders_outside_own_unit(packs, org, dispatcher_b):
    with pytest.raises(PermissionDeniedRule):
        make_order(by=dispatcher_b, org_unit=org.unit_a)
    assert not WorkOrder.objects.exists()


def test_wo_1_full_flow_records_every_step(order, dispatcher_a, technician_a, agent_a):
    """WO-1: dispatch → accept → arrive → complete → close, each an event with who and when."""
    with time_machine.travel(FRI_2140 + timedelta(minutes=10), tick=False):
        apply_transition(order, "dispatch", by=dispatcher_a, assignee=technician_a)
    with time_machine.travel(FRI_2140 + timedelta(minutes=20), tick=False):
        apply_transition(order, "accept", by=technician_a)
    with time_machine.travel(FRI_2140 + timedelta(hours=2), tick=False):
        apply_transition(order, "arrive", by=technician_a)
        apply_transition(order, "complete", by=technician_a, result="更换灶具熄火保护装置")
        apply_transition(order, "close", by=agent_a)
    order.refresh_from_db()
    assert order.status == "closed"
    assert order.arrived_at == FRI_2140 + timedelta(hours=2)
    assert order.arrived_at <= order.arrival_due_at
    assert order.next_due_at is None
    assert _kinds(order) == ["CREATED", "DISPATCHED", "ACCEPTED", "ARRIVED", "COMPLETED", "CLOSED"]


def test_transition_from_wrong_status_is_refused_and_changes_nothing(order, dispatcher_a):
    with pytest.raises(RuleViolation) as err:
        apply_transition(order, "arrive", by=dispatcher_a)
    assert err.value.field == "status"
    order.refresh_from_db()
    assert order.status == "new"
    assert _kinds(order) == ["CREATED"]


def test_technician_sees_and_acts_on_orders_assigned_from_the_parent_unit(
    order, dispatcher_a, technician_a
):
    """A team technician is sent an order of the parent unit: it is in their list and theirs."""
    assert not WorkOrder.objects.visible_to(technician_a).exists()
    apply_transition(order, "dispatch", by=dispatcher_a, assignee=technician_a)
    assert list(WorkOrder.objects.visible_to(technician_a)) == [order]
    apply_transition(order, "accept", by=technician_a)
    assert order.status == "accepted"


def test_technician_acts_only_on_own_orders(order, dispatcher_a, technician_a, org):
    from gasdesk.org.roles import Role
    from gasdesk.org.tests.factories import make_user

    other = make_user(Role.TECHNICIAN, org.team_a)
    apply_transition(order, "dispatch", by=dispatcher_a, assignee=technician_a)
    with pytest.raises(PermissionDeniedRule):
        apply_transition(order, "accept", by=other)
    assert _kinds(order) == ["CREATED", "DISPATCHED"]


def test_concurrent_dispatch_exactly_one_wins(order, dispatcher_a, technician_a):
    """Two dispatchers holding the same version: the second gets ConcurrentChange, no event."""
    stale = WorkOrder.objects.get(pk=order.pk)
    apply_transition(order, "dispatch", by=dispatcher_a, assignee=technician_a)
    with pytest.raises(ConcurrentChange):
        apply_transition(stale, "dispatch", by=dispatcher_a, assignee=technician_a)
    assert _kinds(order) == ["CREATED", "DISPATCHED"]


def test_cal_9_suspension_pauses_the_arrival_clock(order, agent_a):
    """CAL-9: suspended 22:00–23:30 for the customer → the 01:40 deadline moves to 03:10."""
    with time_machine.travel(datetime(2026, 11, 20, 22, 0, tzinfo=TZ), tick=False):
        apply_transition(
            order,
            "suspend",
            by=agent_a,
            reason="客户要求明早再来",
            suspend_reason="customer_appointment",
        )
    with time_machine.travel(datetime(2026, 11, 20, 23, 30, tzinfo=TZ), tick=False):
        apply_transition(order, "resume", by=agent_a)
    order.refresh_from_db()
    assert order.status == "new"
    assert order.arrival_due_at == datetime(2026, 11, 21, 3, 10, tzinfo=TZ)
    assert order.deadline_basis["arrival"]["due_at"] == "2026-11-21T03:10:00+08:00"
    assert _kinds(order) == ["CREATED", "SUSPENDED", "RESUMED"]


def test_suspend_without_reason_is_refused(order, agent_a):
    with pytest.raises(RuleViolation) as err:
        apply_transition(order, "suspend", by=agent_a, reason="", suspend_reason="not_at_home")
    assert err.value.field == "reason"
    assert _kinds(order) == ["CREATED"]


def test_std_4_agreed_time_replaces_gas_on_commitment(packs, org, agent_a):
    """STD-4 / STD-3 C6: gas-on (4 ND) may be replaced by a date agreed with the customer."""
    with time_machine.travel(FRI_2140, tick=False):
        order = make_order(by=agent_a, org_unit=org.unit_a, business_type=GAS_ON)
        assert order.completion_due_at == datetime(2026, 11, 25, 0, 0, tzinfo=TZ)
        agreed = datetime(2026, 11, 28, 10, 0, tzinfo=TZ)
        agree_deadline(order, by=agent_a, clock="completion", agreed_at=agreed, reason="客户出差")
    order.refresh_from_db()
    assert order.completion_due_at == agreed
    basis = order.deadline_basis["completion"]
    assert basis["agreed"] is True
    assert basis["agreed_by"] == agent_a.pk
    assert basis["committed_due_at"] == "2026-11-25T00:00:00+08:00"


def test_std_4_repair_deadline_cannot_be_agreed_away(order, agent_a):
    """STD-4: only commitments marked 除与用户另有约定外 accept an agreed time."""
    with pytest.raises(RuleViolation) as err:
        agree_deadline(
            order, by=agent_a, clock="arrival", agreed_at=datetime(2026, 11, 22, 9, 0, tzinfo=TZ)
        )
    assert err.value.field == "clock"
    order.refresh_from_db()
    assert order.arrival_due_at == datetime(2026, 11, 21, 1, 40, tzinfo=TZ)


def test_std_3_c3_installation_clock_starts_at_payment(packs, org, agent_a):
    """STD-3 C3: indoor installation is due 10 natural days after application and payment."""
    with time_machine.travel(FRI_2140, tick=False):
        order = make_order(by=agent_a, org_unit=org.unit_a, business_type=INDOOR_INSTALL)
        assert order.completion_due_at is None
        record_payment(order, by=agent_a, paid_at=datetime(2026, 11, 20, 21, 40, tzinfo=TZ))
    order.refresh_from_db()
    assert order.completion_due_at == datetime(2026, 12, 1, 0, 0, tzinfo=TZ)  # 11-30 24:00
    assert order.deadline_basis["completion"]["start_event"] == "paid"


def test_anonymous_caller_order_needs_address(packs, org, agent_a):
    data = WorkOrderInput(
        business_type=REPAIR,
        channel="hotline",
        description="闻到燃气味",
        caller_phone="13900001111",
        org_unit=org.unit_a,
    )
    with pytest.raises(RuleViolation) as err:
        create_work_order(data, by=agent_a)
    assert err.value.field == "address"


@pytest.mark.parametrize(
    "channel", ["hotline", "counter", "online", "city_12345", "on_site", "callback"]
)
def test_wo_3_orders_arrive_from_every_channel(packs, org, agent_a, channel):
    """WO-3: hotline, counter, online/WeChat, city 12345 transfers, on site and callbacks."""
    order = make_order(by=agent_a, org_unit=org.unit_a, channel=channel)
    assert WorkOrder.objects.get(pk=order.pk).channel == channel
    assert order.get_channel_display()
