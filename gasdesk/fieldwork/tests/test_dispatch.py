"""Dispatch and signing for (DSP-1…3, CAL-6) through the services, on the 96602 pack."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.fieldwork.jobs import scan_acceptance
from gasdesk.fieldwork.models import Assignment, FieldEvent
from gasdesk.fieldwork.services.dispatch import (
    LOST_RACE,
    accept_order,
    agree_visit_time,
    assign_order,
    report_cannot_keep,
)
from gasdesk.fieldwork.tests.factories import assigned_order
from gasdesk.workorders.models import WorkOrder, WorkOrderEvent
from gasdesk.workorders.tests.factories import make_order

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)
SAT_0830 = datetime(2026, 11, 21, 8, 30, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def _order(kunlun, business_type="repair", at=FRI_2140):
    return assigned_order(
        agent=kunlun.agent,
        dispatcher=kunlun.dispatcher,
        technician=kunlun.technician,
        unit=kunlun.unit,
        at=at,
        business_type=business_type,
    )


def test_dsp_1_repair_reported_friday_2140_must_be_signed_for_by_2240(kunlun):
    """DSP-1: 维抢修类 1-hour response at any time: Fri 21:40 → accept and phone by 22:40."""
    order, assignment = _order(kunlun)
    assert (assignment.kind, assignment.accept_due_at) == ("prompt", FRI_2140 + timedelta(hours=1))
    assert assignment.contact_due_at == datetime(2026, 11, 20, 22, 40, tzinfo=TZ)
    order.refresh_from_db()
    assert (order.status, order.assignee) == ("dispatched", kunlun.technician)
    event = FieldEvent.objects.get(order=order, kind="ASSIGNED")
    assert event.by == kunlun.dispatcher


def test_dsp_2_meter_change_at_2140_goes_to_pool_and_is_due_0830_next_day(kunlun):
    """DSP-2 / CAL-6: 其他类 not signed for that day → team pool at 24:00, due Sat 08:30."""
    order, assignment = _order(kunlun, "meter_change")
    assert (assignment.kind, assignment.accept_due_at) == ("pool", SAT_0830)
    scan_acceptance(now=datetime(2026, 11, 20, 23, 59, tzinfo=TZ))
    assert Assignment.objects.get(pk=assignment.pk).pooled_at is None
    midnight = datetime(2026, 11, 21, 0, 0, tzinfo=TZ)
    assert scan_acceptance(now=midnight) == 1
    pooled = Assignment.objects.get(pk=assignment.pk)
    assert (pooled.pooled_at, pooled.accept_overdue_at) == (midnight, None)
    assert scan_acceptance(now=SAT_0830) == 0  # exactly 08:30 is still in time
    assert scan_acceptance(now=SAT_0830 + timedelta(minutes=1)) == 1
    assert FieldEvent.objects.filter(order=order, kind="ACCEPT_OVERDUE").count() == 1


def test_dsp_2_signed_from_pool_then_customer_phoned_within_1_hour(kunlun):
    """DSP-2: 于次日早8:30完成签收，执行一小时响应 — signed 08:10 → contact due 09:10."""
    order, _ = _order(kunlun, "meter_change")
    with time_machine.travel(datetime(2026, 11, 21, 8, 10, tzinfo=TZ), tick=False):
        assignment = accept_order(order, by=kunlun.technician)
    assert assignment.contact_due_at == datetime(2026, 11, 21, 9, 10, tzinfo=TZ)
    assert Assignment.objects.get(pk=assignment.pk).accepted_at == datetime(
        2026, 11, 21, 8, 10, tzinfo=TZ
    )
    assert WorkOrder.objects.get(pk=order.pk).status == "accepted"


def test_cal_6_next_working_day_pack_option(kunlun, monkeypatch):
    """CAL-6: a pack that says next working day moves Friday's deadline to Mon 08:30."""
    from gasdesk.fieldwork.services import dispatch
    from gasdesk.standards.schema import PoolSignBy

    real = dispatch.order_pack

    def working_day_pack(order):
        pack = real(order)
        calendar = pack.calendar.model_copy(
            update={"pool_sign_by": PoolSignBy(day="next_working_day")}
        )
        return pack.model_copy(update={"calendar": calendar})

    monkeypatch.setattr(dispatch, "order_pack", working_day_pack)
    _, assignment = _order(kunlun, "meter_change")
    assert assignment.accept_due_at == datetime(2026, 11, 23, 8, 30, tzinfo=TZ)


def test_dsp_assign_refuses_a_technician_outside_the_unit_subtree(kunlun):
    with time_machine.travel(FRI_2140, tick=False):
        order = make_order(by=kunlun.agent, org_unit=kunlun.unit)
        with pytest.raises(RuleViolation) as error:
            assign_order(order, by=kunlun.dispatcher, technician=kunlun.outsider_technician)
    assert error.value.field == "technician"
    order.refresh_from_db()
    assert (order.status, order.assignee) == ("new", None)
    assert not Assignment.objects.exists()
    assert not FieldEvent.objects.exists()


def test_dsp_assign_refuses_a_non_technician(kunlun):
    with time_machine.travel(FRI_2140, tick=False):
        order = make_order(by=kunlun.agent, org_unit=kunlun.unit)
        with pytest.raises(RuleViolation):
            assign_order(order, by=kunlun.dispatcher, technician=kunlun.dispatcher_2)
    assert not Assignment.objects.exists()


def test_dsp_a_technician_cannot_assign(kunlun):
    with time_machine.travel(FRI_2140, tick=False):
        order = make_order(by=kunlun.agent, org_unit=kunlun.unit)
        with pytest.raises(PermissionDeniedRule):
            assign_order(order, by=kunlun.technician, technician=kunlun.technician_2)
    assert WorkOrder.objects.get(pk=order.pk).status == "new"
    assert not Assignment.objects.exists()


def test_dsp_concurrent_double_assignment_exactly_one_wins(kunlun):
    """Two dispatchers open the same new order; both assign: the second gets a clear message."""
    with time_machine.travel(FRI_2140, tick=False):
        order = make_order(by=kunlun.agent, org_unit=kunlun.unit)
        seen_by_second = WorkOrder.objects.get(pk=order.pk)
        assign_order(order, by=kunlun.dispatcher, technician=kunlun.technician)
        with pytest.raises(ConcurrentChange) as error:
            assign_order(seen_by_second, by=kunlun.dispatcher_2, technician=kunlun.technician_2)
    assert error.value.message == LOST_RACE
    assert Assignment.objects.get().technician == kunlun.technician
    assert WorkOrder.objects.get(pk=order.pk).assignee == kunlun.technician
    assert WorkOrderEvent.objects.filter(order=order, kind="DISPATCHED").count() == 1
    assert FieldEvent.objects.filter(order=order, kind="ASSIGNED").count() == 1


@pytest.mark.django_db(transaction=True)
def test_dsp_concurrent_double_assignment_in_two_threads_on_postgresql(kunlun):
    """The same race with two real connections (PostgreSQL row locks): one wins, one is told."""
    if connection.vendor != "postgresql":
        pytest.skip("two concurrent writers need PostgreSQL")
    order = make_order(by=kunlun.agent, org_unit=kunlun.unit)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def assign(dispatcher, technician):
        from django.db import connection as thread_connection

        mine = WorkOrder.objects.get(pk=order.pk)
        barrier.wait()
        try:
            assign_order(mine, by=dispatcher, technician=technician)
            outcomes.append("won")
        except ConcurrentChange as error:
            outcomes.append(error.message)
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=assign, args=(kunlun.dispatcher, kunlun.technician)),
        threading.Thread(target=assign, args=(kunlun.dispatcher_2, kunlun.technician_2)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == sorted(["won", LOST_RACE])
    assert Assignment.objects.filter(order=order).count() == 1
    assert FieldEvent.objects.filter(order=order, kind="ASSIGNED").count() == 1


def test_dsp_1_technician_agrees_a_visit_time_after_signing(kunlun):
    order, _ = _order(kunlun)
    visit_at = datetime(2026, 11, 20, 23, 0, tzinfo=TZ)
    with time_machine.travel(FRI_2140 + timedelta(minutes=10), tick=False):
        accept_order(order, by=kunlun.technician)
        assignment = agree_visit_time(order, by=kunlun.technician, appointment_at=visit_at)
    assert (assignment.appointment_at, assignment.contacted_at) == (
        visit_at,
        FRI_2140 + timedelta(minutes=10),
    )
    assert FieldEvent.objects.filter(order=order, kind="VISIT_TIME_AGREED").count() == 1


def test_dsp_agreeing_a_time_before_signing_is_refused(kunlun):
    order, assignment = _order(kunlun)
    with time_machine.travel(FRI_2140, tick=False), pytest.raises(RuleViolation):
        agree_visit_time(order, by=kunlun.technician, appointment_at=FRI_2140 + timedelta(hours=1))
    assert Assignment.objects.get(pk=assignment.pk).appointment_at is None


def test_dsp_another_technician_cannot_sign_for_the_order(kunlun):
    order, assignment = _order(kunlun)
    with time_machine.travel(FRI_2140, tick=False), pytest.raises(PermissionDeniedRule):
        accept_order(order, by=kunlun.technician_2)
    assert Assignment.objects.get(pk=assignment.pk).accepted_at is None
    assert WorkOrder.objects.get(pk=order.pk).status == "dispatched"


def test_dsp_3_cannot_keep_the_time_then_team_leader_reassigns_with_history(kunlun):
    """DSP-3: the technician tells the team leader in advance; the leader sends another."""
    order, first = _order(kunlun)
    with time_machine.travel(FRI_2140 + timedelta(minutes=5), tick=False):
        accept_order(order, by=kunlun.technician)
        report_cannot_keep(order, by=kunlun.technician, reason="车辆故障")
        second = assign_order(
            order, by=kunlun.dispatcher, technician=kunlun.technician_2, reason="原维修员车辆故障"
        )
    first.refresh_from_db()
    assert (first.is_current, first.cannot_keep_at is not None) == (False, True)
    assert (second.is_current, second.technician) == (True, kunlun.technician_2)
    order.refresh_from_db()
    assert (order.status, order.assignee) == ("dispatched", kunlun.technician_2)
    kinds = list(FieldEvent.objects.filter(order=order).values_list("kind", flat=True))
    assert kinds == ["ASSIGNED", "SIGNED_FOR", "CANNOT_KEEP_APPOINTMENT", "ASSIGNED"]
    assert WorkOrderEvent.objects.filter(order=order, kind="REASSIGNED").count() == 1


def test_dsp_3_reassignment_needs_a_reason(kunlun):
    order, first = _order(kunlun)
    with time_machine.travel(FRI_2140, tick=False), pytest.raises(RuleViolation):
        assign_order(order, by=kunlun.dispatcher, technician=kunlun.technician_2)
    assert Assignment.objects.get().pk == first.pk
