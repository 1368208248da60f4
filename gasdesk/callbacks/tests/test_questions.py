"""Who calls back and what is asked (CB-1, CB-10, CB-15): the pack's performers, the callback
record form's items and their answers, and the caller's service level (重庆 三级回访)."""

from __future__ import annotations

from datetime import date, datetime
from typing import get_args
from zoneinfo import ZoneInfo

import pytest

from gasdesk.callbacks.models import CallbackEvent, CallbackTask
from gasdesk.callbacks.questions import checked_answers, questions_for, service_level
from gasdesk.callbacks.selectors import satisfaction_by_group
from gasdesk.callbacks.services import caller_level, record_result, task_questions
from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.org.models import OrgUnitKind
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.standards.sections.callbacks import OrgKind
from gasdesk.standards.tests.factories import shipped_pack

TZ = ZoneInfo("Asia/Shanghai")
FRI_1000 = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
COMPANIES = ["chaohu", "kunlun96602", "aode", "chongqing"]
CB_10_ITEMS = [
    "service_quality",
    "standard_execution",
    "timeliness",
    "complaint_process",
    "suggestion",
]


def _rules(company):
    rules = shipped_pack(company).callbacks
    assert rules is not None
    return rules


@pytest.mark.parametrize("company", COMPANIES)
def test_cb_10_every_pack_asks_the_five_callback_items(company):
    """CB-10: 服务质量、服务标准执行情况、业务办理及时性、投诉处理过程和结果、用户建议."""
    rules = _rules(company)
    assert [q.code for q in rules.questions] == CB_10_ITEMS
    assert [q.code for q in rules.questions if q.answer == "text"] == ["suggestion"]


def test_cb_10_the_complaint_item_is_asked_of_complainants_only():
    rules = _rules("kunlun96602")
    assert "complaint_process" not in [
        q.code for q in questions_for(rules, "repair_modification_replacement")
    ]
    assert [q.code for q in questions_for(rules, "complainant")] == CB_10_ITEMS


def test_cb_10_cb_9_a_no_to_any_item_is_not_satisfied():
    """CB-9 via CB-10: 满意 only with no complaint at all, so a 'no' needs 不满意."""
    questions = _rules("chaohu").questions
    with pytest.raises(RuleViolation) as error:
        checked_answers(questions, {"timeliness": "no"}, satisfied=True)
    assert error.value.field == "satisfied"
    kept = checked_answers(questions, {"timeliness": "no", "suggestion": " "}, satisfied=False)
    assert kept == {"timeliness": "no"}


@pytest.mark.parametrize(
    "answers",
    [{"price": "yes"}, {"service_quality": "maybe"}],
    ids=["unknown_item", "not_yes_or_no"],
)
def test_cb_10_unknown_items_and_other_answers_are_refused(answers):
    with pytest.raises(RuleViolation) as error:
        checked_answers(_rules("chaohu").questions, answers, satisfied=False)
    assert error.value.field == "answers"


@pytest.mark.parametrize(
    ("path_kinds", "level"),
    [
        (["team", "unit", "division", "company"], 3),
        (["unit", "division", "company"], 3),
        (["department", "division", "company"], 2),
        (["department", "company"], 1),
        (["department"], None),
    ],
)
def test_cb_15_the_caller_belongs_to_the_nearest_service_level(path_kinds, level):
    """CB-15: 集团客户服务中心 (1), 区域分/子公司 (2), 服务网点 (3) call back."""
    found = service_level(_rules("chongqing").levels, path_kinds)
    assert (found.level if found else None) == level


def test_cb_15_only_chongqing_has_three_levels():
    assert {c: len(_rules(c).levels) for c in COMPANIES} == {
        "chaohu": 0,
        "kunlun96602": 0,
        "aode": 0,
        "chongqing": 3,
    }


def test_cb_15_the_packs_org_kinds_are_the_org_trees():
    assert set(get_args(OrgKind)) == set(OrgUnitKind.values)


def test_cb_1_chaohu_callbacks_are_run_by_the_office_and_the_customer_service_department():
    """CB-1: 服务管理办公室 owns callbacks; 客户服务部 (回访员) makes them."""
    performers = _rules("chaohu").performers
    assert performers is not None
    assert performers.owner == "服务管理办公室"
    assert set(performers.roles) == {Role.CALLBACK_AGENT, Role.SPECIALIST}


@pytest.mark.django_db
def test_cb_10_answers_are_stored_with_the_result(sampled_task, callback_agent):
    answers = {"service_quality": "yes", "timeliness": "no", "suggestion": "希望提前电话联系"}
    record_result(
        sampled_task,
        by=callback_agent,
        satisfied=False,
        words="师傅迟到",
        answers=answers,
        now=FRI_1000,
    )
    task = CallbackTask.objects.get(pk=sampled_task.pk)
    assert task.answers == answers
    event = CallbackEvent.objects.get(task=task, kind="RESULT_RECORDED")
    assert event.data["answers"] == answers
    assert [q.code for q in task_questions(task)] == [
        "service_quality",
        "standard_execution",
        "timeliness",
        "suggestion",
    ]


@pytest.mark.django_db
def test_cb_10_a_satisfied_result_with_a_no_changes_nothing(sampled_task, callback_agent):
    with pytest.raises(RuleViolation):
        record_result(
            sampled_task,
            by=callback_agent,
            satisfied=True,
            answers={"standard_execution": "no"},
            now=FRI_1000,
        )
    task = CallbackTask.objects.get(pk=sampled_task.pk)
    assert (task.status, task.answers) == ("open", {})
    assert not CallbackEvent.objects.filter(task=task, kind="RESULT_RECORDED").exists()


@pytest.mark.django_db
def test_cb_1_a_dept_admin_may_not_call_back_for_chaohu(sampled_task, org):
    """CB-1: chaohu's performers are callback agents and the office, not the units' admins."""
    admin = make_user(Role.DEPT_ADMIN, org.unit_a, username="admin_a")
    with pytest.raises(PermissionDeniedRule):
        record_result(sampled_task, by=admin, satisfied=True, now=FRI_1000)
    assert CallbackTask.objects.get(pk=sampled_task.pk).status == "open"


@pytest.fixture
def chongqing(packs, agent_a):
    """重庆: group centre (company) → 区域分公司 (division) → 服务网点 (unit) → 班组; four home
    visits completed on 19 Nov, all called back (7653 回访一个电话, 100 %)."""
    from gasdesk.callbacks.generation import create_day_batch
    from gasdesk.callbacks.tests.factories import make_completed_orders

    company = make_company(standard_company="chongqing", name="重庆燃气集团")
    division = make_unit(name="渝北分公司", kind=OrgUnitKind.DIVISION, parent=company)
    outlet = make_unit(name="龙溪服务站", kind=OrgUnitKind.UNIT, parent=division)
    office = make_unit(name="客户服务中心", kind=OrgUnitKind.DEPARTMENT, parent=company)
    hotline = make_user(Role.HOTLINE_AGENT, outlet, username="cq_hotline")
    make_completed_orders(
        by=hotline,
        org_unit=outlet,
        business_type="repair",
        completed_at=datetime(2026, 11, 19, 15, 0, tzinfo=TZ),
        count=4,
    )
    create_day_batch(company, date(2026, 11, 19), now=datetime(2026, 11, 20, 1, 0, tzinfo=TZ))
    return {
        "centre": make_user(Role.CALLBACK_AGENT, company, username="cq_centre"),
        "branch": make_user(Role.DEPT_ADMIN, division, username="cq_branch"),
        "outlet": make_user(Role.DEPT_ADMIN, outlet, username="cq_outlet"),
        "centre_office": make_user(Role.SPECIALIST, office, username="cq_office"),
        "tasks": list(CallbackTask.objects.filter(company=company).order_by("id")),
    }


@pytest.mark.django_db
def test_cb_15_each_service_level_calls_back_and_its_level_is_kept(chongqing):
    """CB-15: 通过三级服务组织对各类服务工单的执行情况进行客户回访 — every home visit is a
    task (100 %), and each result keeps the caller's level."""
    tasks = chongqing["tasks"]
    assert len(tasks) == 4
    callers = ["centre", "branch", "outlet", "centre_office"]
    for task, caller in zip(tasks, callers, strict=True):
        record_result(task, by=chongqing[caller], satisfied=True, now=FRI_1000)
    levels = [
        (t.caller_level, t.caller_level_name)
        for t in CallbackTask.objects.filter(pk__in=[t.pk for t in tasks]).order_by("id")
    ]
    assert levels == [
        (1, "集团客户服务中心"),
        (2, "区域分/子公司"),
        (3, "服务网点（服务管理站）"),
        (1, "集团客户服务中心"),
    ]
    rows = satisfaction_by_group(
        chongqing["centre"], date(2026, 11, 20), date(2026, 11, 20), by="caller_level"
    )
    assert rows == [
        {"caller_level": 1, "answered": 2, "satisfied": 2},
        {"caller_level": 2, "answered": 1, "satisfied": 1},
        {"caller_level": 3, "answered": 1, "satisfied": 1},
    ]


@pytest.mark.django_db
def test_cb_15_a_caller_outside_the_three_levels_is_refused(packs):
    """CB-15: only the three service organisations call back; a unit of no level is refused."""
    stray = make_user(Role.CALLBACK_AGENT, make_unit(name="外部单位", kind=OrgUnitKind.DEPARTMENT))
    with pytest.raises(RuleViolation) as error:
        caller_level(stray, _rules("chongqing"))
    assert error.value.field == "by"
    assert caller_level(stray, _rules("chaohu")) is None
