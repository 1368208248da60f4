"""The hotline call, end to end in chromium (DSP-4 / STD-3 C8, CUST-10, WO-5): an agent finds
the caller by the last digits of the phone, opens a repair order and sees its 4-hour arrival
deadline; the dispatcher then finds the order in the queue. Screenshots go to docs/screenshots/.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.models import OrgUnitKind
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.standards.loading import load_all_shipped
from gasdesk.standards.schema import Area
from gasdesk.workorders.tests.factories import make_order

pytestmark = pytest.mark.browser

PASSWORD = "pw-12345-test"  # org.tests.factories.make_user's password
REPAIR = "repair"  # 户内燃气设施报修 (C8) in the chaohu pack
REPAIR_ARRIVAL = timedelta(hours=4)  # STD-3 C8 / DSP-4: on site within 4 h of the report
PHONE = "13812345678"


@pytest.fixture
def call_centre(transactional_db: None) -> dict[str, Any]:
    """巢湖 company with its pack, an urban service unit, an agent, a dispatcher, a customer
    who called 5 hours ago already (now overdue) and a stranger's order due within the hour."""
    load_all_shipped()
    company = make_company()
    unit = make_unit(name="城区服务所", kind=OrgUnitKind.UNIT, parent=company)
    agent = make_user(Role.HOTLINE_AGENT, unit, username="agent", display_name="李受理")
    customer = make_customer(
        unit, name="张三", phones=[PHONE], address="巢湖市健康路8号", area=Area.URBAN
    )
    now = timezone.now()
    earlier = make_order(
        by=agent,
        org_unit=unit,
        customer=customer,
        description="热水器点不着",
        received_at=now - timedelta(hours=5),
    )
    soon = make_order(by=agent, org_unit=unit, received_at=now - timedelta(hours=3, minutes=30))
    return {
        "agent": agent,
        "dispatcher": make_user(Role.DISPATCHER, unit, username="dispatch", display_name="王调度"),
        "customer": customer,
        "earlier": earlier,
        "soon": soon,
    }


def _log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("current-user")).to_be_visible()


def _minute(text: str) -> datetime:
    """A time as the pages print it (Asia/Shanghai, to the minute)."""
    return datetime.strptime(text.strip() + " +0800", "%Y-%m-%d %H:%M %z")


def _find_customer_by_phone_tail(page: Page, base: str, shot: Any) -> None:
    """CUST-10: the last 4 digits find the caller; the list shows the number masked."""
    page.goto(f"{base}/customers/")
    page.get_by_test_id("customer-search-input").fill("5678")
    row = page.get_by_test_id("customer-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("张三")
    expect(row.get_by_test_id("customer-phone")).to_have_text("138****5678")
    shot(page, "customer-search")
    row.get_by_test_id("customer-link").click()


def _open_repair_order(page: Page, shot: Any) -> str:
    """Intake: the preview shows the C8 arrival deadline before saving; returns the number."""
    page.get_by_test_id("new-work-order").click()
    expect(page.get_by_test_id("intake-customer")).to_contain_text("张三")
    page.select_option("select[name=business_type]", REPAIR)
    expect(page.get_by_test_id("deadline-arrival")).to_contain_text("C8")
    expect(page.get_by_test_id("period-arrival")).to_have_text("4小时")
    page.fill("textarea[name=description]", "厨房燃气灶打不着火，闻到轻微异味")
    shot(page, "order-new")
    page.get_by_test_id("submit-order").click()
    expect(page.get_by_test_id("order-status")).to_have_text("待派工")
    return page.get_by_test_id("order-number").inner_text()


def _check_queue(page: Page, number: str, earlier: str) -> None:
    """Nearest deadline first: the overdue order, the one due within the hour, the new one."""
    row = page.locator(f'[data-testid="queue-row"][data-number="{number}"]')
    expect(row).to_contain_text("户内燃气设施报修")
    expect(row).to_contain_text("张三")
    expect(row).to_contain_text("剩余 3小时")
    rows = page.get_by_test_id("queue-row")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_have_attribute("data-number", earlier)
    expect(rows.nth(0)).to_have_class("overdue")
    expect(rows.nth(0)).to_contain_text("超时 1小时")
    expect(rows.nth(1)).to_have_class("due-soon")
    expect(rows.nth(2)).to_have_attribute("data-number", number)


def test_agent_opens_a_repair_order_and_dispatcher_sees_it_in_the_queue(
    page: Page, live_server: Any, call_centre: dict[str, Any], shot: Any
) -> None:
    """DSP-4 / STD-3 C8: the order page shows arrival due = received + 4 h."""
    base = live_server.url
    earlier = call_centre["earlier"].number

    page.goto(f"{base}/login/")
    expect(page.locator("h1")).to_have_text("登录")
    shot(page, "login")
    _log_in(page, base, "agent")

    _find_customer_by_phone_tail(page, base, shot)
    expect(page.get_by_test_id("customer-account")).to_have_text(call_centre["customer"].account_no)
    expect(page.get_by_test_id("customer-order-row")).to_contain_text(earlier)
    shot(page, "customer-detail")

    number = _open_repair_order(page, shot)
    expect(page.locator(".messages")).to_contain_text(f"工单 {number} 已创建")
    received = _minute(page.get_by_test_id("received-at").inner_text())
    due = _minute(page.get_by_test_id("due-arrival").inner_text())
    assert due - received == REPAIR_ARRIVAL
    expect(page.get_by_test_id("period-arrival")).to_have_text("4小时")
    shot(page, "order-detail")

    page.get_by_role("button", name="退出").click()
    _log_in(page, base, "dispatch")
    expect(page).to_have_url(f"{base}/orders/")
    _check_queue(page, number, earlier)
    shot(page, "queue")

    page.get_by_label("只看已超时").check()  # htmx swaps the rows in place
    expect(page.get_by_test_id("queue-row")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/orders/\?.*overdue=true"))
