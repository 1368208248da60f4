"""Pages of 客户回访计划 and the callback record form (CB-10, CB-13, CB-14, RPT-4): thin view
tests — one happy path per page, permissions, query budgets; the rules are in test_plans."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.callbacks import plans
from gasdesk.callbacks.models import CallbackPlan, CallbackTask, PlanStatus
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user

TZ = ZoneInfo("Asia/Shanghai")
MAR_12 = datetime(2026, 3, 12, 9, 0, tzinfo=TZ)
APR_01 = datetime(2026, 4, 1, 10, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture
def aode(packs):
    company = make_company(standard_company="aode", name="科左中旗奥德燃气")
    unit = make_unit(name="客服中心", parent=company)
    agent = make_user(Role.CALLBACK_AGENT, unit, username="aode_agent")
    customer = make_customer(unit, name="奥德小区物业")
    made = plans.plan_programme(
        customer, kind="after_sale", start_on=date(2026, 3, 10), by=agent, now=MAR_12
    )
    return {
        "agent": agent,
        "supervisor": make_user(Role.MANAGER, company, username="aode_boss"),
        "customer": customer,
        "plan": made[0],
    }


def test_plan_detail_shows_the_materials_and_the_allowed_forms(
    client, aode, django_assert_max_num_queries
):
    """CB-13: 回访资料 (customer basics, services received) and the plan's next steps."""
    client.force_login(aode["agent"])
    with django_assert_max_num_queries(12):
        response = client.get(f"/callbacks/plans/{aode['plan'].pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert aode["customer"].account_no in body
    assert 'data-testid="plan-form-schedule"' in body
    assert 'data-testid="plan-form-record"' in body
    assert 'data-testid="plan-form-review"' not in body


def test_plan_list_filters_kept_plans_by_kind_and_status(
    client, aode, django_assert_max_num_queries
):
    client.force_login(aode["agent"])
    with django_assert_max_num_queries(8):
        pending = client.get("/callbacks/plans/").content.decode()
    assert pending.count('data-testid="plan-row"') == 5
    reviewed = client.get("/callbacks/plans/?kind=after_sale&status=reviewed").content.decode()
    assert reviewed.count('data-testid="plan-row"') == 0


def test_cb_13_a_periodic_plan_is_prepared_from_the_page(client, aode):
    client.force_login(aode["agent"])
    with time_machine.travel(datetime(2026, 5, 4, 9, 0, tzinfo=TZ), tick=False):
        response = client.post(
            "/callbacks/plans/new/",
            {
                "account_no": aode["customer"].account_no,
                "kind": "periodic",
                "due_on": "2026-05-20",
                "purpose": "了解用能需求",
            },
            follow=True,
        )
    assert "已生成1条回访计划" in response.content.decode()
    assert CallbackPlan.objects.get(kind="periodic").purpose == "了解用能需求"


def test_cb_13_an_unknown_account_number_changes_nothing(client, aode):
    client.force_login(aode["agent"])
    response = client.post(
        "/callbacks/plans/new/",
        {"account_no": "NOPE", "kind": "periodic", "due_on": "2026-05-20", "purpose": "x"},
        follow=True,
    )
    assert "未找到户号" in response.content.decode()
    assert not CallbackPlan.objects.filter(kind="periodic").exists()


def test_rpt_4_record_submit_and_review_from_the_plan_page(client, aode):
    """RPT-4: the caller records and submits the report; the supervisor approves it."""
    pk = aode["plan"].pk
    client.force_login(aode["agent"])
    with time_machine.travel(APR_01, tick=False):
        client.post(f"/callbacks/plans/{pk}/record/", {"record": "燃气使用正常"})
        response = client.post(
            f"/callbacks/plans/{pk}/submit/",
            {"report": "客户满意", "evaluation": "satisfied"},
            follow=True,
        )
        assert "已保存" in response.content.decode()
        assert CallbackPlan.objects.get(pk=pk).status == PlanStatus.SUBMITTED
        denied = client.post(
            f"/callbacks/plans/{pk}/review/",
            {"decision": "approve", "comment": "同意"},
            follow=True,
        )
        assert CallbackPlan.objects.get(pk=pk).status == PlanStatus.SUBMITTED
        assert "需要以下角色之一" in denied.content.decode()
        client.force_login(aode["supervisor"])
        response = client.post(
            f"/callbacks/plans/{pk}/review/",
            {"decision": "return", "comment": "请补充用气情况"},
            follow=True,
        )
    assert CallbackPlan.objects.get(pk=pk).status == PlanStatus.RETURNED
    assert 'data-testid="plan-review"' in response.content.decode()


def test_a_plan_step_with_an_empty_form_names_the_field_and_changes_nothing(client, aode):
    client.force_login(aode["agent"])
    response = client.post(f"/callbacks/plans/{aode['plan'].pk}/record/", {}, follow=True)
    assert "回访记录" in response.content.decode()
    assert CallbackPlan.objects.get(pk=aode["plan"].pk).status == PlanStatus.PLANNED


def test_cb_10_the_task_page_asks_the_packs_items_and_keeps_the_answers(
    client, sampled_task, callback_agent, django_assert_max_num_queries
):
    client.force_login(callback_agent)
    with django_assert_max_num_queries(14):
        body = client.get(f"/callbacks/{sampled_task.pk}/").content.decode()
    assert "您对本次服务的质量是否满意？" in body
    assert "您对投诉的处理过程和结果是否满意？" not in body  # complainants only
    assert "回访归口部门：服务管理办公室" in body
    response = client.post(
        f"/callbacks/{sampled_task.pk}/result/",
        {"back": "detail", "satisfied": "true", "q_service_quality": "yes", "q_timeliness": "yes"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/callbacks/{sampled_task.pk}/"
    task = CallbackTask.objects.get(pk=sampled_task.pk)
    assert task.answers == {"service_quality": "yes", "timeliness": "yes"}
    body = client.get(f"/callbacks/{sampled_task.pk}/").content.decode()
    assert 'data-testid="task-answers"' in body
