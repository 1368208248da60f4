"""More of the counter in chromium: the public notice board without login (NOTIFY-6) and an
intending customer registered with its specialist and signed into the archive (MGR-1).
Screenshots: docs/screenshots/regulations-board.png, regulations-prospect.png.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from gasdesk.customers.models import Customer
from gasdesk.org.models import OrgUnitKind
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.standards.loading import load_all_shipped

pytestmark = pytest.mark.browser

PASSWORD = "pw-12345-test"  # org.tests.factories.make_user's password


@pytest.fixture
def centre(transactional_db: None) -> dict[str, Any]:
    load_all_shipped()
    company = make_company(standard_company="aode", name="科左中旗奥德燃气")
    unit = make_unit(name="客服中心", kind=OrgUnitKind.UNIT, parent=company)
    agent = make_user(Role.HOTLINE_AGENT, unit, username="zhuanyuan", display_name="专员小李")
    return {"agent": agent}


def test_notify6_public_board_needs_no_login(
    live_server: Any, page: Page, centre: dict[str, Any], shot: Any
) -> None:
    """NOTIFY-6: the hall's board lists every matter's materials, procedure and time limit."""
    page.goto(f"{live_server.url}/desk/board/aode/")
    expect(page.get_by_test_id("board-matter")).to_have_count(3)
    expect(page.get_by_text("营业执照复印件（加盖公章）")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    shot(page, "regulations-board")


def test_mgr1_prospect_with_specialist_signs_into_the_archive(
    live_server: Any, page: Page, centre: dict[str, Any], shot: Any
) -> None:
    """MGR-1: register an intending enterprise with its specialist, then sign it."""
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "zhuanyuan")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("current-user")).to_be_visible()

    page.goto(f"{live_server.url}/desk/prospects/")
    form = page.get_by_test_id("prospect-form")
    form.locator("input[name=company_name]").fill("某乳业有限公司")
    form.locator("input[name=contact_name]").fill("王经理")
    form.locator("input[name=contact_phone]").fill("13947500001")
    form.locator("input[name=expected_volume_m3_per_day]").fill("800")
    form.locator("select[name=manager]").select_option(label="专员小李")
    form.get_by_role("button", name="登记意向客户").click()
    expect(page.get_by_test_id("prospect-manager")).to_have_text("专员小李")
    shot(page, "regulations-prospect")

    convert = page.get_by_test_id("prospect-convert")
    convert.locator("input[name=account_no]").fill("KZ0100")
    convert.locator("select[name=category]").select_option("commercial")
    convert.get_by_role("button", name="签约建档").click()
    expect(page.get_by_test_id("prospect-customer")).to_contain_text("KZ0100")
    assert Customer.objects.get(account_no="KZ0100").customer_manager_id == centre["agent"].pk
