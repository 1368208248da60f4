"""Callback API: scope, one happy path per action, query budgets (rules are tested below)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from gasdesk.callbacks.models import CallbackPlan, CallbackTask, FollowUpForm
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.tests.factories import make_company, make_unit, make_user

TZ = ZoneInfo("Asia/Shanghai")
FRI_1000 = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_is_scoped_and_masks_phones(day_tasks, callback_agent, dept_admin_b):
    rows = _client(callback_agent).get("/api/v1/callbacks/").json()["results"]
    assert len(rows) == 4
    assert all("****" in row["phone"] for row in rows)
    assert _client(dept_admin_b).get("/api/v1/callbacks/").json()["results"] == []


def test_list_query_budget(day_tasks, callback_agent, django_assert_max_num_queries):
    client = _client(callback_agent)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/callbacks/")
    assert response.status_code == 200


def test_today_lists_the_days_sections(day_tasks, callback_agent, django_assert_max_num_queries):
    client = _client(callback_agent)
    sunday = datetime(2026, 11, 22, 9, 0, tzinfo=TZ)
    with time_machine.travel(sunday, tick=False), django_assert_max_num_queries(9):
        body = client.get("/api/v1/callbacks/today/").json()
    sections = ("overdue", "due_today", "upcoming", "done_today")
    assert [len(body[k]) for k in sections] == [0, 4, 0, 0]


def test_record_result_and_answer_the_follow_up(day_tasks, callback_agent, dept_admin_a):
    task = CallbackTask.objects.filter(is_full=False).earliest("id")
    with time_machine.travel(FRI_1000, tick=False):
        response = _client(callback_agent).post(
            f"/api/v1/callbacks/{task.pk}/record-result/",
            {"satisfied": False, "words": "燃气灶仍打不着火"},
            format="json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["result"] == "dissatisfied"
        form = FollowUpForm.objects.get()
        response = _client(dept_admin_a).post(
            f"/api/v1/callback-follow-ups/{form.pk}/answer/",
            {"answer": "已上门复修"},
            format="json",
        )
    assert response.status_code == 200
    assert response.json()["status"] == "answered"


def test_bad_input_answers_400_with_the_field(day_tasks, callback_agent):
    task = CallbackTask.objects.filter(is_full=False).earliest("id")
    response = _client(callback_agent).post(
        f"/api/v1/callbacks/{task.pk}/record-result/", {"satisfied": False}, format="json"
    )
    assert response.status_code == 400
    assert "words" in response.json()
    assert CallbackTask.objects.get(pk=task.pk).status == "open"


def test_record_attempt_returns_the_replacement(day_tasks, callback_agent):
    task = CallbackTask.objects.filter(is_full=False).earliest("id")
    response = _client(callback_agent).post(
        f"/api/v1/callbacks/{task.pk}/record-attempt/",
        {"outcome": "unreachable", "note": "号码停机"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["replaces"] == task.pk


def test_dispatcher_cannot_record_results(day_tasks, dispatcher_a):
    task = CallbackTask.objects.filter(org_unit=day_tasks.unit_a).earliest("id")
    response = _client(dispatcher_a).post(
        f"/api/v1/callbacks/{task.pk}/record-result/", {"satisfied": True}, format="json"
    )
    assert response.status_code == 403
    assert CallbackTask.objects.get(pk=task.pk).status == "open"


def test_satisfaction_endpoint(day_tasks, callback_agent):
    task = CallbackTask.objects.get(group_code="hazard")
    with time_machine.travel(FRI_1000, tick=False):
        _client(callback_agent).post(
            f"/api/v1/callbacks/{task.pk}/record-result/", {"satisfied": True}, format="json"
        )
    body = (
        _client(callback_agent)
        .get("/api/v1/callbacks/satisfaction/", {"first": "2026-11-20", "last": "2026-11-20"})
        .json()
    )
    assert body == [{"key": "hazard", "answered": 1, "satisfied": 1}]


@pytest.fixture
def aode(packs):
    company = make_company(standard_company="aode", name="科左中旗奥德燃气")
    unit = make_unit(name="客服中心", parent=company)
    return {
        "unit": unit,
        "agent": make_user("callback_agent", unit, username="aode_agent"),
        "supervisor": make_user("manager", company, username="aode_boss"),
        "customer": make_customer(unit, name="奥德小区物业"),
    }


def test_cb_12_to_14_programme_plan_record_and_review(aode):
    """CB-12…14: after-sale plan 1, 6, 12, 18, 24 months; record + report; supervisor reviews."""
    client = _client(aode["agent"])
    response = client.post(
        "/api/v1/callback-plans/",
        {"customer": aode["customer"].pk, "kind": "after_sale", "start_on": "2026-03-10"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert [r["due_on"] for r in response.json()] == [
        "2026-04-10",
        "2026-09-10",
        "2027-03-10",
        "2027-09-10",
        "2028-03-10",
    ]
    first = CallbackPlan.objects.earliest("sequence")
    response = client.post(
        f"/api/v1/callback-plans/{first.pk}/record/",
        {"record": "燃气使用正常", "report": "客户满意"},
        format="json",
    )
    assert response.json()["status"] == "recorded"
    assert (
        client.post(
            f"/api/v1/callback-plans/{first.pk}/review/", {"comment": "同意"}, format="json"
        ).status_code
        == 403
    )
    response = _client(aode["supervisor"]).post(
        f"/api/v1/callback-plans/{first.pk}/review/", {"comment": "记录完整"}, format="json"
    )
    assert response.json()["status"] == "reviewed"


def test_cb_12_companies_without_a_programme_are_refused(packs, org, callback_agent):
    customer = make_customer(org.unit_a)
    response = _client(callback_agent).post(
        "/api/v1/callback-plans/",
        {"customer": customer.pk, "kind": "after_sale", "start_on": "2026-03-10"},
        format="json",
    )
    assert response.status_code == 400
    assert not CallbackPlan.objects.exists()
