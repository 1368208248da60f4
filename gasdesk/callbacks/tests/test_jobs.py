"""The daily job (CB-2…5): yesterday's completed orders become callback tasks, once."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gasdesk.callbacks.jobs import create_daily_callbacks, flag_late_follow_ups
from gasdesk.callbacks.models import CallbackBatch, CallbackEvent, CallbackTask, FollowUpForm
from gasdesk.callbacks.tests.factories import make_completed_orders
from gasdesk.customers.tests.factories import make_customer
from gasdesk.workorders.models import WorkOrder, WorkOrderStatus

TZ = ZoneInfo("Asia/Shanghai")
THU_1500 = datetime(2026, 11, 19, 15, 0, tzinfo=TZ)
FRI_0100 = datetime(2026, 11, 20, 1, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture
def thursday(packs, org, agent_a):
    """47 repairs, 30 counter visits, 2 scattered works and 4 complainants' repairs on Thursday."""
    make_completed_orders(
        by=agent_a, org_unit=org.unit_a, business_type="repair", completed_at=THU_1500, count=47
    )
    make_completed_orders(
        by=agent_a,
        org_unit=org.unit_b,
        business_type="counter_service",
        completed_at=THU_1500,
        count=30,
    )
    make_completed_orders(
        by=agent_a,
        org_unit=org.unit_a,
        business_type="scattered_works",
        completed_at=THU_1500,
        count=2,
    )
    for _ in range(4):
        complainant = make_customer(org.unit_a, flag_complained=True)
        make_completed_orders(
            by=agent_a,
            org_unit=org.unit_a,
            business_type="repair",
            completed_at=THU_1500,
            customer=complainant,
        )
    return org


def _per_group():
    rows = CallbackTask.objects.values_list("group_code", flat=True)
    return {code: list(rows).count(code) for code in set(rows)}


def test_cb_2_ex_12_the_job_creates_the_exact_sample_of_yesterday(thursday):
    """CB-2 / EX-12: repairs 47 → 8, counter 30 → 1, scattered 2 → 2, complainants 4 → 4."""
    assert create_daily_callbacks(now=FRI_0100) == 15
    assert _per_group() == {
        "repair_modification_replacement": 8,
        "counter": 1,
        "scattered_connection": 2,
        "complainant": 4,
    }
    batch = CallbackBatch.objects.get(service_day=date(2026, 11, 19))
    assert batch.counts["repair_modification_replacement"] == {
        "population": 47,
        "chosen": 8,
        "ratio_percent": "15",
    }
    assert CallbackEvent.objects.filter(kind="CREATED").count() == 15


def test_cb_5_tasks_are_due_within_3_natural_days_of_the_service(thursday):
    """CB-5: service Thu 19 Nov → callback due by 24:00 of Sun 22 Nov (3 ND)."""
    create_daily_callbacks(now=FRI_0100)
    assert set(CallbackTask.objects.values_list("due_at", flat=True)) == {
        datetime(2026, 11, 23, 0, 0, tzinfo=TZ)
    }


def test_cb_3_complainants_are_full_tasks_and_others_sampled(thursday):
    create_daily_callbacks(now=FRI_0100)
    assert set(
        CallbackTask.objects.filter(group_code="complainant").values_list("is_full", "selection")
    ) == {(True, "full")}
    assert set(
        CallbackTask.objects.filter(group_code="counter").values_list("is_full", "selection")
    ) == {(False, "sampled")}


def test_the_job_runs_often_but_creates_each_day_once(thursday):
    create_daily_callbacks(now=FRI_0100)
    assert create_daily_callbacks(now=datetime(2026, 11, 20, 9, 0, tzinfo=TZ)) == 0
    assert CallbackTask.objects.count() == 15
    assert CallbackBatch.objects.count() == 7  # the catch-up window, each day once


def test_only_orders_completed_that_day_and_still_completed_count(packs, org, agent_a):
    make_completed_orders(
        by=agent_a,
        org_unit=org.unit_a,
        business_type="scattered_works",
        completed_at=datetime(2026, 11, 18, 23, 59, tzinfo=TZ),
    )
    (cancelled,) = make_completed_orders(
        by=agent_a, org_unit=org.unit_a, business_type="scattered_works", completed_at=THU_1500
    )
    WorkOrder.objects.filter(pk=cancelled.pk).update(status=WorkOrderStatus.CANCELLED)
    (kept,) = make_completed_orders(
        by=agent_a, org_unit=org.unit_a, business_type="scattered_works", completed_at=THU_1500
    )
    WorkOrder.objects.filter(pk=kept.pk).update(status=WorkOrderStatus.CLOSED)
    create_daily_callbacks(now=FRI_0100)
    thursday = CallbackTask.objects.filter(service_day=date(2026, 11, 19))
    assert list(thursday.values_list("work_order_id", flat=True)) == [kept.pk]


def test_same_data_gives_the_same_sample(thursday):
    create_daily_callbacks(now=FRI_0100)
    first = set(CallbackTask.objects.values_list("work_order_id", flat=True))
    CallbackEvent.objects.all()._raw_delete(CallbackEvent.objects.db)
    CallbackTask.objects.all().delete()
    CallbackBatch.objects.all().delete()
    create_daily_callbacks(now=FRI_0100)
    assert set(CallbackTask.objects.values_list("work_order_id", flat=True)) == first


def test_cb_11_open_forms_past_due_are_flagged_late_once(dissatisfied_form):
    late = datetime(2026, 11, 24, 0, 1, tzinfo=TZ)
    assert flag_late_follow_ups(now=late) == 1
    assert flag_late_follow_ups(now=late) == 0
    assert FollowUpForm.objects.get().late_at == late
    assert CallbackEvent.objects.filter(kind="FOLLOW_UP_LATE").count() == 1


def test_a_missed_day_is_caught_up_on_the_next_run(thursday):
    """The runner was down on Friday: Saturday's run still creates Thursday's callbacks."""
    assert create_daily_callbacks(now=datetime(2026, 11, 21, 1, 0, tzinfo=TZ)) == 15
    assert CallbackBatch.objects.get(service_day=date(2026, 11, 19))
