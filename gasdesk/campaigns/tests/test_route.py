"""The technician's inspection round (INSP-3, INSP-4, INSP-6): route page, one-tap outcomes,
the printable stairwell notice per route."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from gasdesk.campaigns.models import Hazard, InspectionEvent, InspectionPlan, InspectionVisit
from gasdesk.campaigns.services.inspections import generate_inspection_plan
from gasdesk.campaigns.tests.factories import bulk_customers
from gasdesk.org.models import User

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=SH)
DAY = date(2026, 11, 23)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def round_plan(org: Any, packs: Any, dispatcher_a: User, technician_a: User) -> InspectionPlan:
    """Six residential customers of unit A, all on technician A's round of 2026-11-23:
    customers 0–2 on route 1, 3–5 on route 2."""
    ids = bulk_customers(org.unit_a, 6, category="residential", prefix="RT")
    plan = generate_inspection_plan(org.unit_a, 2026, by=dispatcher_a, now=NOW)
    visits = InspectionVisit.objects.filter(plan=plan)
    visits.update(planned_on=DAY, technician=technician_a, route=1)
    visits.filter(customer_id__in=ids[3:]).update(route=2)
    return plan


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _visit(account_no: str) -> InspectionVisit:
    return InspectionVisit.objects.get(customer__account_no=account_no, round=1)


def test_insp4_route_page_lists_the_round_in_route_order_within_query_budget(
    round_plan: InspectionPlan, technician_a: User, django_assert_max_num_queries: Any
) -> None:
    """INSP-4: today's six visits, route 1 before route 2, in a fixed number of queries."""
    client = _client(technician_a)
    with django_assert_max_num_queries(8):
        page = client.get("/campaigns/inspections/route/").content.decode()
    positions = [page.index(f"RT{i:06d}") for i in range(6)]
    assert positions == sorted(positions)
    route_1, route_2 = page.index('id="route-1"'), page.index('id="route-2"')
    assert route_1 < page.index("RT000000") < route_2 < page.index("RT000003")


def test_insp4_one_tap_not_home_records_the_outcome_and_a_repeat_visit(
    round_plan: InspectionPlan, technician_a: User
) -> None:
    """INSP-4: 到访不遇 with one tap (htmx) → outcome stored, repeat visit 7 days later."""
    visit = _visit("RT000001")
    response = _client(technician_a).post(
        f"/campaigns/inspections/visits/{visit.pk}/tap/",
        {"outcome": "not_home"},
        HTTP_HX_REQUEST="true",
    )
    assert "已登记" in response.content.decode()
    assert "巢湖市RT小区0栋1号" in response.content.decode()
    visit.refresh_from_db()
    assert visit.outcome == "not_home"
    repeat = InspectionVisit.objects.get(root_id=visit.pk)
    assert repeat.planned_on == date(2026, 11, 30)


def test_insp4_retried_tap_does_not_record_twice(
    round_plan: InspectionPlan, technician_a: User
) -> None:
    """INSP-4: a retried tap (bad connection) → one outcome, one event, a clear message."""
    visit = _visit("RT000002")
    client = _client(technician_a)
    url = f"/campaigns/inspections/visits/{visit.pk}/tap/"
    client.post(url, {"outcome": "inspected"}, HTTP_HX_REQUEST="true")
    again = client.post(url, {"outcome": "refused"}, HTTP_HX_REQUEST="true").content.decode()
    assert "该户次已登记结果" in again
    visit.refresh_from_db()
    assert visit.outcome == "inspected"
    assert InspectionEvent.objects.filter(visit=visit).count() == 1


def test_insp6_hazard_tap_issues_the_rectification_notice_due_in_7_days(
    round_plan: InspectionPlan, technician_a: User
) -> None:
    """INSP-6: hazard with items → Hazard due 2026-11-30 (7 days), notice link on the card."""
    visit = _visit("RT000004")
    page = (
        _client(technician_a)
        .post(
            f"/campaigns/inspections/visits/{visit.pk}/tap/",
            {"outcome": "hazard", "hazard_items": "胶管老化"},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    hazard = Hazard.objects.get(visit=visit)
    assert (hazard.items, hazard.rectify_due_on) == ("胶管老化", date(2026, 11, 30))
    assert f"/campaigns/hazards/{hazard.pk}/notice/" in page


def test_insp6_hazard_without_items_is_refused_and_changes_nothing(
    round_plan: InspectionPlan, technician_a: User
) -> None:
    """INSP-6: a hazard needs its items → message, visit still pending, no Hazard row."""
    visit = _visit("RT000005")
    page = (
        _client(technician_a)
        .post(
            f"/campaigns/inspections/visits/{visit.pk}/tap/",
            {"outcome": "hazard"},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert "发现隐患时须填写隐患内容" in page
    visit.refresh_from_db()
    assert visit.outcome == "pending"
    assert not Hazard.objects.exists()


def test_insp4_tap_on_another_units_visit_is_404_and_changes_nothing(
    round_plan: InspectionPlan, dispatcher_b: User
) -> None:
    """INSP-4: a user of unit B cannot record unit A's visit."""
    visit = _visit("RT000000")
    response = _client(dispatcher_b).post(
        f"/campaigns/inspections/visits/{visit.pk}/tap/", {"outcome": "inspected"}
    )
    assert response.status_code == 404
    visit.refresh_from_db()
    assert visit.outcome == "pending"


def test_insp3_stairwell_notice_per_route_posted_3_days_ahead(
    round_plan: InspectionPlan, technician_a: User
) -> None:
    """INSP-3 / EX-28: visits on 2026-11-23 → notice posted by 2026-11-20 (3 days), route 2
    lists its three addresses only."""
    page = (
        _client(technician_a)
        .get("/campaigns/inspections/route/2/notice/?day=2026-11-23")
        .content.decode()
    )
    assert "2026年11月23日" in page
    assert "2026-11-20" in page
    assert "共 3 户" in page
    assert "巢湖市RT小区0栋3号" in page
    assert "巢湖市RT小区0栋0号" not in page


def test_insp3_notice_of_a_route_without_visits_is_404(
    round_plan: InspectionPlan, technician_a: User
) -> None:
    response = _client(technician_a).get("/campaigns/inspections/route/9/notice/?day=2026-11-23")
    assert response.status_code == 404
