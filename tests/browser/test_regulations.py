"""The counter in chromium (NOTIFY-2/3, CAL-9): the agent picks a matter (htmx swaps in its
document list), ticks what the customer brought, issues the one-time notice for the order and
gets the printable notice with a customer copy and a department archive copy, each naming every
missing document; the order is suspended. Screenshots: docs/screenshots/regulations-*.png.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from gasdesk.org.models import OrgUnitKind
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.standards.loading import load_all_shipped
from gasdesk.workorders.models import WorkOrder
from gasdesk.workorders.tests.factories import make_order

pytestmark = pytest.mark.browser

PASSWORD = "pw-12345-test"  # org.tests.factories.make_user's password


@pytest.fixture
def counter(transactional_db: None) -> dict[str, Any]:
    load_all_shipped()
    company = make_company(standard_company="aode", name="科左中旗奥德燃气")
    centre = make_unit(name="客服中心", kind=OrgUnitKind.UNIT, parent=company)
    agent = make_user(Role.HOTLINE_AGENT, centre, username="counter", display_name="柜台小王")
    order = make_order(by=agent, org_unit=centre, business_type="counter_service")
    return {"order": order}


def test_one_time_notice_names_all_missing_documents_and_prints_two_copies(
    live_server: Any, page: Page, counter: dict[str, Any], shot: Any
) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "counter")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("current-user")).to_be_visible()

    page.goto(f"{live_server.url}/desk/notices/new/")
    page.select_option("select[name=matter_code]", "commercial_connection")
    expect(page.get_by_text("经办人授权委托书")).to_be_visible()
    page.get_by_label("营业执照复印件（加盖公章）").check()
    page.get_by_label("法定代表人身份证复印件").check()
    page.fill("input[name=customer_name]", "某某餐饮有限公司")
    page.fill("input[name=work_order_number]", counter["order"].number)
    shot(page, "regulations-notice-form")
    page.get_by_role("button", name="出具并打印").click()

    copies = page.get_by_test_id("notice-copy")
    expect(copies).to_have_count(2)
    expect(copies.nth(0)).to_contain_text("客户联")
    expect(copies.nth(1)).to_contain_text("部门存档联")
    expect(copies.nth(0).get_by_test_id("missing-item")).to_have_count(3)
    shot(page, "regulations-notice-print")
    assert WorkOrder.objects.get().status == "suspended"
