"""The medium/large path: customers through the importer, closed history bulk-written (WO-6)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gasdesk.customers.models import Customer
from gasdesk.demo.builders import DemoSize, DemoSummary, build_demo
from gasdesk.org.models import OrgUnit, User
from gasdesk.standards.schema import Tier
from gasdesk.workorders.intake import NUMBER_PREFIX
from gasdesk.workorders.models import DailySequence, WorkOrder, WorkOrderEvent
from gasdesk.workorders.models import WorkOrderStatus as S
from gasdesk.workorders.tests.factories import make_order

TINY_BULK = DemoSize("tiny", 80, 160, 12, 2, 1, 0, history_in_bulk=True)


@pytest.fixture(scope="module")
def built_once(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoSummary]:
    """One tiny bulk demo for the module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(size=TINY_BULK, seed=11, now=timezone.now())
        transaction.set_rollback(True)


@pytest.fixture
def built(built_once: DemoSummary, db: None) -> DemoSummary:
    return built_once


def test_bulk_size_imports_customers_in_every_tier(built):
    assert Customer.objects.count() == 80
    chaohu = Customer.objects.filter(org_unit__company__standard_company="chaohu")
    assert set(chaohu.values_list("tier", flat=True)) == {t.value for t in Tier}
    assert all(c.phones.exists() and c.addresses.exists() for c in chaohu[:20])


def test_wo_6_bulk_history_stores_the_pack_deadlines_repair_arrival_4_hours(built):
    """WO-6 / C8 (000 item 15(8)): a repair order's arrival deadline is receipt + 4 hours."""
    repairs = WorkOrder.objects.filter(company__standard_company="chaohu", business_type="repair")
    assert repairs.exclude(events__kind="RESUMED").exists()
    for order in repairs.exclude(events__kind="RESUMED"):
        assert order.arrival_due_at == order.received_at + timedelta(hours=4)
        assert order.deadline_basis["arrival"]["amount"] == 4
        assert order.deadline_basis["arrival"]["unit"] == "hours"


def test_cal_9_a_paused_history_order_moves_its_hour_deadline_by_the_pause(built):
    """CAL-9: hours-unit deadlines move on by exactly the time the order was suspended."""
    paused = WorkOrder.objects.filter(events__kind="RESUMED", arrival_due_at__isnull=False)
    paused = paused.filter(deadline_basis__arrival__unit="hours").distinct()
    for order in paused:
        suspended = order.events.get(kind="SUSPENDED").at
        resumed = order.events.get(kind="RESUMED").at
        amount = timedelta(hours=order.deadline_basis["arrival"]["amount"])
        assert order.arrival_due_at == order.received_at + amount + (resumed - suspended)
    assert paused.exists()


def test_bulk_closed_orders_carry_the_full_history(built):
    closed = WorkOrder.objects.filter(status=S.CLOSED)
    assert closed.count() > 100
    for order in closed[:30]:
        kinds = set(order.events.values_list("kind", flat=True))
        assert {"CREATED", "DISPATCHED", "ACCEPTED", "ARRIVED", "COMPLETED", "CLOSED"} <= kinds
        assert order.assignee is not None
        moments = [order.received_at, order.arrived_at, order.completed_at, order.closed_at]
        assert None not in moments
        assert moments == sorted(moments)  # type: ignore[type-var]
        assert order.next_due_at is None


def test_late_history_is_flagged_as_the_breach_job_would(built):
    late = WorkOrder.objects.exclude(arrival_breached_at=None).filter(status=S.CLOSED)
    for arrived, due, flagged in late.values_list(
        "arrived_at", "arrival_due_at", "arrival_breached_at"
    ):
        assert arrived is not None
        assert due is not None
        assert arrived > due
        assert flagged == due + timedelta(minutes=1)
    breached = WorkOrderEvent.objects.filter(kind="BREACHED")
    assert breached.count() >= late.count()


def test_open_orders_still_go_through_the_services(built):
    open_orders = WorkOrder.objects.open()
    assert open_orders.count() >= 12
    for order in open_orders:
        assert order.events.get(kind="CREATED").by == order.first_responder


def test_daily_sequences_continue_after_the_bulk_numbers(built):
    for sequence in DailySequence.objects.filter(prefix=NUMBER_PREFIX):
        numbers = WorkOrder.objects.filter(
            number__startswith=f"{NUMBER_PREFIX}{sequence.day:%Y%m%d}"
        )
        assert numbers.aggregate(m=Max("number"))["m"].endswith(f"{sequence.last:05d}")
    oldest = WorkOrder.objects.order_by("received_at")[0]
    agent = User.objects.get(username="agent")
    unit = OrgUnit.objects.get(name="城区服务所")
    order = make_order(by=agent, org_unit=unit, received_at=oldest.received_at)
    assert order.number > oldest.number
