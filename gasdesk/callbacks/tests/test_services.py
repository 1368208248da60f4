"""Callback services (CB-7, CB-8, CB-9, CB-11): results, retries, replacements, follow-up forms."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.callbacks.models import (
    CallbackAttempt,
    CallbackEvent,
    CallbackTask,
    FollowUpForm,
    Selection,
    TaskStatus,
)
from gasdesk.callbacks.services import answer_follow_up, record_failed_attempt, record_result
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation

TZ = ZoneInfo("Asia/Shanghai")
FRI_1000 = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
FRI_1600 = datetime(2026, 11, 20, 16, 0, tzinfo=TZ)
SAT_1000 = datetime(2026, 11, 21, 10, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def _kinds(task):
    return list(
        CallbackEvent.objects.filter(task=task).order_by("id").values_list("kind", flat=True)
    )


def test_cb_9_satisfied_result_is_recorded_with_agent_and_time(sampled_task, callback_agent):
    """CB-9: 满意 when the customer has no complaint; agent and callback time are kept."""
    task = record_result(sampled_task, by=callback_agent, satisfied=True, now=FRI_1000)
    task = CallbackTask.objects.get(pk=task.pk)
    assert (task.status, task.result, task.agent, task.done_at) == (
        "done",
        "satisfied",
        callback_agent,
        FRI_1000,
    )
    assert _kinds(task) == ["CREATED", "RESULT_RECORDED"]
    assert CallbackAttempt.objects.get(task=task).outcome == "answered"
    assert not FollowUpForm.objects.exists()


def test_cb_9_dissatisfied_needs_the_customers_words(sampled_task, callback_agent):
    """CB-9: 不满意 → the opinion is recorded in detail; without it nothing changes."""
    with pytest.raises(RuleViolation) as error:
        record_result(sampled_task, by=callback_agent, satisfied=False, words=" ", now=FRI_1000)
    assert error.value.field == "words"
    assert CallbackTask.objects.get(pk=sampled_task.pk).status == "open"
    assert _kinds(sampled_task) == ["CREATED"]


def test_cb_11_dissatisfied_sends_a_form_due_in_3_natural_days(dissatisfied_form, sampled_task):
    """CB-11: Fri 20 Nov 10:00 → the department answers by 24:00 of Mon 23 Nov (3 ND)."""
    form = FollowUpForm.objects.get()
    assert form.due_at == datetime(2026, 11, 24, 0, 0, tzinfo=TZ)
    assert (form.org_unit_id, form.opinion) == (sampled_task.org_unit_id, "维修师傅迟到一小时")
    assert _kinds(sampled_task) == ["CREATED", "RESULT_RECORDED", "FOLLOW_UP_SENT"]


def test_cb_11_department_answer_on_time(dissatisfied_form, dept_admin_a):
    form = answer_follow_up(
        dissatisfied_form,
        by=dept_admin_a,
        answer="已批评教育并致歉",
        now=datetime(2026, 11, 23, 18, 0, tzinfo=TZ),
    )
    form = FollowUpForm.objects.get(pk=form.pk)
    assert (form.status, form.answered_by, form.late_at) == ("answered", dept_admin_a, None)


def test_cb_11_answer_after_3_natural_days_is_flagged_late(dissatisfied_form, dept_admin_a):
    """CB-11: answered at 00:01 of Tue 24 Nov, after the 3 ND → late."""
    late = datetime(2026, 11, 24, 0, 1, tzinfo=TZ)
    answer_follow_up(dissatisfied_form, by=dept_admin_a, answer="已处理", now=late)
    assert FollowUpForm.objects.get().late_at == late


def test_another_departments_admin_may_not_answer(dissatisfied_form, dept_admin_b):
    with pytest.raises(PermissionDeniedRule):
        answer_follow_up(dissatisfied_form, by=dept_admin_b, answer="已处理", now=SAT_1000)
    assert FollowUpForm.objects.get().status == "open"


def test_a_dispatcher_may_not_record_callbacks(sampled_task, dispatcher_a):
    with pytest.raises(PermissionDeniedRule):
        record_result(sampled_task, by=dispatcher_a, satisfied=True, now=FRI_1000)
    assert CallbackTask.objects.get(pk=sampled_task.pk).status == "open"
    assert not CallbackAttempt.objects.exists()


def test_cb_7_ex_14_unreachable_sampled_customer_is_replaced_from_the_same_day(
    sampled_task, callback_agent
):
    """CB-7 / EX-14: the sample stays 3 (⌈20 × 15 %⌉): a same-day repair replaces the customer."""
    new = record_failed_attempt(
        sampled_task, by=callback_agent, outcome="no_answer", note="两次拨打无人接听", now=FRI_1000
    )
    old = CallbackTask.objects.get(pk=sampled_task.pk)
    assert (old.status, old.closed_reason) == ("replaced", "两次拨打无人接听")
    assert (new.selection, new.replaces_id, new.service_day) == (
        Selection.REPLACEMENT,
        old.pk,
        old.service_day,
    )
    assert new.work_order.completed_at == old.work_order.completed_at
    assert CallbackTask.objects.filter(group_code=old.group_code, status="open").count() == 3
    assert _kinds(old) == ["CREATED", "REPLACED"]


def test_cb_7_replacement_needs_the_reason(sampled_task, callback_agent):
    """CB-7: 在回访台帐上注明清楚重新抽调的详细原因."""
    with pytest.raises(RuleViolation) as error:
        record_failed_attempt(sampled_task, by=callback_agent, outcome="no_answer", now=FRI_1000)
    assert error.value.field == "note"
    assert CallbackTask.objects.count() == 4
    assert not CallbackAttempt.objects.exists()


def test_cb_8_ex_14_full_task_is_redialled_at_another_time(full_task, callback_agent):
    """CB-8 / EX-14: a hazard customer does not answer at 10:00 → stays open, redial ≥ 2 h later."""
    task = record_failed_attempt(full_task, by=callback_agent, outcome="no_answer", now=FRI_1000)
    assert (task.status, task.attempts_count) == ("open", 1)
    assert task.next_attempt_at == datetime(2026, 11, 20, 12, 0, tzinfo=TZ)
    assert CallbackTask.objects.count() == 4  # no replacement for a 100 % type
    with pytest.raises(RuleViolation):
        record_failed_attempt(
            task,
            by=callback_agent,
            outcome="no_answer",
            now=datetime(2026, 11, 20, 11, 0, tzinfo=TZ),
        )
    assert CallbackTask.objects.get(pk=task.pk).attempts_count == 1


def test_cb_8_unreachable_after_3_attempts_on_2_days(full_task, callback_agent):
    """CB-8 / OQ-16: 3 attempts on 2 different days, then closed as unreachable with details."""
    task = record_failed_attempt(full_task, by=callback_agent, outcome="no_answer", now=FRI_1000)
    task = record_failed_attempt(task, by=callback_agent, outcome="unreachable", now=FRI_1600)
    assert task.status == "open"
    with pytest.raises(RuleViolation) as error:
        record_failed_attempt(task, by=callback_agent, outcome="no_answer", now=SAT_1000)
    assert error.value.field == "note"
    task = record_failed_attempt(
        task, by=callback_agent, outcome="no_answer", note="三次两日均无人接听", now=SAT_1000
    )
    task = CallbackTask.objects.get(pk=task.pk)
    assert (task.status, task.attempts_count, task.closed_reason) == (
        TaskStatus.UNREACHABLE,
        3,
        "三次两日均无人接听",
    )
    assert _kinds(task) == ["CREATED", "RETRY_SCHEDULED", "RETRY_SCHEDULED", "UNREACHABLE"]


def test_cb_8_three_attempts_on_one_day_are_not_enough(full_task, callback_agent):
    task = full_task
    for hour in (8, 12, 16):
        task = record_failed_attempt(
            task,
            by=callback_agent,
            outcome="no_answer",
            note="无人接听",
            now=datetime(2026, 11, 20, hour, 0, tzinfo=TZ),
        )
    assert (task.status, task.attempts_count) == ("open", 3)


def test_cb_8_no_contact_details_closes_at_once(full_task, callback_agent):
    task = record_failed_attempt(
        full_task, by=callback_agent, outcome="no_contact", note="档案无电话", now=FRI_1000
    )
    assert task.status == "unreachable"


def test_a_stale_task_loses_to_the_first_writer(sampled_task, callback_agent):
    """Two agents on one task: the second write matches 0 rows and writes no event."""
    stale = CallbackTask.objects.get(pk=sampled_task.pk)
    record_result(sampled_task, by=callback_agent, satisfied=True, now=FRI_1000)
    stale.status = "open"
    with pytest.raises(ConcurrentChange):
        record_result(stale, by=callback_agent, satisfied=True, now=FRI_1600)
    assert _kinds(sampled_task) == ["CREATED", "RESULT_RECORDED"]


def test_a_closed_task_refuses_another_result(sampled_task, callback_agent):
    record_result(sampled_task, by=callback_agent, satisfied=True, now=FRI_1000)
    with pytest.raises(RuleViolation):
        record_result(sampled_task, by=callback_agent, satisfied=False, words="x", now=FRI_1600)
    assert CallbackAttempt.objects.count() == 1


def test_cb_9_a_complaint_heard_in_a_callback_enters_the_complaint_flow(
    sampled_task, callback_agent
):
    """001 art. 7 … 4) f / CMP-1, CMP-22: recorded in the result AND registered as a complaint."""
    from gasdesk.complaints.models import Complaint

    with time_machine.travel(FRI_1000, tick=False):
        record_result(
            sampled_task,
            by=callback_agent,
            satisfied=False,
            words="维修人员态度恶劣，要求投诉",
            is_complaint=True,
        )
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.work_order_id, complaint.first_responder) == (
        "callback",
        sampled_task.work_order_id,
        callback_agent,
    )
    assert complaint.narrative == "维修人员态度恶劣，要求投诉"
    assert _kinds(sampled_task)[-1] == "COMPLAINT_REGISTERED"
    assert FollowUpForm.objects.count() == 1


def test_a_satisfied_customer_cannot_be_a_complaint(sampled_task, callback_agent):
    from gasdesk.complaints.models import Complaint

    with pytest.raises(RuleViolation):
        record_result(
            sampled_task, by=callback_agent, satisfied=True, is_complaint=True, now=FRI_1000
        )
    assert not Complaint.objects.exists()
    assert CallbackTask.objects.get(pk=sampled_task.pk).status == "open"
