"""RPT-2/RPT-3: the monthly report's sections from the records (one GROUP BY each)."""

from __future__ import annotations

import pytest

from gasdesk.org.models import User
from gasdesk.reports.monthly import build_monthly_report, from_json, to_json
from gasdesk.reports.tests.conftest import NOW, OCTOBER
from gasdesk.reports.tests.factories import ReportData

pytestmark = pytest.mark.django_db


def _report(user: User, org: object):  # type: ignore[no-untyped-def]
    return build_monthly_report(user, org.company, OCTOBER, now=NOW)  # type: ignore[attr-defined]


def test_rpt2_volumes_by_channel_and_business_type(
    report_data: ReportData, specialist: User, org: object
) -> None:
    """RPT-2: October has 3 hotline and 1 counter order, all repairs; September's is not counted."""
    report = _report(specialist, org)
    assert sorted(report.table("channels").rows) == [["热线", 3], ["营业厅柜台", 1]]
    [row] = report.table("business_types").rows
    assert row[1:] == [4, 0]


def test_rpt2_deadline_compliance_counts_the_breach(
    report_data: ReportData, specialist: User, org: object
) -> None:
    """RPT-2: one arrival breached of four repair orders with an arrival deadline (C8, 4 h)."""
    rows = {r[0]: r for r in _report(specialist, org).table("compliance").rows}
    assert rows["到达"][1] == 4  # every repair order has the C8 arrival clock
    assert rows["到达"][3] == 1
    assert rows["到达"][2] == 0


def test_rpt2_complaints_by_level_and_rpt3_hot_spots(
    report_data: ReportData, specialist: User, org: object
) -> None:
    """RPT-2/RPT-3: two complaints, not yet levelled; the cause 服务态度 is the hot spot."""
    report = _report(specialist, org)
    assert report.table("complaint_totals").rows[0][0] == 2
    assert report.table("complaint_levels").rows == [["未定级", 2, 0, 0, None, None]]
    causes = [r for r in report.table("hot_spots").rows if r[0] == "投诉原因"]
    assert causes == [["投诉原因", "服务态度", 2, 0, 2]]


def test_rpt2_twelve_month_trends(report_data: ReportData, specialist: User, org: object) -> None:
    """RPT-2: 12 months ending with the report month; orders 1 in September, 4 in October."""
    report = _report(specialist, org)
    assert report.months[0] == "2025-11"
    assert report.months[-1] == "2026-10"
    orders = next(t for t in report.trends if t.key == "orders")
    assert orders.values[-2:] == [1.0, 4.0]
    assert orders.values[:-2] == [None] * 10
    complaints = next(t for t in report.trends if t.key == "complaints")
    assert complaints.values[-1] == 2.0


def test_rpt2_kpis_listed_against_targets(
    report_data: ReportData, specialist: User, org: object
) -> None:
    """RPT-2: every KPI of the chaohu pack appears with its target (KPI-19 callback rates)."""
    kpis = _report(specialist, org).table("kpis")
    assert kpis.rows, kpis.note
    assert any(row[0] == "KPI-19" for row in kpis.rows)


def test_rpt2_overdue_items_at_now(report_data: ReportData, specialist: User, org: object) -> None:
    """RPT-2: all five open orders (September's too) are past their 4-hour C8 arrival at NOW."""
    report = _report(specialist, org)
    assert sum(r[1] for r in report.table("overdue").rows) == 5  # type: ignore[misc]
    top = report.table("overdue_top").rows
    assert top[0][0] == report_data.september.number  # the longest overdue first
    assert top[0][4] == 1341.0  # 2026-09-15 13:00 → 2026-11-10 10:00 = 1341 h


def test_rpt2_report_round_trips_through_json(
    report_data: ReportData, specialist: User, org: object
) -> None:
    """RPT-1: the snapshot stores the dataclass as JSON and reads back the same report."""
    report = _report(specialist, org)
    assert from_json(to_json(report)) == report
    assert report.timings_ms["total"] >= 0
    assert "kpis" in report.timings_ms


def test_rpt2_dept_admin_sees_only_their_subtree(
    report_data: ReportData, dept_admin_b: User, org: object
) -> None:
    """RPT roles: a department admin's report counts only their unit's orders (1 counter)."""
    report = _report(dept_admin_b, org)
    assert report.table("channels").rows == [["营业厅柜台", 1]]
