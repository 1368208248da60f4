"""Work-order KPIs (KPI-1, 5, 19, 20) from the stored deadline columns, on both databases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from gasdesk.core.errors import PermissionDeniedRule
from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.quality.kpi.figures import Figure, period_containing
from gasdesk.quality.kpi.selectors import kpi_records, kpi_scope, kpi_table, kpi_tier_table
from gasdesk.quality.tests.kpi_factories import make_timed_orders
from gasdesk.quality.tests.kpi_fixtures import KPI_NOW, SHANGHAI, KunlunOrg
from gasdesk.standards.lookup import pack_in_force
from gasdesk.workorders.models import WorkOrderStatus

H = dt.timedelta(hours=1)
MARCH = period_containing(dt.date(2026, 3, 1), "month")
MARCH_5 = dt.datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI)


def _figure(user: User, code: str, *, unit_id: int | None = None, tier: str = "") -> Figure:
    scope = kpi_scope(user, unit_id=unit_id, period=MARCH, now=KPI_NOW, tier=tier)
    return next(f for f in kpi_table(scope) if f.code == code)


def _repairs(org, specialist, n: int, *, met_hours: float | None, **extra) -> list:  # type: ignore[no-untyped-def]
    """Chaohu repair orders with C8's stored arrival deadline (4 h, 000 item 15(8))."""
    hours = pack_in_force("chaohu", MARCH_5).pack.business_type("repair").commitments[0].amount
    return make_timed_orders(
        n,
        unit=extra.pop("unit", org.unit_a),
        by=specialist,
        business_type="repair",
        clock="arrival",
        received_at=extra.pop("received_at", MARCH_5),
        due_after=hours * H,
        met_after=None if met_hours is None else met_hours * H,
        **extra,
    )


def test_repair_timeliness_49_of_50_is_98_percent(org, specialist, packs) -> None:
    """KPI-19/KPI-5: 49 of 50 repairs reached within C8's 4 h = 98.00 %."""
    _repairs(org, specialist, 49, met_hours=3.5)
    _repairs(org, specialist, 1, met_hours=5)

    figure = _figure(specialist, "kpi.repair_timeliness")

    assert (figure.numerator, figure.denominator, figure.value) == (49, 50, Decimal("98.00"))


def test_arrival_exactly_at_the_deadline_is_on_time(org, specialist, packs) -> None:
    """KPI-19: arriving at 4 h 00 (the C8 deadline itself) counts as on time."""
    _repairs(org, specialist, 1, met_hours=4)

    assert _figure(specialist, "kpi.repair_timeliness").value == Decimal("100.00")


def test_zero_denominator_is_not_applicable(org, specialist, packs) -> None:
    """KPI-19: no repair orders in the month → not applicable, never 0 % or 100 %."""
    figure = _figure(specialist, "kpi.repair_timeliness")

    assert (figure.denominator, figure.value, figure.passed, figure.available) == (
        0,
        None,
        None,
        True,
    )


def test_open_orders_count_only_once_overdue(org, specialist, packs) -> None:
    """KPI-19: unmet orders are late once due; not yet due, suspended or cancelled: not counted."""
    late_received = KPI_NOW - 5 * H
    _repairs(
        org,
        specialist,
        2,
        met_hours=None,
        received_at=dt.datetime(2026, 3, 31, 20, 0, tzinfo=SHANGHAI),
    )
    _repairs(org, specialist, 1, met_hours=None, status=WorkOrderStatus.SUSPENDED)
    _repairs(org, specialist, 1, met_hours=1, status=WorkOrderStatus.CANCELLED)
    _repairs(org, specialist, 3, met_hours=1)
    now_april = kpi_scope(specialist, unit_id=None, period=MARCH, now=late_received, tier="")

    figure = next(f for f in kpi_table(now_april) if f.code == "kpi.repair_timeliness")

    assert (figure.numerator, figure.denominator) == (3, 5)


def test_not_yet_due_order_is_left_out(org, specialist, packs) -> None:
    """KPI-19: an order received 1 h before `now` with a 4 h deadline is not decided yet."""
    _repairs(org, specialist, 1, met_hours=None, received_at=MARCH_5)
    scope = kpi_scope(specialist, unit_id=None, period=MARCH, now=MARCH_5 + H)

    figure = next(f for f in kpi_table(scope) if f.code == "kpi.repair_timeliness")

    assert (figure.numerator, figure.denominator, figure.value) == (0, 0, None)


def test_period_is_half_open_in_shanghai_time(org, specialist, packs) -> None:
    """KPI: an order received 31 Mar 23:59 counts in March, one at 1 Apr 00:00 does not."""
    _repairs(
        org,
        specialist,
        1,
        met_hours=1,
        received_at=dt.datetime(2026, 3, 31, 23, 59, tzinfo=SHANGHAI),
    )
    _repairs(
        org, specialist, 1, met_hours=1, received_at=dt.datetime(2026, 4, 1, 0, 0, tzinfo=SHANGHAI)
    )

    assert _figure(specialist, "kpi.repair_timeliness").denominator == 1


def test_unit_figure_covers_its_subtree_only(org, specialist, packs) -> None:
    """KPI: unit A's figure counts unit A and its team, not unit B."""
    _repairs(org, specialist, 3, met_hours=1, unit=org.team_a)
    _repairs(org, specialist, 1, met_hours=6, unit=org.unit_a)
    _repairs(org, specialist, 5, met_hours=6, unit=org.unit_b)

    figure = _figure(specialist, "kpi.repair_timeliness", unit_id=org.unit_a.pk)

    assert (figure.numerator, figure.denominator, figure.value) == (3, 4, Decimal("75.00"))


def test_dispatcher_of_unit_b_cannot_see_unit_a(org, dispatcher_b, packs) -> None:
    """KPI: a unit-scoped user asking for another unit's figures is refused."""
    with pytest.raises(PermissionDeniedRule):
        kpi_scope(dispatcher_b, unit_id=org.unit_a.pk, period=MARCH, now=KPI_NOW)


def test_technician_has_no_kpi_role(org, technician_a, packs) -> None:
    with pytest.raises(PermissionDeniedRule):
        kpi_scope(technician_a, unit_id=None, period=MARCH, now=KPI_NOW)


def test_per_tier_split_uses_the_tier_stored_on_the_order(org, specialist, packs) -> None:
    """KPI-20 CUST-7: repair/置换 timeliness VIP 10/10 vs 100 % passes, 一般 18/20 vs 95 % fails."""
    _repairs(org, specialist, 10, met_hours=1, tier="vip")
    _repairs(org, specialist, 18, met_hours=1, tier="general")
    _repairs(org, specialist, 2, met_hours=6, tier="general")
    scope = kpi_scope(specialist, unit_id=None, period=MARCH, now=KPI_NOW)

    row = next(
        r for r in kpi_tier_table(scope) if r.indicator.code == "kpi.repair_replacement_timeliness"
    )

    vip, general = row.figures[0], row.figures[-1]
    assert (vip.value, vip.target and vip.target.value, vip.passed) == (
        Decimal("100.00"),
        Decimal(100),
        True,
    )
    assert (general.value, general.target and general.target.value, general.passed) == (
        Decimal("90.00"),
        Decimal(95),
        False,
    )
    assert [f.denominator for f in row.figures] == [10, 0, 0, 20]  # VIP, 重点, 关键, 一般


def test_tier_filter_applies_the_tier_target(org, specialist, packs) -> None:
    """KPI-20 CUST-7: 一般 repair/置换 19 of 20 = 95 % meets 一般's "不低于95"."""
    _repairs(org, specialist, 19, met_hours=1, tier="general")
    _repairs(org, specialist, 1, met_hours=6, tier="general")
    _repairs(org, specialist, 5, met_hours=6, tier="vip")

    figure = _figure(specialist, "kpi.repair_replacement_timeliness", tier="general")

    assert (figure.value, figure.target and figure.target.value, figure.passed) == (
        Decimal("95.00"),
        Decimal(95),
        True,
    )


def test_repair_and_gas_on_clocks_are_counted_together(org, specialist, packs) -> None:
    """KPI-20: 维修、置换 counts repair arrivals (C8) and gas-on completions (C6, 4 ND)."""
    _repairs(org, specialist, 1, met_hours=1)
    make_timed_orders(
        1,
        unit=org.unit_a,
        by=specialist,
        business_type="gas_on",
        clock="completion",
        received_at=MARCH_5,
        due_after=dt.timedelta(days=4),
        met_after=dt.timedelta(days=5),
    )

    figure = _figure(specialist, "kpi.repair_replacement_timeliness")

    assert (figure.numerator, figure.denominator, figure.value) == (1, 2, Decimal("50.00"))


def test_drill_down_lists_exactly_the_counted_orders(org, specialist, packs) -> None:
    """KPI: numerator = the on-time orders, denominator = every decided order, same filters."""
    on_time = _repairs(org, specialist, 2, met_hours=1)
    late = _repairs(org, specialist, 1, met_hours=6)
    _repairs(org, specialist, 1, met_hours=1, unit=org.unit_b)
    scope = kpi_scope(specialist, unit_id=org.unit_a.pk, period=MARCH, now=KPI_NOW)

    numerator = kpi_records(scope, "kpi.repair_timeliness", part="numerator")
    denominator = kpi_records(scope, "kpi.repair_timeliness", part="denominator")

    assert {o.pk for o in numerator.records} == {o.pk for o in on_time}
    assert {o.pk for o in denominator.records} == {o.pk for o in on_time + late}
    assert (denominator.figure.numerator, denominator.figure.denominator) == (2, 3)


def test_drill_down_pages_by_keyset(org, specialist, packs) -> None:
    """KPI: 60 records → a first page of 50 and a second of 10, no overlap."""
    _repairs(org, specialist, 60, met_hours=1)
    scope = kpi_scope(specialist, unit_id=None, period=MARCH, now=KPI_NOW)

    first = kpi_records(scope, "kpi.repair_timeliness", part="denominator")
    second = kpi_records(scope, "kpi.repair_timeliness", part="denominator", after=first.next_after)

    assert (len(first.records), len(second.records), second.next_after) == (50, 10, None)
    assert not {o.pk for o in first.records} & {o.pk for o in second.records}


def test_kunlun_installation_without_stated_days_is_not_applicable(kunlun_org: KunlunOrg) -> None:
    """KPI-1 OQ-11: 001 gives no "规定天数", so booked installations carry no deadline → N/A."""
    make_timed_orders(
        3,
        unit=kunlun_org.station,
        by=kunlun_org.specialist,
        business_type="installation",
        clock="completion",
        received_at=MARCH_5,
        due_after=None,
        met_after=dt.timedelta(days=2),
    )

    figure = _figure(kunlun_org.specialist, "kpi.installation_on_time")

    assert (figure.denominator, figure.value, figure.target and figure.target.value) == (
        0,
        None,
        Decimal(99),
    )


@pytest.mark.parametrize(
    ("code", "business_type", "clock"),
    [
        ("kpi.modification_timeliness", "modification", "response"),
        ("kpi.gas_on_timeliness", "gas_on", "arrival"),
    ],
)
def test_kunlun_kpi_2_and_3_without_stated_days_are_not_applicable(
    kunlun_org: KunlunOrg, code: str, business_type: str, clock: str
) -> None:
    """KPI-2/KPI-3 OQ-11: 001's "X天"/"XX天" are blank → no deadline → N/A against 95 %."""
    make_timed_orders(
        2,
        unit=kunlun_org.station,
        by=kunlun_org.specialist,
        business_type=business_type,
        clock=clock,
        received_at=MARCH_5,
        due_after=None,
        met_after=dt.timedelta(days=1),
    )

    figure = _figure(kunlun_org.specialist, code)

    assert (figure.value, figure.passed, figure.target and figure.target.value) == (
        None,
        None,
        Decimal(95),
    )


def test_kunlun_repair_timeliness_against_95_percent(kunlun_org: KunlunOrg) -> None:
    """KPI-5 M-05: 19 of 20 repairs responded to within DSP-1's 1 h = 95 % meets the 95 % target."""
    common: dict[str, Any] = {
        "unit": kunlun_org.station,
        "by": kunlun_org.specialist,
        "clock": "response",
        "received_at": MARCH_5,
        "due_after": H,
    }
    make_timed_orders(18, business_type="repair", met_after=0.5 * H, **common)
    make_timed_orders(1, business_type="special_user", met_after=0.5 * H, **common)
    make_timed_orders(1, business_type="repair", met_after=2 * H, **common)

    figure = _figure(kunlun_org.specialist, "kpi.repair_timeliness")

    assert (figure.value, figure.target and figure.target.value, figure.passed) == (
        Decimal("95.00"),
        Decimal(95),
        True,
    )


def test_table_costs_one_query_per_computed_indicator(
    org, specialist, packs, django_assert_max_num_queries
) -> None:
    """KPI: the chaohu table is one query for all order indicators plus one per other source."""
    _repairs(org, specialist, 5, met_hours=1)
    scope = kpi_scope(specialist, unit_id=None, period=MARCH, now=KPI_NOW)

    # orders, inspections, complaints, complaint and survey satisfaction, 3 callback groups,
    # supply continuity, repeat visits
    with django_assert_max_num_queries(10):
        kpi_table(scope)


def test_dispatcher_sees_own_unit_by_default(org, dispatcher_a, specialist, packs) -> None:
    """KPI: a dispatcher's default scope is their unit subtree."""
    _repairs(org, specialist, 1, met_hours=1, unit=org.team_a)
    _repairs(org, specialist, 1, met_hours=6, unit=org.unit_b)

    assert _figure(dispatcher_a, "kpi.repair_timeliness").value == Decimal("100.00")


def test_manager_role_is_allowed(org, packs) -> None:
    manager = make_user(Role.MANAGER, org.company)

    assert kpi_scope(manager, unit_id=org.unit_b.pk, period=MARCH, now=KPI_NOW).unit == org.unit_b


def test_quarter_and_year_sum_their_months(org, specialist, packs) -> None:
    """KPI periods: Q1 counts January and March orders, the year adds July; April is Q2."""
    for month, met_hours in ((1, 1), (3, 6), (4, 1), (7, 1)):
        received = dt.datetime(2026, month, 10, 9, 0, tzinfo=SHANGHAI)
        _repairs(org, specialist, 1, met_hours=met_hours, received_at=received)

    def figure(kind: str) -> Figure:
        period = period_containing(dt.date(2026, 2, 1), kind)  # type: ignore[arg-type]
        scope = kpi_scope(
            specialist, unit_id=None, period=period, now=dt.datetime(2026, 8, 1, tzinfo=SHANGHAI)
        )
        return next(f for f in kpi_table(scope) if f.code == "kpi.repair_timeliness")

    assert (figure("quarter").numerator, figure("quarter").denominator) == (1, 2)
    assert (figure("year").numerator, figure("year").denominator) == (3, 4)
