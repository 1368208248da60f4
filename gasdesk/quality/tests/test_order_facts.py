"""The daily order facts (KPI-1…5, KPI-20, RPT-2) equal the orders, and follow their changes.

The KPIs, the monthly report and the dashboard sum these rows instead of reading a month of
orders; these tests hold them to the orders on both databases: the counts per Shanghai day,
a change seen through the order's history, a deadline passing, and two refreshes at once.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q, Sum

from gasdesk.quality import order_facts
from gasdesk.quality.jobs import settle_order_facts
from gasdesk.quality.models import OrderCompletionFact, OrderDayFact
from gasdesk.quality.tests.kpi_factories import make_timed_orders
from gasdesk.quality.tests.kpi_fixtures import SHANGHAI
from gasdesk.standards.sections.indicators import OrderTimeliness
from gasdesk.workorders.models import WorkOrder, WorkOrderStatus
from gasdesk.workorders.services import apply_transition
from gasdesk.workorders.tests.factories import make_order

H = dt.timedelta(hours=1)
MAR_5 = dt.datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI)
APR_1 = dt.datetime(2026, 4, 1, 12, 0, tzinfo=SHANGHAI)
CLOCK_COLUMNS = [f"{c}_{p}" for c in ("response", "arrival", "completion") for p in ("due", "met")]


MIXED = [  # (n, unit, business type, clock, received, due after, met after, columns)
    (3, "unit_a", "repair", "arrival", MAR_5, 4 * H, 3 * H, {}),
    (2, "unit_b", "repair", "arrival", MAR_5, 4 * H, 6 * H, {}),
    (1, "unit_a", "repair", "arrival", MAR_5 + 24 * H, 4 * H, None, {}),
    (1, "unit_a", "indoor_install", "completion", MAR_5, 72 * H, 10 * H, {"tier": "vip"}),
]


def _mixed_orders(org: Any, by: Any) -> None:
    """Repairs met, late and still open, one installation, across two units and two days."""
    for n, unit, kind, clock, received, due, met, columns in MIXED:
        make_timed_orders(
            n,
            unit=getattr(org, unit),
            by=by,
            business_type=kind,
            clock=clock,
            received_at=received,
            due_after=due,
            met_after=met,
            **columns,
        )


def _repair(org: Any, by: Any, *, received_at: dt.datetime, met_after: Any, **columns: Any) -> None:
    """One unit-A repair with a 4 h arrival deadline (KPI-19)."""
    make_timed_orders(
        1,
        unit=org.unit_a,
        by=by,
        business_type="repair",
        clock="arrival",
        received_at=received_at,
        due_after=4 * H,
        met_after=met_after,
        **columns,
    )


def _orders_by_day(now: dt.datetime) -> dict[tuple[Any, ...], dict[str, int]]:
    """The reference: the same counts straight from the orders, in Python per order."""
    result: dict[tuple[Any, ...], dict[str, int]] = {}
    for order in WorkOrder.objects.all():
        day = order.received_at.astimezone(SHANGHAI).date()
        key = (day, order.org_unit_id, order.business_type, order.tier)
        row = result.setdefault(key, dict.fromkeys(["received", *CLOCK_COLUMNS, "decided"], 0))
        row["received"] += 1
        for clock, met_by in (("arrival", "arrived_at"), ("completion", "completed_at")):
            due, met = getattr(order, f"{clock}_due_at"), getattr(order, met_by)
            if due is None:
                continue
            row[f"{clock}_due"] += 1
            row[f"{clock}_met"] += int(met is not None and met <= due)
            finished = order.status in (WorkOrderStatus.COMPLETED, WorkOrderStatus.CLOSED)
            row["decided"] += int(met is not None or due <= now or finished)
    return result


def _facts_by_day() -> dict[tuple[Any, ...], dict[str, int]]:
    rows: Any = (
        OrderDayFact.objects.values("day", "org_unit_id", "business_type", "tier")
        .annotate(
            received_sum=Sum("received"),
            decided=Sum("arrival_decided") + Sum("completion_decided") + Sum("response_decided"),
            **{f"{c}_sum": Sum(c) for c in CLOCK_COLUMNS},
        )
        .order_by()
    )
    return {
        (r["day"], r["org_unit_id"], r["business_type"], r["tier"]): {
            "received": r["received_sum"],
            **{c: r[f"{c}_sum"] for c in CLOCK_COLUMNS},
            "decided": r["decided"],
        }
        for r in rows
    }


def test_kpi_facts_equal_the_orders_per_shanghai_day(org, specialist, packs) -> None:
    """KPI-5/KPI-19 counts per day × unit × type × tier equal a count over the orders."""
    _mixed_orders(org, specialist)

    order_facts.refresh(APR_1)

    assert _facts_by_day() == _orders_by_day(APR_1)
    assert OrderDayFact.objects.aggregate(n=Sum("received"))["n"] == 7


def test_rpt2_an_order_late_in_the_evening_counts_on_its_shanghai_day(org, specialist, packs):
    """RPT-2: received 23:30 on 31 March Shanghai time (15:30 UTC) is a March order."""
    late = dt.datetime(2026, 3, 31, 23, 30, tzinfo=SHANGHAI)
    _repair(org, specialist, received_at=late, met_after=H)

    order_facts.refresh(APR_1)

    assert list(OrderDayFact.objects.values_list("day", flat=True)) == [dt.date(2026, 3, 31)]


def test_kpi_refresh_follows_a_cancellation_through_the_order_history(
    org, specialist, agent_a, packs
) -> None:
    """KPI-1…5: a change made by the desk (its history event) reaches the facts."""
    order = make_order(by=agent_a, org_unit=org.unit_a)
    order_facts.refresh()
    assert OrderDayFact.objects.aggregate(n=Sum("cancelled"))["n"] == 0

    apply_transition(order, "cancel", by=agent_a, reason="客户撤单")
    written = order_facts.refresh()

    assert written >= 1
    assert OrderDayFact.objects.aggregate(n=Sum("cancelled"), r=Sum("received")) == {
        "n": 1,
        "r": 1,
    }


def test_kpi_refresh_with_nothing_new_is_one_query(
    org, specialist, packs, django_assert_num_queries
) -> None:
    """A reader's refresh costs one indexed query when no order changed (bench: report)."""
    _mixed_orders(org, specialist)
    order_facts.refresh(APR_1)

    with django_assert_num_queries(1):
        assert order_facts.refresh(APR_1 + dt.timedelta(seconds=30)) == 0


def test_kpi_a_deadline_passing_makes_the_open_order_decided(org, specialist, packs) -> None:
    """KPI-19: the open repair becomes late once its 4 h pass, with no event in between."""
    _repair(org, specialist, received_at=MAR_5, met_after=None, status=WorkOrderStatus.DISPATCHED)
    order_facts.refresh(MAR_5 + 3 * H)
    assert OrderDayFact.objects.get().arrival_decided == 0

    order_facts.refresh(MAR_5 + 5 * H)

    assert OrderDayFact.objects.get().arrival_decided == 1


def test_kpi_rebuild_gives_the_same_rows(org, specialist, packs) -> None:
    _mixed_orders(org, specialist)
    order_facts.refresh(APR_1)
    before = _facts_by_day()

    order_facts.rebuild(APR_1)

    assert _facts_by_day() == before


def test_kpi20_completion_facts_count_finished_orders_by_completion_day(
    org, specialist, packs
) -> None:
    """KPI-20 repeat visits are counted over orders completed in the period."""
    _mixed_orders(org, specialist)
    order_facts.refresh(APR_1)

    done = WorkOrder.objects.filter(status=WorkOrderStatus.COMPLETED, completed_at__isnull=False)
    done_count = done.count()
    facts = OrderCompletionFact.objects.aggregate(n=Sum("completed"), r=Sum("repeated"))
    days = set(OrderCompletionFact.objects.values_list("day", flat=True))

    assert facts == {"n": done_count, "r": 0} == {"n": 1, "r": 0}
    assert days == {dt.date(2026, 3, 5)}


def test_kpi_pack_refuses_two_clocks_of_one_business_type() -> None:
    """A rule's share is the sum over its pairs: one business type may appear once."""
    with pytest.raises(ValueError, match="同一业务类型只能列一个时限"):
        OrderTimeliness.model_validate(
            {
                "orders": [
                    {"business_type": "repair", "clock": "arrival"},
                    {"business_type": "repair", "clock": "completion"},
                ]
            }
        )


@pytest.mark.django_db(transaction=True)
def test_kpi_two_refreshes_at_once_write_each_day_once(org, specialist, packs) -> None:
    """Two processes refreshing together (PostgreSQL row lock on the mark): no double rows."""
    if connection.vendor != "postgresql":
        pytest.skip("two concurrent writers need PostgreSQL")
    _mixed_orders(org, specialist)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            order_facts.refresh(APR_1)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    duplicates = (
        OrderDayFact.objects.values("day", "org_unit_id", "business_type", "channel", "tier")
        .annotate(n=Count("id"))
        .filter(Q(n__gt=1))
    )
    assert not duplicates.exists()
    assert OrderDayFact.objects.aggregate(n=Sum("received"))["n"] == 7


def test_kpi_nightly_settle_repairs_a_change_the_history_did_not_show(
    org, specialist, packs
) -> None:
    """A change written without a history event (a bulk fix) is caught by the nightly job,
    which rebuilds this month and last month whole."""
    _mixed_orders(org, specialist)
    order_facts.refresh(APR_1)
    WorkOrder.objects.filter(business_type="indoor_install").update(
        status=WorkOrderStatus.CANCELLED
    )
    assert order_facts.refresh(APR_1 + H) == 0  # nothing in the history: not seen

    settle_order_facts(APR_1 + 2 * H)

    assert OrderDayFact.objects.aggregate(n=Sum("cancelled"))["n"] == 1


def test_kpi_order_facts_command_rebuilds_and_says_how_much(org, specialist, packs) -> None:
    _mixed_orders(org, specialist)
    out = io.StringIO()

    call_command("order_facts", "--rebuild", stdout=out)

    assert OrderDayFact.objects.aggregate(n=Sum("received"))["n"] == 7
    assert "工单日汇总: 写入" in out.getvalue()
