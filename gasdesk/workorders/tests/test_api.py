"""Work-order API: permissions, serialization, one happy path per endpoint (rules are tested
in test_services)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from gasdesk.workorders.models import WorkOrder, WorkOrderEvent
from gasdesk.workorders.tests.factories import REPAIR, make_order

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _payload(org, **extra):
    return {
        "business_type": REPAIR,
        "channel": "hotline",
        "description": "燃气灶不点火",
        "caller_phone": "13812345678",
        "address": "巢湖市东塘路1号",
        "org_unit": org.unit_a.pk,
        **extra,
    }


def test_anonymous_request_is_refused():
    assert APIClient().get("/api/v1/work-orders/").status_code in (401, 403)


def test_create_returns_the_stored_deadlines(packs, org, agent_a):
    """DSP-4: the API returns the 4-hour arrival deadline computed at creation."""
    with time_machine.travel(FRI_2140, tick=False):
        response = _client(agent_a).post("/api/v1/work-orders/", _payload(org), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["arrival_due_at"] == "2026-11-21T01:40:00+08:00"
    assert body["caller_phone"] == "138****5678"
    assert body["deadlines"][0]["code"] == "C8"
    assert body["allowed_actions"][:1] == ["dispatch"]


def test_preview_computes_without_saving(packs, org, agent_a):
    with time_machine.travel(FRI_2140, tick=False):
        response = _client(agent_a).post(
            "/api/v1/work-orders/preview-deadlines/", _payload(org), format="json"
        )
    assert response.status_code == 200
    assert response.json()[0]["due_at"] == "2026-11-21T01:40:00+08:00"
    assert not WorkOrder.objects.exists()


def test_rule_violation_is_400_naming_the_field(packs, org, agent_a):
    response = _client(agent_a).post(
        "/api/v1/work-orders/", _payload(org, description=" "), format="json"
    )
    assert response.status_code == 400
    assert "description" in response.json()
    assert not WorkOrder.objects.exists()


def test_out_of_scope_order_is_404(packs, org, agent_a, dispatcher_b):
    order = make_order(by=agent_a, org_unit=org.unit_a)
    assert _client(dispatcher_b).get(f"/api/v1/work-orders/{order.pk}/").status_code == 404


def test_dispatch_endpoint_applies_the_transition(packs, org, agent_a, dispatcher_a, technician_a):
    order = make_order(by=agent_a, org_unit=org.unit_a)
    response = _client(dispatcher_a).post(
        f"/api/v1/work-orders/{order.pk}/dispatch/", {"assignee": technician_a.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "dispatched"
    assert WorkOrderEvent.objects.filter(order=order, kind="DISPATCHED").count() == 1


def test_repeated_dispatch_is_refused_once_the_status_moved_on(
    packs, org, agent_a, dispatcher_a, technician_a
):
    order = make_order(by=agent_a, org_unit=org.unit_a)
    client = _client(dispatcher_a)
    url = f"/api/v1/work-orders/{order.pk}/dispatch/"
    assert client.post(url, {"assignee": technician_a.pk}, format="json").status_code == 200
    second = client.post(url, {"assignee": technician_a.pk}, format="json")
    assert second.status_code == 400  # status moved on: 派工 no longer allowed
    assert WorkOrderEvent.objects.filter(order=order, kind="DISPATCHED").count() == 1


def test_queue_lists_open_orders_nearest_deadline_first(
    packs, org, agent_a, dispatcher_a, django_assert_max_num_queries
):
    with time_machine.travel(FRI_2140, tick=False):
        later = make_order(by=agent_a, org_unit=org.unit_a, business_type="gas_on")
        sooner = make_order(by=agent_a, org_unit=org.unit_a)
        for _ in range(5):
            make_order(by=agent_a, org_unit=org.team_a)
    client = _client(dispatcher_a)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/work-orders/queue/?limit=10")
    numbers = [row["number"] for row in response.json()]
    assert numbers.index(sooner.number) < numbers.index(later.number)
    assert len(numbers) == 7


def test_events_endpoint_returns_the_history(packs, org, agent_a):
    order = make_order(by=agent_a, org_unit=org.unit_a)
    rows = _client(agent_a).get(f"/api/v1/work-orders/{order.pk}/events/").json()
    assert [r["kind"] for r in rows] == ["CREATED"]


def test_openapi_schema_lists_transition_endpoints(db, sysadmin):
    response = _client(sysadmin).get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/work-orders/{id}/dispatch/" in paths
    assert "/api/v1/work-orders/{id}/start-work/" in paths
