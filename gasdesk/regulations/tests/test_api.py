"""Regulations API: permissions, masking, one happy path per endpoint, list query budgets
(the rules themselves are tested in the service tests)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.regulations.models import Appointment, AppointmentEvent, OneTimeNotice
from gasdesk.regulations.tests.factories import make_appointment, make_promise

FRI_1600 = datetime(2026, 11, 20, 16, 0, tzinfo=SHANGHAI)


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_anonymous_is_refused(db: None) -> None:
    assert APIClient().get("/api/v1/appointments/").status_code in (401, 403)


def test_appointment_create_and_list_mask_the_phone(aode: Any) -> None:
    """APPT-3 via the API: reply due Mon 24:00 for a Friday 16:00 request."""
    payload = {
        "org_unit": aode.centre.pk,
        "applicant_name": "包女士",
        "applicant_phone": "13947512345",
        "channel": "wechat",
        "kind": "counter",
        "matter": "开户",
    }
    with time_machine.travel(FRI_1600, tick=False):
        response = _client(aode.agent).post("/api/v1/appointments/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reply_due_at"] == "2026-11-24T00:00:00+08:00"
    assert body["applicant_phone"] == "139****2345"
    listed = _client(aode.agent).get("/api/v1/appointments/").json()["results"]
    assert [row["applicant_phone"] for row in listed] == ["139****2345"]


def test_refuse_without_manager_answers_400_and_changes_nothing(aode: Any) -> None:
    with time_machine.travel(FRI_1600, tick=False):
        appointment = make_appointment(by=aode.agent, org_unit=aode.centre)
    response = _client(aode.agent).post(
        f"/api/v1/appointments/{appointment.pk}/refuse/",
        {"reason": "不办", "approver": aode.agent.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "approver" in response.json()
    assert Appointment.objects.get().status == "requested"
    assert AppointmentEvent.objects.count() == 1


def test_other_units_appointment_is_404(aode: Any, org: Any, dispatcher_b: Any) -> None:
    with time_machine.travel(FRI_1600, tick=False):
        appointment = make_appointment(by=aode.agent, org_unit=aode.centre)
    response = _client(dispatcher_b).get(f"/api/v1/appointments/{appointment.pk}/")
    assert response.status_code == 404


def test_appointment_list_query_budget(aode: Any, django_assert_max_num_queries: Any) -> None:
    with time_machine.travel(FRI_1600, tick=False):
        for _ in range(5):
            make_appointment(by=aode.agent, org_unit=aode.centre)
    client = _client(aode.agent)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/appointments/")
    assert len(response.json()["results"]) == 5


def test_notice_create_lists_missing_and_receive(org: Any, agent_a: Any, packs: Any) -> None:
    payload = {
        "org_unit": org.unit_a.pk,
        "matter_code": "ownership_transfer",
        "provided": ["id_card"],
        "customer_name": "王先生",
        "customer_phone": "13812345678",
    }
    response = _client(agent_a).post("/api/v1/one-time-notices/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert [d["code"] for d in body["missing_documents"]] == ["property_deed", "gas_card"]
    assert body["customer_phone"] == "138****5678"
    received = _client(agent_a).post(f"/api/v1/one-time-notices/{body['id']}/receive-documents/")
    assert received.json()["status"] == "fulfilled"


def test_notice_list_query_budget(
    org: Any, agent_a: Any, packs: Any, django_assert_max_num_queries: Any
) -> None:
    client = _client(agent_a)
    for _ in range(4):
        client.post(
            "/api/v1/one-time-notices/",
            {"org_unit": org.unit_a.pk, "matter_code": "ownership_transfer", "customer_name": "王"},
            format="json",
        )
    assert OneTimeNotice.objects.count() == 4
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/one-time-notices/")
    assert len(response.json()["results"]) == 4


def test_consultation_create_and_list(org: Any, agent_a: Any, packs: Any) -> None:
    payload = {
        "org_unit": org.unit_a.pk,
        "caller_name": "李女士",
        "caller_phone": "13800001111",
        "matter_code": "residential_connection",
        "question": "开户要什么资料",
    }
    client = _client(agent_a)
    assert client.post("/api/v1/consultations/", payload, format="json").status_code == 201
    rows = client.get("/api/v1/consultations/").json()["results"]
    assert rows[0]["caller_phone"] == "138****1111"
    assert "户主身份证原件及复印件" in rows[0]["told"]


def test_promise_create_overdue_and_complete(aode: Any) -> None:
    """TLC-2 via the API: no stated limit → 3 WD."""
    payload = {
        "org_unit": aode.centre.pk,
        "title": "燃气费核查",
        "origin": "customer_feedback",
        "responsible": aode.agent.pk,
        "customer_name": "包女士",
    }
    with time_machine.travel(FRI_1600, tick=False):
        response = _client(aode.agent).post("/api/v1/promised-matters/", payload, format="json")
    assert response.json()["due_at"] == "2026-11-26T00:00:00+08:00"
    with time_machine.travel(datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI), tick=False):
        overdue = _client(aode.manager).get("/api/v1/promised-matters/overdue/").json()
        assert [row["title"] for row in overdue] == ["燃气费核查"]
        done = _client(aode.agent).post(
            f"/api/v1/promised-matters/{response.json()['id']}/complete/",
            {"reply": "已答复", "overdue_reason": "等待检测", "informed_how": "phone"},
            format="json",
        )
    assert done.json()["status"] == "done"


def test_assistance_and_helper_test(aode: Any) -> None:
    payload = {
        "org_unit": aode.centre.pk,
        "service": "document_check",
        "customer_name": "某公司",
        "matter_code": "ownership_transfer",
        "provided": ["id_card", "property_deed", "gas_card"],
    }
    response = _client(aode.agent).post("/api/v1/assistance/", payload, format="json")
    assert response.json()["documents_complete"] is True
    test = _client(aode.manager).post(
        "/api/v1/assistance/helper-tests/",
        {"helper": aode.agent.pk, "taken_on": "2026-11-30", "score": 80},
        format="json",
    )
    assert test.json()["off_post_study_days"] == 1


def test_manager_assign_portfolio_and_visits(
    org: Any, dispatcher_a: Any, packs: Any, django_assert_max_num_queries: Any
) -> None:
    manager = make_user(Role.HOTLINE_AGENT, org.unit_a)
    customers = [make_customer(org.unit_a, tier="vip", category="commercial") for _ in range(3)]
    leader = _client(dispatcher_a)
    unassigned = leader.get("/api/v1/customer-managers/unassigned/").json()["results"]
    assert len(unassigned) == 3
    for customer in customers:
        response = leader.post(
            "/api/v1/customer-managers/assign/",
            {"customer": customer.pk, "manager": manager.pk},
            format="json",
        )
        assert response.status_code == 200, response.content
    client = _client(manager)
    with django_assert_max_num_queries(4):
        portfolio = client.get("/api/v1/customer-managers/portfolio/").json()["results"]
    assert len(portfolio) == 3
    assert "phones" not in portfolio[0]
    from gasdesk.regulations.jobs import plan_all_care_visits

    assert plan_all_care_visits() == 3
    visits = client.get("/api/v1/care-visits/").json()["results"]
    recorded = client.post(f"/api/v1/care-visits/{visits[0]['id']}/record/", {"note": "走访"})
    assert recorded.status_code == 201
    assert leader.get("/api/v1/care-visits/overdue/").json() == []


def test_promise_list_query_budget(aode: Any, django_assert_max_num_queries: Any) -> None:
    with time_machine.travel(FRI_1600, tick=False):
        for _ in range(4):
            make_promise(by=aode.agent, org_unit=aode.centre)
    with django_assert_max_num_queries(6):
        response = _client(aode.agent).get("/api/v1/promised-matters/")
    assert len(response.json()["results"]) == 4


@pytest.mark.parametrize("path", ["/api/v1/consultations/", "/api/v1/assistance/"])
def test_log_lists_query_budget(aode: Any, path: str, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(6):
        assert _client(aode.agent).get(path).status_code == 200
