"""The callback report's review in chromium (CB-13, CB-14, RPT-4): the caller opens a customer's
after-sale plan, agrees a time with the customer, fills in the callback record and submits the
report; the supervisor returns it with guidance, the caller resubmits, the supervisor approves.
Screenshots: docs/screenshots/callbacks-plan-*.png.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from gasdesk.business_calendar.periods import to_shanghai
from gasdesk.callbacks.plans import plan_programme
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.models import OrgUnitKind
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.standards.loading import load_all_shipped

pytestmark = pytest.mark.browser

PASSWORD = "pw-12345-test"  # org.tests.factories.make_user's password


@pytest.fixture
def aode_plan(transactional_db: None) -> dict[str, Any]:
    """奥德: a project accepted 10 days ago → its first after-sale callback is due in ~3 weeks."""
    load_all_shipped()
    company = make_company(standard_company="aode", name="科左中旗奥德燃气")
    unit = make_unit(name="客服中心", kind=OrgUnitKind.UNIT, parent=company)
    agent = make_user(Role.CALLBACK_AGENT, unit, username="caller", display_name="钱回访")
    make_user(Role.MANAGER, company, username="boss", display_name="李主管")
    customer = make_customer(unit, name="奥德花园物业")
    accepted = to_shanghai(timezone.now()).date() - timedelta(days=10)
    plans = plan_programme(customer, kind="after_sale", start_on=accepted, by=agent)
    return {"plan": plans[0]}


def _log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("current-user")).to_be_visible()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def _submit_report(page: Page, text: str) -> None:
    form = page.get_by_test_id("plan-form-submit")
    form.locator("textarea[name=report]").fill(text)
    form.locator("select[name=evaluation]").select_option("satisfied")
    form.get_by_test_id("btn-submit").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("报告待审查")


def _review(page: Page, decision: str, comment: str) -> None:
    form = page.get_by_test_id("plan-form-review")
    form.locator("select[name=decision]").select_option(decision)
    form.locator("textarea[name=comment]").fill(comment)
    form.get_by_test_id("btn-review").click()


def test_the_callback_report_is_returned_then_approved_by_the_supervisor(
    page: Page, live_server: Any, aode_plan: dict[str, Any], shot: Any
) -> None:
    """RPT-4: 报告表 submitted by the caller, reviewed by the 主管领导 with guidance."""
    base, pk = live_server.url, aode_plan["plan"].pk
    _log_in(page, base, "caller")
    page.goto(f"{base}/callbacks/plans/")
    page.get_by_test_id("plan-row").first.get_by_role("link", name="奥德花园物业").click()
    agreed = to_shanghai(timezone.now() + timedelta(days=2)).replace(hour=19, minute=30)
    schedule = page.get_by_test_id("plan-form-schedule")
    schedule.locator("input[name=agreed_at]").fill(agreed.strftime("%Y-%m-%dT%H:%M"))
    schedule.get_by_test_id("btn-schedule").click()
    expect(page.get_by_test_id("plan-agreed")).to_have_text(agreed.strftime("%Y-%m-%d %H:%M"))
    record = page.get_by_test_id("plan-form-record")
    record.locator("textarea[name=record]").fill("燃气使用正常，客户对安装质量满意")
    record.get_by_test_id("btn-record").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("已记录待报告")
    _submit_report(page, "首次售后回访完成，客户满意")
    shot(page, "callbacks-plan-submitted")
    _log_out(page)

    _log_in(page, base, "boss")
    page.goto(f"{base}/callbacks/plans/{pk}/")
    _review(page, "return", "请补充客户日用气量")
    expect(page.get_by_test_id("plan-status")).to_have_text("报告已退回")
    expect(page.get_by_test_id("plan-review")).to_contain_text("请补充客户日用气量")
    _log_out(page)

    _log_in(page, base, "caller")
    page.goto(f"{base}/callbacks/plans/{pk}/")
    _submit_report(page, "首次售后回访完成，客户满意，日用气约30方")
    _log_out(page)

    _log_in(page, base, "boss")
    page.goto(f"{base}/callbacks/plans/{pk}/")
    _review(page, "approve", "同意归档")
    expect(page.get_by_test_id("plan-status")).to_have_text("已审查")
    timeline = page.get_by_test_id("timeline")
    steps = ["PLANNED", "SCHEDULED", "RECORDED", "SUBMITTED", "RETURNED", "SUBMITTED", "APPROVED"]
    expect(timeline.locator("[data-kind]")).to_have_count(len(steps))
    for index, kind in enumerate(steps):
        expect(timeline.locator("[data-kind]").nth(index)).to_have_attribute("data-kind", kind)
    expect(timeline).to_contain_text("报告审查通过")
    expect(timeline).to_contain_text("李主管")
    shot(page, "callbacks-plan-reviewed")
