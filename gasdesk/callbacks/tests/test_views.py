"""Callback pages: the daily list with one-click htmx results, forms, satisfaction, plans."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.callbacks.models import CallbackTask, FollowUpForm

TZ = ZoneInfo("Asia/Shanghai")
SUN_0900 = datetime(2026, 11, 22, 9, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def test_day_list_shows_todays_tasks_with_masked_phones(
    client, day_tasks, callback_agent, django_assert_max_num_queries
):
    client.force_login(callback_agent)
    with time_machine.travel(SUN_0900, tick=False), django_assert_max_num_queries(12):
        response = client.get("/callbacks/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="callback-row"') == 4
    assert "****" in body


def test_one_click_satisfied_returns_the_updated_row(client, day_tasks, callback_agent):
    task = CallbackTask.objects.filter(is_full=False).earliest("id")
    client.force_login(callback_agent)
    response = client.post(
        f"/callbacks/{task.pk}/result/", {"satisfied": "true"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'data-status="done"' in response.content.decode()
    assert CallbackTask.objects.get(pk=task.pk).result == "satisfied"


def test_dissatisfied_without_words_shows_the_error_on_the_row(client, day_tasks, callback_agent):
    task = CallbackTask.objects.filter(is_full=False).earliest("id")
    client.force_login(callback_agent)
    response = client.post(
        f"/callbacks/{task.pk}/result/", {"satisfied": "false"}, HTTP_HX_REQUEST="true"
    )
    assert "客户不满意时须详细记录客户意见" in response.content.decode()
    assert CallbackTask.objects.get(pk=task.pk).status == "open"


def test_failed_attempt_from_the_list(client, day_tasks, callback_agent):
    task = CallbackTask.objects.get(group_code="hazard")
    client.force_login(callback_agent)
    response = client.post(f"/callbacks/{task.pk}/attempt/", {"outcome": "no_answer"})
    assert response.status_code == 302
    assert CallbackTask.objects.get(pk=task.pk).attempts_count == 1


def test_out_of_scope_task_is_404(client, day_tasks, dept_admin_b):
    task = CallbackTask.objects.earliest("id")
    client.force_login(dept_admin_b)
    assert client.get(f"/callbacks/{task.pk}/").status_code == 404


def test_detail_shows_the_history(client, day_tasks, callback_agent):
    task = CallbackTask.objects.earliest("id")
    client.force_login(callback_agent)
    response = client.get(f"/callbacks/{task.pk}/")
    assert "CREATED" in response.content.decode()


def test_department_answers_its_form(
    client, dissatisfied_form, dept_admin_a, django_assert_max_num_queries
):
    client.force_login(dept_admin_a)
    with django_assert_max_num_queries(8):
        assert "维修师傅迟到一小时" in client.get("/callbacks/follow-ups/").content.decode()
    response = client.post(
        f"/callbacks/follow-ups/{dissatisfied_form.pk}/answer/", {"answer": "已致歉并重新上门"}
    )
    assert response.status_code == 302
    assert FollowUpForm.objects.get().status == "answered"


def test_satisfaction_page(client, day_tasks, callback_agent, django_assert_max_num_queries):
    client.force_login(callback_agent)
    with django_assert_max_num_queries(8):
        response = client.get("/callbacks/satisfaction/?first=2026-11-01&last=2026-11-30")
    assert response.status_code == 200


def test_plans_page(client, org, callback_agent, django_assert_max_num_queries):
    client.force_login(callback_agent)
    with django_assert_max_num_queries(6):
        assert client.get("/callbacks/plans/").status_code == 200


def test_cb_5_day_deadlines_read_24_00_of_their_last_day():
    """CB-5: due 3 ND after a Thursday service reads "11-22 24:00", not "11-23 00:00"."""
    from gasdesk.callbacks.templatetags.callbacks_ui import due_label

    assert due_label(datetime(2026, 11, 23, 0, 0, tzinfo=TZ)) == "11-22 24:00"
    assert due_label(datetime(2026, 11, 23, 9, 30, tzinfo=TZ)) == "11-23 09:30"
