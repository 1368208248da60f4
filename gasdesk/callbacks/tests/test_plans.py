"""客户回访计划 and the reviewed report (CB-13, CB-14, RPT-4): plans from the customer data, the
time agreed with the customer, the record, the report submitted and the supervisor's review."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gasdesk.callbacks import plans
from gasdesk.callbacks.models import CallbackEvent, CallbackPlan, PlanStatus
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user

TZ = ZoneInfo("Asia/Shanghai")
MAR_12 = datetime(2026, 3, 12, 9, 0, tzinfo=TZ)
APR_01 = datetime(2026, 4, 1, 10, 0, tzinfo=TZ)
APR_02 = datetime(2026, 4, 2, 11, 0, tzinfo=TZ)
APR_03 = datetime(2026, 4, 3, 15, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture
def aode(packs):
    company = make_company(standard_company="aode", name="科左中旗奥德燃气")
    unit = make_unit(name="客服中心", parent=company)
    return {
        "unit": unit,
        "agent": make_user(Role.CALLBACK_AGENT, unit, username="aode_agent"),
        "supervisor": make_user(Role.MANAGER, company, username="aode_boss"),
        "dispatcher": make_user(Role.DISPATCHER, unit, username="aode_dispatcher"),
        "customer": make_customer(unit, name="奥德小区物业"),
    }


@pytest.fixture
def first_plan(aode):
    """The first after-sale callback of a project accepted on 10 Mar 2026: due 10 Apr."""
    made = plans.plan_programme(
        aode["customer"],
        kind="after_sale",
        start_on=date(2026, 3, 10),
        by=aode["agent"],
        now=MAR_12,
    )
    return made[0]


@pytest.fixture
def submitted(first_plan, aode):
    plans.record_plan_callback(first_plan, by=aode["agent"], record="燃气使用正常", now=APR_01)
    return plans.submit_plan_report(
        first_plan,
        by=aode["agent"],
        report="客户满意，无遗留问题",
        evaluation="satisfied",
        now=APR_01,
    )


def _kinds(plan):
    return list(
        CallbackEvent.objects.filter(plan=plan).order_by("id").values_list("kind", flat=True)
    )


def test_rpt_4_report_returned_then_resubmitted_and_approved_with_who_and_when(submitted, aode):
    """RPT-4 / CB-14: 主管领导对《客户回访记录》《客户回访报告表》进行审查，并提出指导意见 —
    returned with guidance, resubmitted, approved; every step keeps who and when."""
    boss, agent = aode["supervisor"], aode["agent"]
    plans.review_plan(submitted, by=boss, decision="return", comment="请补充客户用气量", now=APR_02)
    assert CallbackPlan.objects.get(pk=submitted.pk).status == PlanStatus.RETURNED
    plans.submit_plan_report(
        submitted, by=agent, report="客户满意，日用气约30方", evaluation="satisfied", now=APR_02
    )
    plans.review_plan(submitted, by=boss, decision="approve", comment="同意归档", now=APR_03)
    plan = CallbackPlan.objects.get(pk=submitted.pk)
    assert (plan.status, plan.report, plan.review_comment) == (
        "reviewed",
        "客户满意，日用气约30方",
        "同意归档",
    )
    assert (plan.submitted_by, plan.reviewed_by, plan.reviewed_at) == (agent, boss, APR_03)
    events = CallbackEvent.objects.filter(plan=plan).order_by("id")
    assert [(e.kind, e.by, e.at) for e in events] == [
        ("PLANNED", agent, MAR_12),
        ("RECORDED", agent, APR_01),
        ("SUBMITTED", agent, APR_01),
        ("RETURNED", boss, APR_02),
        ("SUBMITTED", agent, APR_02),
        ("APPROVED", boss, APR_03),
    ]
    assert events.get(kind="RETURNED").reason == "请补充客户用气量"


def test_rpt_4_only_the_packs_review_role_reviews(submitted, aode):
    """RPT-4: aode's review_roles = [manager] (主管领导); the caller cannot approve."""
    with pytest.raises(PermissionDeniedRule):
        plans.review_plan(submitted, by=aode["agent"], comment="同意", now=APR_02)
    assert CallbackPlan.objects.get(pk=submitted.pk).status == PlanStatus.SUBMITTED
    assert _kinds(submitted) == ["PLANNED", "RECORDED", "SUBMITTED"]


def test_rpt_4_nobody_reviews_a_report_they_submitted(first_plan, aode):
    boss = aode["supervisor"]
    plans.record_plan_callback(first_plan, by=boss, record="上门回访", now=APR_01)
    plans.submit_plan_report(first_plan, by=boss, report="正常", evaluation="satisfied", now=APR_01)
    with pytest.raises(RuleViolation) as error:
        plans.review_plan(first_plan, by=boss, comment="同意", now=APR_02)
    assert error.value.field == "by"
    assert CallbackPlan.objects.get(pk=first_plan.pk).status == PlanStatus.SUBMITTED


def test_rpt_4_a_report_must_be_submitted_before_review(first_plan, aode):
    plans.record_plan_callback(first_plan, by=aode["agent"], record="燃气使用正常", now=APR_01)
    with pytest.raises(RuleViolation) as error:
        plans.review_plan(first_plan, by=aode["supervisor"], comment="同意", now=APR_02)
    assert error.value.field == "status"
    assert CallbackPlan.objects.get(pk=first_plan.pk).status == PlanStatus.RECORDED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"comment": " "}, "comment"),
        ({"comment": "同意", "decision": "maybe"}, "decision"),
    ],
)
def test_rpt_4_review_needs_guidance_and_a_decision(submitted, aode, changes, field):
    with pytest.raises(RuleViolation) as error:
        plans.review_plan(submitted, by=aode["supervisor"], now=APR_02, **changes)
    assert error.value.field == field
    assert _kinds(submitted) == ["PLANNED", "RECORDED", "SUBMITTED"]


def test_rpt_4_report_needs_summary_and_evaluation(first_plan, aode):
    plans.record_plan_callback(first_plan, by=aode["agent"], record="燃气使用正常", now=APR_01)
    with pytest.raises(RuleViolation) as error:
        plans.submit_plan_report(
            first_plan, by=aode["agent"], report="好", evaluation="", now=APR_01
        )
    assert error.value.field == "evaluation"
    assert CallbackPlan.objects.get(pk=first_plan.pk).status == PlanStatus.RECORDED


def test_rpt_4_a_stale_review_loses_and_writes_nothing(submitted, aode):
    stale = CallbackPlan.objects.get(pk=submitted.pk)
    plans.review_plan(submitted, by=aode["supervisor"], comment="同意", now=APR_02)
    with pytest.raises(ConcurrentChange):
        plans.review_plan(stale, by=aode["supervisor"], comment="再次同意", now=APR_03)
    assert _kinds(submitted).count("APPROVED") == 1


def test_cb_14_a_record_after_the_planned_date_is_marked_late(first_plan, aode):
    """CB-14: 工作人员要在回访时间内对客户进行回访 — first callback due 10 Apr (第一个月)."""
    late = datetime(2026, 4, 11, 9, 0, tzinfo=TZ)
    plan = plans.record_plan_callback(first_plan, by=aode["agent"], record="补回访", now=late)
    assert first_plan.due_on == date(2026, 4, 10)
    assert CallbackPlan.objects.get(pk=plan.pk).is_recorded_on_time is False


def test_cb_14_a_dispatcher_is_not_in_the_packs_plan_roles(first_plan, aode):
    with pytest.raises(PermissionDeniedRule):
        plans.record_plan_callback(first_plan, by=aode["dispatcher"], record="x", now=APR_01)
    assert CallbackPlan.objects.get(pk=first_plan.pk).status == PlanStatus.PLANNED


def test_cb_13_periodic_plan_has_date_purpose_and_content(aode):
    """CB-13: 客户回访计划 包括回访的日期、内容、目的."""
    plan = plans.prepare_plans(
        aode["customer"],
        plans.PlanRequest(
            kind="periodic", due_on=date(2026, 5, 20), purpose="了解用能需求", content="冬季用气"
        ),
        by=aode["agent"],
        now=datetime(2026, 5, 4, 9, 0, tzinfo=TZ),
    )[0]
    plan = CallbackPlan.objects.get(pk=plan.pk)
    assert (plan.kind, plan.due_on, plan.purpose, plan.content) == (
        "periodic",
        date(2026, 5, 20),
        "了解用能需求",
        "冬季用气",
    )
    assert _kinds(plan) == ["PLANNED"]


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (plans.PlanRequest(kind="periodic", due_on=date(2026, 5, 1), purpose="回访"), "due_on"),
        (plans.PlanRequest(kind="periodic", due_on=date(2026, 5, 20), purpose=" "), "purpose"),
        (plans.PlanRequest(kind="after_sale"), "start_on"),
    ],
)
def test_cb_13_a_plan_without_its_dates_or_purpose_is_refused(aode, request_, field):
    with pytest.raises(RuleViolation) as error:
        plans.prepare_plans(
            aode["customer"], request_, by=aode["agent"], now=datetime(2026, 5, 4, 9, 0, tzinfo=TZ)
        )
    assert error.value.field == field
    assert not CallbackPlan.objects.exists()


def test_cb_13_the_agreed_time_suits_the_customer_within_the_plan(first_plan, aode):
    """CB-13: 回访时间的选择 — the agreed time is kept, on or before the plan's date."""
    agreed = datetime(2026, 4, 8, 19, 30, tzinfo=TZ)
    plans.schedule_plan(
        first_plan, by=aode["agent"], agreed_at=agreed, content="使用情况", now=APR_01
    )
    plan = CallbackPlan.objects.get(pk=first_plan.pk)
    assert (plan.agreed_at, plan.content) == (agreed, "使用情况")
    assert _kinds(plan) == ["PLANNED", "SCHEDULED"]


@pytest.mark.parametrize(
    "agreed",
    [datetime(2026, 4, 11, 9, 0, tzinfo=TZ), datetime(2026, 3, 31, 9, 0, tzinfo=TZ)],
    ids=["after_the_plans_date", "in_the_past"],
)
def test_cb_13_an_agreed_time_outside_the_plan_is_refused(first_plan, aode, agreed):
    with pytest.raises(RuleViolation) as error:
        plans.schedule_plan(first_plan, by=aode["agent"], agreed_at=agreed, now=APR_01)
    assert error.value.field == "agreed_at"
    assert CallbackPlan.objects.get(pk=first_plan.pk).agreed_at is None
    assert _kinds(first_plan) == ["PLANNED"]
