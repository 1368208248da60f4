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


def test_cb_12_to_14_programme_plan_record_report_and_review(aode):
    """CB-12…14 / RPT-4: after-sale plan 1, 6, 12, 18, 24 months; record; report submitted;
    only the supervisor reviews it."""
    client = _client(aode["agent"])
    with time_machine.travel(datetime(2026, 3, 12, 9, 0, tzinfo=TZ), tick=False):
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
    with time_machine.travel(datetime(2026, 4, 1, 10, 0, tzinfo=TZ), tick=False):
        response = client.post(
            f"/api/v1/callback-plans/{first.pk}/record/", {"record": "燃气使用正常"}, format="json"
        )
        assert response.json()["status"] == "recorded"
        assert response.json()["is_recorded_on_time"] is True
        response = client.post(
            f"/api/v1/callback-plans/{first.pk}/submit-report/",
            {"report": "客户满意，无遗留问题", "evaluation": "satisfied"},
            format="json",
        )
        assert response.json()["status"] == "submitted"
        denied = client.post(
            f"/api/v1/callback-plans/{first.pk}/review/", {"comment": "同意"}, format="json"
        )
        assert denied.status_code == 403
        response = _client(aode["supervisor"]).post(
            f"/api/v1/callback-plans/{first.pk}/review/",
            {"decision": "approve", "comment": "记录完整"},
            format="json",
        )
    assert response.json()["status"] == "reviewed"
    kinds = [e["kind"] for e in client.get(f"/api/v1/callback-plans/{first.pk}/events/").json()]
    assert kinds == ["PLANNED", "RECORDED", "SUBMITTED", "APPROVED"]


def test_cb_13_periodic_plan_and_agreed_time_through_the_api(aode):
    """CB-13: a periodic plan with date, purpose and content; the time agreed with the customer."""
    client = _client(aode["agent"])
    with time_machine.travel(datetime(2026, 5, 4, 9, 0, tzinfo=TZ), tick=False):
        response = client.post(
            "/api/v1/callback-plans/",
            {
                "customer": aode["customer"].pk,
                "kind": "periodic",
                "due_on": "2026-05-20",
                "purpose": "了解冬季用气需求",
                "content": "用能特点、扩容意向",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        plan_id = response.json()[0]["id"]
        response = client.post(
            f"/api/v1/callback-plans/{plan_id}/schedule/",
            {"agreed_at": "2026-05-12T15:00:00+08:00"},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["agreed_at"].startswith("2026-05-12T15:00:00")


def test_cb_12_companies_without_a_programme_are_refused(packs, org, callback_agent):
    customer = make_customer(org.unit_a)
    response = _client(callback_agent).post(
        "/api/v1/callback-plans/",
        {"customer": customer.pk, "kind": "after_sale", "start_on": "2026-03-10"},
        format="json",
    )
    assert response.status_code == 400
    assert not CallbackPlan.objects.exists()


def test_cb_10_questions_and_answers_through_the_api(day_tasks, callback_agent):
    """CB-10: the task's items come from the pack; answers go with record-result."""
    task = CallbackTask.objects.filter(is_full=False).earliest("id")
    client = _client(callback_agent)
    items = client.get(f"/api/v1/callbacks/{task.pk}/questions/").json()
    assert [i["code"] for i in items] == [
        "service_quality",
        "standard_execution",
        "timeliness",
        "suggestion",
    ]
    with time_machine.travel(FRI_1000, tick=False):
        response = client.post(
            f"/api/v1/callbacks/{task.pk}/record-result/",
            {"satisfied": True, "answers": {"service_quality": "no"}},
            format="json",
        )
    assert response.status_code == 400
    assert CallbackTask.objects.get(pk=task.pk).status == "open"
    with time_machine.travel(FRI_1000, tick=False):
        response = client.post(
            f"/api/v1/callbacks/{task.pk}/record-result/",
            {"satisfied": True, "answers": {"service_quality": "yes"}},
            format="json",
        )
    assert response.json()["answers"] == {"service_quality": "yes"}


def test_rpt_4_a_returned_report_through_the_api(aode):
    client, boss = _client(aode["agent"]), _client(aode["supervisor"])
    with time_machine.travel(datetime(2026, 3, 12, 9, 0, tzinfo=TZ), tick=False):
        client.post(
            "/api/v1/callback-plans/",
            {"customer": aode["customer"].pk, "kind": "maintenance", "start_on": "2026-03-10"},
            format="json",
        )
        plan = CallbackPlan.objects.get()
        client.post(f"/api/v1/callback-plans/{plan.pk}/record/", {"record": "正常"}, format="json")
        client.post(
            f"/api/v1/callback-plans/{plan.pk}/submit-report/",
            {"report": "正常", "evaluation": "satisfied"},
            format="json",
        )
        response = boss.post(
            f"/api/v1/callback-plans/{plan.pk}/review/",
            {"decision": "return", "comment": "请写明维护后使用情况"},
            format="json",
        )
    body = response.json()
    assert (body["status"], body["review_comment"]) == ("returned", "请写明维护后使用情况")
    assert body["reviewed_by"] == aode["supervisor"].pk


def test_plan_creation_outside_the_callers_scope_is_refused(aode, packs):
    other = make_company(standard_company="aode", name="另一家奥德")
    stranger = make_customer(make_unit(name="别处", parent=other), name="外单位客户")
    response = _client(aode["agent"]).post(
        "/api/v1/callback-plans/",
        {"customer": stranger.pk, "kind": "after_sale", "start_on": "2026-03-10"},
        format="json",
    )
    assert response.status_code == 400
    assert not CallbackPlan.objects.exists()
