"""DSP-1/DSP-2 for orders dispatched on the workorders pages: the acceptance scan (or the
technician's accept) adopts them with the deadline counted from the recorded dispatch."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.fieldwork.jobs import scan_acceptance
from gasdesk.fieldwork.models import Assignment, FieldEvent
from gasdesk.fieldwork.services.adoption import adopt_dispatched
from gasdesk.fieldwork.services.dispatch import accept_order
from gasdesk.fieldwork.tests.factories import assigned_order
from gasdesk.workorders.services import apply_transition
from gasdesk.workorders.tests.factories import make_order

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)
SAT_0830 = datetime(2026, 11, 21, 8, 30, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def _desk_dispatched(kunlun, business_type="repair", at=FRI_2140, technician=None):
    """Received and dispatched at `at` through workorders only (no fieldwork Assignment)."""
    with time_machine.travel(at, tick=False):
        order = make_order(by=kunlun.agent, org_unit=kunlun.unit, business_type=business_type)
        apply_transition(
            order, "dispatch", by=kunlun.dispatcher, assignee=technician or kunlun.technician
        )
    return order


def test_dsp_1_scan_adopts_desk_dispatched_repair_due_one_hour_after_dispatch(kunlun):
    """DSP-1: a repair dispatched on the workorders page at Fri 21:40, scanned at 22:10 → an
    Assignment due 22:40 (1 h from the recorded dispatch, not from the scan)."""
    order = _desk_dispatched(kunlun)
    assert not Assignment.objects.filter(order=order).exists()
    assert scan_acceptance(now=FRI_2140 + timedelta(minutes=30)) == 1
    a = Assignment.objects.get(order=order, is_current=True)
    assert (a.kind, a.technician, a.team) == ("prompt", kunlun.technician, kunlun.team)
    assert (a.assigned_at, a.accept_due_at) == (FRI_2140, FRI_2140 + timedelta(hours=1))
    assert a.assigned_by == kunlun.dispatcher
    event = FieldEvent.objects.get(order=order, kind="ADOPTED")
    assert event.data["accept_due_at"] == "2026-11-20T22:40:00+08:00"


def test_dsp_2_adopted_meter_change_dispatched_2140_is_pooled_and_due_0830(kunlun):
    """DSP-2: 其他类 dispatched Fri 21:40 on the desk, first scanned Sat 00:05 → adopted with
    the 08:30 next-day deadline and moved to the team pool in the same scan."""
    order = _desk_dispatched(kunlun, "meter_change")
    scan_acceptance(now=datetime(2026, 11, 21, 0, 5, tzinfo=TZ))
    a = Assignment.objects.get(order=order, is_current=True)
    assert (a.kind, a.accept_due_at) == ("pool", SAT_0830)
    assert a.pooled_at == datetime(2026, 11, 21, 0, 5, tzinfo=TZ)
    assert a.accept_overdue_at is None


def test_dsp_1_adopted_late_is_flagged_overdue_in_the_same_scan(kunlun):
    """DSP-1: adopted after its 1-hour deadline (dispatch 21:40, scan 23:00) → flagged overdue."""
    order = _desk_dispatched(kunlun)
    scan_acceptance(now=datetime(2026, 11, 20, 23, 0, tzinfo=TZ))
    a = Assignment.objects.get(order=order, is_current=True)
    assert a.accept_overdue_at == datetime(2026, 11, 20, 23, 0, tzinfo=TZ)


def test_dsp_1_accepting_a_desk_dispatched_order_adopts_it_first(kunlun):
    """DSP-1: the technician accepts at 21:50 before any scan → accepted, deadline 22:40 kept."""
    order = _desk_dispatched(kunlun)
    with time_machine.travel(FRI_2140 + timedelta(minutes=10), tick=False):
        a = accept_order(order, by=kunlun.technician)
    order.refresh_from_db()
    assert order.status == "accepted"
    assert a.accept_due_at == FRI_2140 + timedelta(hours=1)
    assert a.accepted_at == FRI_2140 + timedelta(minutes=10)
    kinds = list(FieldEvent.objects.filter(order=order).values_list("kind", flat=True))
    assert kinds == ["ADOPTED", "SIGNED_FOR"]


def test_dsp_1_desk_reassignment_replaces_a_stale_field_assignment(kunlun):
    """DSP-1/3: assigned in the field to 赵, reassigned on the desk to 钱 at 21:50 → the scan
    ends 赵's row and gives 钱 one due 22:50 (1 h from the reassignment)."""
    order, old = assigned_order(
        agent=kunlun.agent,
        dispatcher=kunlun.dispatcher,
        technician=kunlun.technician,
        unit=kunlun.unit,
        at=FRI_2140,
    )
    order.refresh_from_db()
    reassigned_at = FRI_2140 + timedelta(minutes=10)
    with time_machine.travel(reassigned_at, tick=False):
        apply_transition(
            order, "reassign", by=kunlun.dispatcher, reason="改派", assignee=kunlun.technician_2
        )
    adopt_dispatched(reassigned_at + timedelta(minutes=1))
    old.refresh_from_db()
    assert old.is_current is False
    new = Assignment.objects.get(order=order, is_current=True)
    assert (new.technician, new.accept_due_at) == (
        kunlun.technician_2,
        reassigned_at + timedelta(hours=1),
    )


def test_dsp_1_adoption_is_idempotent_and_skips_field_assigned_orders(kunlun):
    """DSP-1: a second scan adopts nothing; an order assigned in the field is left alone."""
    _desk_dispatched(kunlun)
    assigned_order(
        agent=kunlun.agent,
        dispatcher=kunlun.dispatcher,
        technician=kunlun.technician,
        unit=kunlun.unit,
        at=FRI_2140,
    )
    now = FRI_2140 + timedelta(minutes=5)
    assert adopt_dispatched(now) == 1
    assert adopt_dispatched(now) == 0
    assert Assignment.objects.count() == 2
    assert FieldEvent.objects.filter(kind="ADOPTED").count() == 1


def test_dsp_1_adoption_of_many_orders_is_a_fixed_number_of_queries(
    kunlun, django_assert_max_num_queries
):
    """DSP-1: twenty orphaned orders adopted in one batch, not one query per order."""
    for _ in range(20):
        _desk_dispatched(kunlun)
    adopt_dispatched(FRI_2140)  # warm the pack and calendar caches
    for _ in range(20):
        _desk_dispatched(kunlun, at=FRI_2140 + timedelta(minutes=1))
    with django_assert_max_num_queries(12):
        assert adopt_dispatched(FRI_2140 + timedelta(minutes=2)) == 20
