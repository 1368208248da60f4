"""A day of callbacks in chromium (CB-2, CB-5, CB-6, CB-8, CB-9, CB-11): three days after the
service, the callback agent finds today's tasks (⌈7 × 15 %⌉ = 2 sampled repairs and one hazard
customer at 100 %), records one satisfied and one dissatisfied result with one click each, logs
an unanswered call to the hazard customer (kept open for a redial), and the unit's service admin
answers the follow-up form. Screenshots: docs/screenshots/callbacks-*.png.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from gasdesk.business_calendar.periods import to_shanghai
from gasdesk.callbacks.generation import create_day_batch
from gasdesk.callbacks.tests.factories import make_completed_orders
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.models import OrgUnitKind
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.standards.loading import load_all_shipped

pytestmark = pytest.mark.browser

PASSWORD = "pw-12345-test"  # org.tests.factories.make_user's password


@pytest.fixture
def callback_day(transactional_db: None) -> dict[str, Any]:
    """巢湖: 7 repairs and a hazard customer's repair completed 3 days ago, turned into tasks."""
    load_all_shipped()
    company = make_company()
    unit = make_unit(name="城区服务所", kind=OrgUnitKind.UNIT, parent=company)
    agent = make_user(Role.HOTLINE_AGENT, unit, username="agent")
    now = timezone.now()
    served = now - timedelta(days=3)
    make_completed_orders(
        by=agent, org_unit=unit, business_type="repair", completed_at=served, count=7
    )
    hazard = make_customer(unit, name="隐患户赵六", flag_hazard=True)
    make_completed_orders(
        by=agent, org_unit=unit, business_type="repair", completed_at=served, customer=hazard
    )
    create_day_batch(company, to_shanghai(served).date(), now=now)
    return {
        "agent": make_user(Role.CALLBACK_AGENT, company, username="caller", display_name="钱回访"),
        "admin": make_user(Role.DEPT_ADMIN, unit, username="unitadmin", display_name="孙管理"),
    }


def _log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("current-user")).to_be_visible()


def _work_through_the_day(page: Page) -> None:
    """One click per result; the row is swapped in place by htmx."""
    today = page.get_by_test_id("section-due-today")
    rows = today.get_by_test_id("callback-row")
    sampled = rows.filter(has_not_text="100%")
    first, second = sampled.nth(0), sampled.nth(1)
    first_order = first.get_attribute("data-order")
    second_order = second.get_attribute("data-order")
    first.get_by_test_id("btn-satisfied").click()
    expect(page.locator(f'[data-order="{first_order}"]')).to_have_attribute("data-status", "done")
    row = page.locator(f'[data-order="{second_order}"]')
    row.get_by_test_id("input-words").fill("师傅上门晚了两个小时")
    row.get_by_test_id("btn-dissatisfied").click()
    expect(row).to_have_attribute("data-status", "done")
    expect(row.get_by_test_id("task-status")).to_contain_text("不满意")
    hazard = today.get_by_test_id("callback-row").filter(has_text="隐患户赵六")
    hazard.get_by_test_id("btn-attempt").click()
    expect(hazard.get_by_test_id("task-status")).to_contain_text("已拨1次")
    expect(hazard).to_contain_text("再次拨打")


def test_a_day_of_callbacks_from_the_list_to_the_answered_follow_up_form(
    page: Page, live_server: Any, callback_day: dict[str, Any], shot: Any
) -> None:
    """CB-6 日清日结: 3 tasks due today; 2 done with one click each; the form is answered."""
    base = live_server.url
    _log_in(page, base, "caller")
    page.goto(f"{base}/callbacks/")
    expect(page.get_by_test_id("count-due-today")).to_have_text("3")
    expect(page.get_by_test_id("section-due-today").get_by_test_id("callback-row")).to_have_count(3)
    shot(page, "callbacks-day-list")
    _work_through_the_day(page)
    shot(page, "callbacks-results")
    page.reload()
    expect(page.get_by_test_id("count-done")).to_have_text("2")
    expect(page.get_by_test_id("count-due-today")).to_have_text("1")
    page.get_by_role("button", name="退出").click()

    _log_in(page, base, "unitadmin")
    page.goto(f"{base}/callbacks/follow-ups/")
    form_row = page.get_by_test_id("follow-up-row")
    expect(form_row).to_have_count(1)
    expect(form_row).to_contain_text("师傅上门晚了两个小时")
    form_row.get_by_test_id("input-answer").fill("已向客户致歉，班组已整改")
    form_row.get_by_test_id("btn-answer").click()
    expect(page.locator(".messages")).to_contain_text("处理结果已反馈")
    expect(page.get_by_test_id("follow-up-row")).to_contain_text("已反馈")
    shot(page, "callbacks-follow-up")
