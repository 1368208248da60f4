"""KPIs from complaints, inspections and outages (KPI-4, 9, 11, 19, 20) on both databases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gasdesk.org.models import User
from gasdesk.quality.kpi.figures import Figure, period_containing
from gasdesk.quality.kpi.selectors import kpi_records, kpi_scope, kpi_table, kpi_tier_table
from gasdesk.quality.tests.kpi_factories import (
    make_callbacks,
    make_complaints,
    make_inspection_visits,
    make_outage_events,
)
from gasdesk.quality.tests.kpi_fixtures import KPI_NOW, SHANGHAI, KunlunOrg

MARCH = period_containing(dt.date(2026, 3, 1), "month")
YEAR = period_containing(dt.date(2026, 3, 1), "year")
MARCH_5 = dt.datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI)
H = dt.timedelta(hours=1)


def _figures(user: User, period=MARCH, **kwargs) -> dict[str, Figure]:  # type: ignore[no-untyped-def]
    scope = kpi_scope(
        user, unit_id=kwargs.pop("unit_id", None), period=period, now=KPI_NOW, **kwargs
    )
    return {f.code: f for f in kpi_table(scope)}


def test_inspection_rate_80_percent_misses_82(kunlun_org: KunlunOrg) -> None:
    """KPI-4 M-04: 40 of 50 planned households inspected = 80 % against the 82 % target."""
    outcomes = ["inspected"] * 38 + ["hazard"] * 2 + ["not_home"] * 6 + ["refused"] * 4
    make_inspection_visits(
        kunlun_org.station, kunlun_org.specialist, planned_on=dt.date(2026, 3, 9), outcomes=outcomes
    )

    figure = _figures(kunlun_org.specialist)["kpi.inspection_entry_rate"]

    assert (figure.numerator, figure.denominator, figure.value) == (40, 50, Decimal("80.00"))
    assert (figure.target and figure.target.value, figure.passed) == (Decimal(82), False)


def test_inspection_drill_down_lists_the_inspected_visits(kunlun_org: KunlunOrg) -> None:
    """KPI-4: the numerator's records are the inspected visits only."""
    make_inspection_visits(
        kunlun_org.station,
        kunlun_org.specialist,
        planned_on=dt.date(2026, 3, 9),
        outcomes=["inspected", "not_home", "hazard"],
    )
    scope = kpi_scope(kunlun_org.specialist, unit_id=None, period=MARCH, now=KPI_NOW)

    page = kpi_records(scope, "kpi.inspection_entry_rate", part="numerator")

    assert sorted(v.final_outcome for v in page.records) == ["hazard", "inspected"]


def test_outages_are_counted_per_band(kunlun_org: KunlunOrg) -> None:
    """KPI-9 EX-30 M-09: 3,000 and 5,000 (≤ 5000), 20,000 (≤ 5万), 50,001 (> 5万); drafts not."""
    make_outage_events(
        kunlun_org.station,
        kunlun_org.specialist,
        starts_at=MARCH_5,
        affected=[3000, 5000, 20000, 50001],
        status="published",
    )
    make_outage_events(
        kunlun_org.station, kunlun_org.specialist, starts_at=MARCH_5, affected=[100], status="draft"
    )

    figures = _figures(kunlun_org.specialist, period=YEAR)

    counts = [
        figures[f"kpi.outages.{band}"].value for band in ("up_to_5000", "up_to_50000", "over_50000")
    ]
    assert counts == [Decimal(2), Decimal(1), Decimal(1)]
    assert figures["kpi.outages.over_50000"].passed is False


def test_no_outage_is_zero_and_meets_the_target(kunlun_org: KunlunOrg) -> None:
    """KPI-9: no outage in the year is 0 events (not "not applicable") and meets target 0."""
    figure = _figures(kunlun_org.specialist, period=YEAR)["kpi.outages.up_to_5000"]

    assert (figure.value, figure.passed) == (Decimal(0), True)


def test_complaint_handling_in_time_within_3_working_days(kunlun_org: KunlunOrg) -> None:
    """KPI-11: 9 of 10 complaints closed by their closure deadline (3 WD) = 90 %."""
    common: dict[str, Any] = {
        "unit": kunlun_org.station,
        "by": kunlun_org.specialist,
        "clock": "closure",
        "received_at": MARCH_5,
        "due_after": dt.timedelta(days=3),
    }
    make_complaints(9, met_after=dt.timedelta(days=2), **common)
    make_complaints(1, met_after=dt.timedelta(days=4), **common)

    figure = _figures(kunlun_org.specialist)["kpi.complaint_timeliness"]

    assert (figure.numerator, figure.denominator, figure.value) == (9, 10, Decimal("90.00"))


def test_complaint_not_yet_due_is_not_counted(kunlun_org: KunlunOrg) -> None:
    """KPI-11: an open complaint whose 3 WD have not run out is not decided yet."""
    make_complaints(
        1,
        unit=kunlun_org.station,
        by=kunlun_org.specialist,
        clock="closure",
        received_at=KPI_NOW - H,
        due_after=dt.timedelta(days=3),
        met_after=None,
    )
    scope = kpi_scope(
        kunlun_org.specialist,
        unit_id=None,
        period=period_containing(KPI_NOW.date(), "month"),
        now=KPI_NOW,
    )

    figure = next(f for f in kpi_table(scope) if f.code == "kpi.complaint_timeliness")

    assert (figure.denominator, figure.value) == (0, None)


def _valid_complaint_setup(kunlun_org: KunlunOrg) -> list[Any]:
    """7 active accounts (2 VIP) and 1 closed one; March: 2 valid complaints (of a VIP and a
    一般 customer), 1 invalid, 1 undecided; February: 1 valid (outside the period)."""
    from gasdesk.complaints.models import Complaint
    from gasdesk.customers.tests.factories import make_customer

    station = kunlun_org.station
    customers = [make_customer(station, tier="vip") for _ in range(2)]
    customers += [make_customer(station) for _ in range(5)]
    make_customer(station, is_active=False)
    common: dict[str, Any] = {"unit": station, "by": kunlun_org.specialist, "clock": "closure"}
    march = make_complaints(4, received_at=MARCH_5, due_after=72 * H, met_after=None, **common)
    feb = dt.datetime(2026, 2, 20, 9, 0, tzinfo=SHANGHAI)
    february = make_complaints(1, received_at=feb, due_after=72 * H, met_after=None, **common)
    valid = [march[0].pk, march[1].pk, february[0].pk]
    Complaint.objects.filter(pk__in=valid).update(is_valid=True)
    Complaint.objects.filter(pk=march[2].pk).update(is_valid=False, invalid_reason="非我司责任")
    Complaint.objects.filter(pk=march[0].pk).update(customer=customers[0])
    Complaint.objects.filter(pk=march[1].pk).update(customer=customers[2])
    return march


def test_kpi_10_valid_complaint_rate_is_valid_complaints_per_customer_covered(
    kunlun_org: KunlunOrg,
) -> None:
    """KPI-10: 客户有效投诉率 = valid complaints in the period / customers covered: 2 / 7 =
    28.57 %; invalid, undecided, other-period complaints and closed accounts are left out."""
    march = _valid_complaint_setup(kunlun_org)

    figure = _figures(kunlun_org.specialist)["kpi.valid_complaint_rate"]
    scope = kpi_scope(kunlun_org.specialist, unit_id=None, period=MARCH, now=KPI_NOW)
    page = kpi_records(scope, "kpi.valid_complaint_rate", part="numerator")

    assert (figure.available, figure.numerator, figure.denominator) == (True, 2, 7)
    assert (figure.value, figure.target) == (Decimal("28.57"), None)
    assert sorted(c.pk for c in page.records) == sorted([march[0].pk, march[1].pk])


def test_kpi_10_per_tier_counts_the_tiers_customers(kunlun_org: KunlunOrg) -> None:
    """KPI-10 per tier: VIP 1 valid complaint / 2 VIP accounts = 50 %; 一般 1 / 5 = 20 %."""
    _valid_complaint_setup(kunlun_org)
    scope = kpi_scope(kunlun_org.specialist, unit_id=None, period=MARCH, now=KPI_NOW)

    row = next(r for r in kpi_tier_table(scope) if r.indicator.code == "kpi.valid_complaint_rate")
    by_tier = {str(t): f for t, f in zip(scope.pack.tiers.display_order, row.figures, strict=True)}

    assert (by_tier["vip"].numerator, by_tier["vip"].denominator) == (1, 2)
    assert by_tier["vip"].value == Decimal("50.00")
    assert (by_tier["general"].numerator, by_tier["general"].value) == (1, Decimal("20.00"))


def test_connected_sources_without_records_are_not_applicable(kunlun_org: KunlunOrg) -> None:
    """KPI-12/18: complaint satisfaction and surveys are connected; no records = not applicable."""
    figures = _figures(kunlun_org.specialist)

    for code in ("kpi.complaint_satisfaction", "kpi.customer_satisfaction"):
        assert (figures[code].available, figures[code].value) == (True, None)


def test_complaint_response_timeliness_of_chaohu(org, specialist, packs) -> None:
    """KPI-19: 巢湖 complaint response within C11a's 24 h: 3 of 4 = 75 %."""
    common: dict[str, Any] = {
        "unit": org.unit_a,
        "by": specialist,
        "clock": "response",
        "received_at": MARCH_5,
        "due_after": 24 * H,
    }
    make_complaints(3, met_after=2 * H, **common)
    make_complaints(1, met_after=30 * H, **common)

    figure = _figures(specialist)["kpi.complaint_timeliness"]

    assert (figure.numerator, figure.denominator, figure.value) == (3, 4, Decimal("75.00"))


def test_callback_satisfaction_per_group(kunlun_org: KunlunOrg) -> None:
    """KPI-14: 维修、改管、置换 callbacks 19 satisfied of 20 answered = 95 %; other groups apart."""
    common: dict[str, Any] = {"done_at": MARCH_5}
    make_callbacks(
        kunlun_org.station,
        kunlun_org.specialist,
        group="repair_modification_replacement",
        results=["satisfied"] * 19 + ["dissatisfied"],
        **common,
    )
    make_callbacks(
        kunlun_org.station,
        kunlun_org.specialist,
        group="counter",
        results=["dissatisfied"],
        **common,
    )

    figures = _figures(kunlun_org.specialist)

    repair = figures["kpi.callback_satisfaction.repair_modification_replacement"]
    assert (repair.numerator, repair.denominator, repair.value) == (19, 20, Decimal("95.00"))
    assert figures["kpi.callback_satisfaction.counter"].value == Decimal("0.00")
    assert figures["kpi.callback_satisfaction.hotline"].value is None
