"""Selectors: the agent's daily list (CB-6) and satisfaction by group (CB-9)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.callbacks.models import CallbackTask
from gasdesk.callbacks.selectors import agent_day_list, satisfaction_by_group
from gasdesk.callbacks.services import record_failed_attempt, record_result

TZ = ZoneInfo("Asia/Shanghai")
FRI_1000 = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
SUN_1000 = datetime(2026, 11, 22, 10, 0, tzinfo=TZ)
MON_0900 = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def test_cb_6_day_list_splits_due_today_overdue_and_done(day_tasks, callback_agent):
    """CB-6 日清日结: on Sun 22 Nov the 4 Thursday tasks are due today (24:00); Monday late."""
    first = CallbackTask.objects.earliest("id")
    record_result(first, by=callback_agent, satisfied=True, now=SUN_1000)
    sunday = agent_day_list(callback_agent, SUN_1000)
    assert (len(sunday.due_today), len(sunday.overdue), len(sunday.done_today)) == (3, 0, 1)
    monday = agent_day_list(callback_agent, MON_0900)
    assert (len(monday.overdue), len(monday.due_today), len(monday.done_today)) == (3, 0, 0)


def test_cb_6_a_friday_list_shows_the_tasks_as_upcoming(day_tasks, callback_agent):
    friday = agent_day_list(callback_agent, FRI_1000)
    assert (len(friday.upcoming), len(friday.due_today)) == (4, 0)


def test_a_department_sees_only_its_units_tasks(day_tasks, dept_admin_b, dept_admin_a):
    assert agent_day_list(dept_admin_b, FRI_1000).upcoming == []
    assert len(agent_day_list(dept_admin_a, FRI_1000).upcoming) == 4


def test_cb_9_satisfaction_is_satisfied_over_answered_per_group(day_tasks, callback_agent):
    """CB-9: 2 sampled repairs answered (1 satisfied), 1 replaced (not answered), hazard 1/1."""
    sampled = list(CallbackTask.objects.filter(is_full=False).order_by("id"))
    record_result(sampled[0], by=callback_agent, satisfied=True, now=FRI_1000)
    record_result(sampled[1], by=callback_agent, satisfied=False, words="态度差", now=FRI_1000)
    record_failed_attempt(
        sampled[2], by=callback_agent, outcome="no_answer", note="空号", now=FRI_1000
    )
    hazard = CallbackTask.objects.get(group_code="hazard")
    record_result(hazard, by=callback_agent, satisfied=True, now=FRI_1000)
    rows = satisfaction_by_group(callback_agent, date(2026, 11, 20), date(2026, 11, 20))
    assert rows == [
        {"group_code": "hazard", "answered": 1, "satisfied": 1},
        {"group_code": "repair_modification_replacement", "answered": 2, "satisfied": 1},
    ]


def test_satisfaction_per_unit_and_business_type_is_one_query(
    day_tasks, callback_agent, django_assert_max_num_queries
):
    """The aggregate is one GROUP BY query (plus the user's roles and scope root)."""
    task = CallbackTask.objects.earliest("id")
    record_result(task, by=callback_agent, satisfied=True, now=FRI_1000)
    with django_assert_max_num_queries(3) as captured:
        rows = satisfaction_by_group(
            callback_agent,
            date(2026, 11, 20),
            date(2026, 11, 20),
            by="business_type",
            per_unit=True,
        )
    assert rows == [
        {
            "business_type": "repair",
            "org_unit_id": day_tasks.unit_a.pk,
            "answered": 1,
            "satisfied": 1,
        }
    ]
    assert sum("GROUP BY" in q["sql"] for q in captured.captured_queries) == 1


def test_cmp_15_complaints_owed_a_callback_show_on_the_agents_list(
    packs, org, agent_a, callback_agent
):
    """CMP-15 / CB-5: a closed complaint whose callback is due is on the daily list, read
    through the complaints app's selector (the callback itself is recorded on the complaint)."""
    from gasdesk.complaints.intake import register_complaint
    from gasdesk.complaints.models import Complaint

    with time_machine.travel(FRI_1000, tick=False):
        complaint = register_complaint(
            by=agent_a,
            channel="hotline",
            complainant_name="李四",
            address="巢湖市1号",
            phone="13900001111",
            target_text="城区服务所",
            narrative="维修不及时",
        )
    Complaint.objects.filter(pk=complaint.pk).update(callback_due_at=SUN_1000)
    day = agent_day_list(callback_agent, FRI_1000)
    assert [c.number for c in day.complaints] == [complaint.number]
    Complaint.objects.filter(pk=complaint.pk).update(callback_at=SUN_1000)
    assert agent_day_list(callback_agent, FRI_1000).complaints == []
