"""Bench issue 4 fixes: index shapes (K1, K2), paged drill-down (K3), calendar previous
period for hot spots (K4) — CMP-19, CMP-23."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from gasdesk.complaints.models import Complaint
from gasdesk.complaints.selectors import (
    DRILL_PAGE,
    Period,
    deduction_drilldown,
    hot_spots,
    last_days,
    page_of,
    quarter,
)
from gasdesk.complaints.services import set_level
from gasdesk.complaints.tests.factories import copies_of, make_complaint

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
URL = "/api/v1/complaints/deductions/complaints/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def unit_a_quarter(packs, agent_a, org, specialist):
    """Unit A in 2026Q4: one level-1 complaint, then DRILL_PAGE level-3 copies (51 rows)."""
    first = set_level(make_complaint(by=agent_a, target_unit=org.unit_a), by=specialist, level=1)
    third = set_level(make_complaint(by=agent_a, target_unit=org.unit_a), by=specialist, level=3)
    copies_of(third, DRILL_PAGE - 1)
    return first


def _index(name):
    return next(i for i in Complaint._meta.indexes if i.name == name)


def test_cmp_19_drilldown_index_follows_order_by_level_levelled_at():
    """CMP-19 (K2): cmp_deduction_idx is (target_unit, level, levelled_at), the ORDER BY."""
    assert _index("cmp_deduction_idx").fields == ["target_unit", "level", "levelled_at"]
    assert "cmp_company_levelled_idx" not in {i.name for i in Complaint._meta.indexes}


def _index_sql(name):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [name])
        return cursor.fetchone()[0]


def test_cmp_19_cmp_23_covering_report_indexes_are_migrated():
    """CMP-19/CMP-23 (K1): the period indexes exist; on PostgreSQL they INCLUDE the columns."""
    deduction = _index_sql("cmp_deduction_period_idx").replace('"', "")
    received = _index_sql("cmp_received_report_idx").replace('"', "")
    assert "(levelled_at" in deduction
    assert "target_unit_id IS NOT NULL" in deduction
    assert "(received_at" in received
    if connection.vendor == "postgresql":
        assert "INCLUDE (org_unit_id, target_unit_id, level, id)" in deduction
        assert "closure_due_at, is_satisfied)" in received


def test_cmp_19_drilldown_pages_in_level_order_without_wide_columns(
    unit_a_quarter, specialist, org, django_assert_num_queries
):
    """CMP-19 (K3): 51 rows → a page of 50 with 'more', then 1; narrative stays deferred."""
    rows = deduction_drilldown(specialist, quarter(2026, 4), org.unit_a)
    rows.count()  # warm the user's scope
    with django_assert_num_queries(1):
        first, more = page_of(rows, 1)
    assert (len(first), more, first[0].pk, first[0].level) == (50, True, unit_a_quarter.pk, 1)
    assert {"narrative", "deadline_basis"} <= first[0].get_deferred_fields()
    last, more = page_of(rows, 2)
    assert (len(last), more, last[0].level) == (1, False, 3)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_cmp_19_drilldown_api_is_paged_50(unit_a_quarter, specialist, org):
    """CMP-19 (K3): the API answers 50 rows, a next link, then the last row; phones masked."""
    client = _api(specialist)
    query = {"year": 2026, "quarter": 4, "unit": org.unit_a.pk}
    body = client.get(URL, query).json()
    assert (len(body["results"]), body["results"][0]["level"]) == (50, 1)
    assert body["results"][0]["phone"] == "138****5678"
    assert "narrative" not in body["results"][0]
    assert "page=2" in body["next"]
    last = client.get(body["next"]).json()
    assert (len(last["results"]), last["next"]) == (1, None)


def test_cmp_19_drilldown_api_query_budget(
    unit_a_quarter, specialist, org, django_assert_max_num_queries
):
    """CMP-19 (K3): a page costs the same few queries whatever the unit's volume."""
    client = _api(specialist)
    query = {"year": 2026, "quarter": 4, "unit": org.unit_a.pk}
    client.get(URL, query)
    with django_assert_max_num_queries(6):
        assert client.get(URL, query).status_code == 200


def test_cmp_19_department_page_shows_50_and_a_next_link(
    client, unit_a_quarter, dept_admin_a, org, django_assert_max_num_queries
):
    """CMP-19 (K3): the department page lists 50 drill-down rows and links to page 2."""
    client.force_login(dept_admin_a)
    url = reverse("complaints:department") + f"?year=2026&quarter=4&unit={org.unit_a.pk}"
    client.get(url)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    drill = page.split('data-testid="drilldown"')[1].split("</ul>")[0]
    assert drill.count("<li>") == 50
    assert "page=2" in page.split('data-testid="drilldown-next"')[1]
    last = client.get(url + "&page=2").content.decode()
    assert last.split('data-testid="drilldown"')[1].split("</ul>")[0].count("<li>") == 1
    assert 'data-testid="drilldown-next"' not in last


WEEK = Period.of_dates(date(2026, 11, 14), date(2026, 11, 21))


def _month(year, month):
    return Period.of_dates(date(year, month, 1), date(year + month // 12, month % 12 + 1, 1))


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (quarter(2026, 3), (date(2026, 4, 1), date(2026, 7, 1))),
        (quarter(2026, 1), (date(2025, 10, 1), date(2026, 1, 1))),
        (_month(2026, 11), (date(2026, 10, 1), date(2026, 11, 1))),
        (_month(2026, 1), (date(2025, 12, 1), date(2026, 1, 1))),
        (WEEK, (date(2026, 11, 7), date(2026, 11, 14))),
    ],
)  # fmt: skip
def test_cmp_23_previous_is_the_previous_calendar_quarter_or_month(period, expected):
    """CMP-23 (K4): 2026Q3 compares with 2026-04-01..07-01; a month with the month before;
    a days-based window with as many days before."""
    assert period.previous() == Period.of_dates(*expected)


def test_cmp_23_last_days_previous_stays_days_based():
    """CMP-23: the desk's 30-day strip compares with the 30 days before."""
    period = last_days(30)
    assert period.previous() == Period(period.start - timedelta(days=30), period.start)


def test_cmp_23_quarter_hot_spots_compare_with_all_of_q2_only(packs, agent_a, specialist):
    """CMP-23 (K4): for 2026Q3 a complaint of 2026-03-31 is not in 'previous', 04-01 is."""
    for day in (date(2026, 3, 31), date(2026, 4, 1), date(2026, 8, 1)):
        with time_machine.travel(
            datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=10)
        ):
            make_complaint(by=agent_a, cause="billing")
    [spot] = hot_spots(specialist, quarter(2026, 3), "cause")
    assert (spot.key, spot.count, spot.previous) == ("billing", 1, 1)
