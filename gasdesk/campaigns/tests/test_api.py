"""Campaign API: scope, status codes, one happy path per write, list query budgets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from gasdesk.campaigns.models import Outage
from gasdesk.campaigns.services.inspections import generate_inspection_plan
from gasdesk.campaigns.tests.factories import bulk_customers, make_outage
from gasdesk.org.models import User

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=SH)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_out1_api_refuses_23_hours_ahead_with_the_chinese_reason(
    org: Any, packs: Any, dispatcher_a: User
) -> None:
    """OUT-1: POST publish 23 h ahead → 400 on starts_at; the outage stays a draft."""
    client = _client(dispatcher_a)
    body = {
        "org_unit": org.unit_a.pk,
        "title": "维修停气",
        "kind": "planned",
        "reason": "管网维修",
        "area_text": "健康路",
        "selection_kind": "address",
        "selection_value": "健康路",
        "starts_at": (NOW + timedelta(hours=23)).isoformat(),
        "planned_restore_at": (NOW + timedelta(hours=30)).isoformat(),
    }
    created = client.post("/api/v1/outages/", body, format="json")
    assert created.status_code == 201
    response = client.post(f"/api/v1/outages/{created.json()['id']}/publish/")
    assert response.status_code == 400
    assert "至少提前24小时" in response.json()["starts_at"][0]
    assert Outage.objects.get().status == "draft"


def test_outage_list_is_scoped_and_within_query_budget(
    org: Any,
    packs: Any,
    dispatcher_a: User,
    dispatcher_b: User,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(3):
        make_outage(org.unit_a, dispatcher_a, starts_at=NOW + timedelta(days=2), now=NOW)
    client = _client(dispatcher_a)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/outages/")
    assert len(response.json()["results"]) == 3
    assert _client(dispatcher_b).get("/api/v1/outages/").json()["results"] == []


def test_out2_bands_endpoint_counts_this_year(org: Any, packs: Any, specialist: User) -> None:
    response = _client(specialist).get("/api/v1/outages/bands/?year=2026")
    assert response.status_code == 200
    assert [row["code"] for row in response.json()] == ["up_to_5000", "up_to_50000", "over_50000"]


def test_insp_plan_create_rate_and_visit_outcome(
    org: Any, packs: Any, dispatcher_a: User, django_assert_max_num_queries: Any
) -> None:
    bulk_customers(org.unit_a, 5, category="residential", prefix="A")
    client = _client(dispatcher_a)
    created = client.post("/api/v1/inspection-plans/", {"org_unit": org.unit_a.pk, "year": 2027})
    assert created.status_code == 201
    assert created.json()["planned_visits"] == 5
    plan_id = created.json()["id"]
    with django_assert_max_num_queries(6):
        visits = client.get(f"/api/v1/inspection-visits/?plan={plan_id}").json()["results"]
    recorded = client.post(
        f"/api/v1/inspection-visits/{visits[0]['id']}/record-outcome/", {"outcome": "inspected"}
    )
    assert recorded.status_code == 200
    rate = client.get(f"/api/v1/inspection-plans/{plan_id}/rate/").json()
    assert (rate["year"]["planned"], rate["year"]["inspected"]) == (5, 1)


def test_insp_plan_for_a_unit_out_of_scope_is_404(org: Any, packs: Any, dispatcher_b: User) -> None:
    response = _client(dispatcher_b).post(
        "/api/v1/inspection-plans/", {"org_unit": org.unit_a.pk, "year": 2027}
    )
    assert response.status_code == 404


def test_visit_of_another_unit_is_404(
    org: Any, packs: Any, dispatcher_a: User, dispatcher_b: User
) -> None:
    bulk_customers(org.unit_a, 1, category="residential", prefix="Z")
    plan = generate_inspection_plan(org.unit_a, 2027, by=dispatcher_a, now=NOW)
    visit = plan.visits.get()
    response = _client(dispatcher_b).post(
        f"/api/v1/inspection-visits/{visit.pk}/record-outcome/", {"outcome": "inspected"}
    )
    assert response.status_code == 404
    assert plan.visits.get().outcome == "pending"


def test_technician_lists_own_pending_visits_of_the_parent_unit(
    org: Any, packs: Any, dispatcher_a: User, technician_a: User
) -> None:
    """A team technician sees the unit's visits assigned to them (route order)."""
    bulk_customers(org.unit_a, 3, category="residential", prefix="T")
    generate_inspection_plan(org.unit_a, 2027, by=dispatcher_a, now=NOW)
    rows = _client(technician_a).get("/api/v1/inspection-visits/?mine=1").json()["results"]
    assert len(rows) == 3
    assert {row["technician"] for row in rows} == {technician_a.pk}
