"""Field-work API (DSP, EMG): taps with client tokens, scoping, masking, query budgets."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from gasdesk.fieldwork.models import Assignment, Emergency, FieldEvent
from gasdesk.fieldwork.tests.factories import assigned_order, signature_url, tiny_png
from gasdesk.workorders.models import WorkOrder, WorkOrderEvent
from gasdesk.workorders.tests.factories import make_order

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def order(kunlun):
    order, _ = assigned_order(
        agent=kunlun.agent,
        dispatcher=kunlun.dispatcher,
        technician=kunlun.technician,
        unit=kunlun.unit,
        at=FRI_2140,
    )
    return order


def _post(user, order, action, data=None, **kw):
    url = f"/api/v1/field-orders/{order.pk}/{action}/"
    return _client(user).post(url, data or {}, format=kw.pop("format", "json"), **kw)


def test_dsp_assign_via_api_sets_the_1_hour_acceptance_deadline(kunlun):
    """DSP-1: POST assign on a repair received Fri 21:40 → accept due 22:40."""
    with time_machine.travel(FRI_2140, tick=False):
        order = make_order(by=kunlun.agent, org_unit=kunlun.unit)
        response = _post(kunlun.dispatcher, order, "assign", {"technician": kunlun.technician.pk})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "dispatched"
    assert Assignment.objects.get().accept_due_at == FRI_2140 + timedelta(hours=1)


def test_dsp_assigning_an_already_dispatched_order_is_a_reassign_needing_a_reason(kunlun):
    with time_machine.travel(FRI_2140, tick=False):
        order = make_order(by=kunlun.agent, org_unit=kunlun.unit)
        first = _post(kunlun.dispatcher, order, "assign", {"technician": kunlun.technician.pk})
        second = _post(kunlun.dispatcher_2, order, "assign", {"technician": kunlun.technician_2.pk})
    assert first.status_code == 200
    assert second.status_code == 400  # the order is now dispatched: a reassign needs a reason
    assert Assignment.objects.get().technician == kunlun.technician


def test_retried_accept_tap_with_the_same_token_applies_once(order, kunlun):
    token = str(uuid.uuid4())
    with time_machine.travel(FRI_2140 + timedelta(minutes=3), tick=False):
        first = _post(kunlun.technician, order, "accept", {"client_token": token})
        retry = _post(kunlun.technician, order, "accept", {"client_token": token})
    assert (first.status_code, retry.status_code) == (200, 200)
    assert first.json()["status"] == "accepted"
    assert retry.json() == {**first.json(), "replayed": True}
    assert WorkOrderEvent.objects.filter(order=order, kind="ACCEPTED").count() == 1


def test_a_technicians_day_through_the_api_ends_signed(order, kunlun):
    tech = kunlun.technician
    with time_machine.travel(FRI_2140 + timedelta(minutes=5), tick=False):
        assert _post(tech, order, "accept").status_code == 200
        visit_at = (FRI_2140 + timedelta(hours=1)).isoformat()
        assert _post(tech, order, "agree-time", {"appointment_at": visit_at}).status_code == 200
    with time_machine.travel(FRI_2140 + timedelta(hours=1), tick=False):
        assert _post(tech, order, "arrive").status_code == 200
        photo = SimpleUploadedFile("p.png", tiny_png(), content_type="image/png")
        assert _post(tech, order, "photos", {"photo": photo}, format="multipart").status_code == 201
        work = {"work_done": "更换减压阀", "materials": [{"name": "减压阀", "quantity": "1"}]}
        assert _post(tech, order, "record-work", work).status_code == 200
        sheet = {"signature": signature_url(), "signed_by_name": "王"}
        refused = _post(tech, order, "complete", sheet)
        done = _post(tech, order, "complete", {**sheet, "safety_briefed": True})
    assert refused.status_code == 400  # SMS-2: 96602 requires the safety briefing
    assert "safety_briefed" in refused.json()
    assert done.status_code == 200, done.content
    assert WorkOrder.objects.get(pk=order.pk).status == "completed"
    kinds = list(FieldEvent.objects.filter(order=order).values_list("kind", flat=True))
    assert kinds[-1] == "SIGNED_COMPLETED"


def test_not_met_via_api_suspends_the_order(order, kunlun):
    with time_machine.travel(FRI_2140 + timedelta(minutes=5), tick=False):
        _post(kunlun.technician, order, "accept")
        response = _post(kunlun.technician, order, "not-met", {"note": "无人"})
    assert response.json()["status"] == "suspended"


def test_invalid_photo_is_refused_with_the_field(order, kunlun):
    with time_machine.travel(FRI_2140 + timedelta(minutes=5), tick=False):
        _post(kunlun.technician, order, "accept")
        _post(kunlun.technician, order, "arrive")
        bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
        response = _post(kunlun.technician, order, "photos", {"photo": bad}, format="multipart")
    assert response.status_code == 400
    assert "photo" in response.json()


def test_orders_outside_scope_answer_404(order, kunlun):
    response = _post(kunlun.outsider_technician, order, "accept")
    assert response.status_code == 404
    assert WorkOrder.objects.get(pk=order.pk).status == "dispatched"


def test_my_day_masks_phones_within_a_query_budget(kunlun, django_assert_max_num_queries):
    for minute in range(5):
        assigned_order(
            agent=kunlun.agent,
            dispatcher=kunlun.dispatcher,
            technician=kunlun.technician,
            unit=kunlun.unit,
            at=FRI_2140 + timedelta(minutes=minute),
        )
    client = _client(kunlun.technician)
    later = time_machine.travel(FRI_2140 + timedelta(hours=1), tick=False)
    with later, django_assert_max_num_queries(4):
        rows = client.get("/api/v1/field-orders/my-day/").json()
    assert len(rows) == 5
    assert rows[0]["caller_phone"] == "138****5678"


def test_unsigned_list_within_a_query_budget(kunlun, django_assert_max_num_queries):
    for minute in range(3):
        assigned_order(
            agent=kunlun.agent,
            dispatcher=kunlun.dispatcher,
            technician=kunlun.technician,
            unit=kunlun.unit,
            at=FRI_2140 + timedelta(minutes=minute),
        )
    client = _client(kunlun.dispatcher)
    with django_assert_max_num_queries(6):
        rows = client.get("/api/v1/field-orders/unsigned/").json()
    assert len(rows) == 3


def test_emg_alarm_intake_via_api_and_open_list(org, packs, agent_a, dispatcher_a):
    """EMG-1: POST /emergencies/ in the remote unit → arrival due in 50 minutes."""
    payload = {
        "org_unit": org.unit_b.pk,
        "fault_class": "leak",
        "address": "含山县环峰镇1号",
        "caller_phone": "13911112222",
        "description": "闻到燃气味",
    }
    with time_machine.travel(FRI_2140, tick=False):
        created = _client(agent_a).post("/api/v1/emergencies/", payload, format="json")
    assert created.status_code == 201, created.content
    assert Emergency.objects.get().arrival_due_at == FRI_2140 + timedelta(minutes=50)
    listed = _client(agent_a).get("/api/v1/emergencies/").json()
    assert [row["address"] for row in listed["results"]] == ["含山县环峰镇1号"]
    assert _client(dispatcher_a).get("/api/v1/emergencies/").json()["results"] == []


def test_emg_escalations_list_within_a_query_budget(
    org, packs, agent_a, dispatcher_a, django_assert_max_num_queries
):
    from gasdesk.fieldwork.jobs import scan_emergencies
    from gasdesk.fieldwork.services.emergencies import AlarmInput, report_emergency

    with time_machine.travel(FRI_2140, tick=False):
        for _ in range(3):
            report_emergency(
                AlarmInput(org.unit_a, "leak", "巢湖市1号", "13900000000", "漏气"), by=agent_a
            )
    scan_emergencies(now=FRI_2140 + timedelta(minutes=25))
    with django_assert_max_num_queries(5):
        rows = _client(dispatcher_a).get("/api/v1/emergencies/escalations/").json()
    assert len(rows) == 3
