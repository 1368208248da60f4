"""One complaint from registration to archive in chromium (CMP-3, CMP-7, CMP-15…CMP-17): the
agent registers it (an empty address is refused in Chinese first), the specialist levels and
closes it, a committee member records the callback, the specialist archives it.
Screenshots go to docs/screenshots/complaints-*.png.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from gasdesk.org.models import OrgUnitKind
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.standards.loading import load_all_shipped

pytestmark = pytest.mark.browser

PASSWORD = "pw-12345-test"  # org.tests.factories.make_user's password


@pytest.fixture
def complaint_office(transactional_db: None) -> dict[str, Any]:
    """巢湖 with its pack, a service unit, an agent, the specialist and a committee member."""
    load_all_shipped()
    company = make_company()
    unit = make_unit(name="城区服务所", kind=OrgUnitKind.UNIT, parent=company)
    return {
        "unit": unit,
        "agent": make_user(Role.HOTLINE_AGENT, unit, username="agent", display_name="李受理"),
        "specialist": make_user(
            Role.SPECIALIST, company, username="specialist", display_name="陈专员"
        ),
        "gm": make_user(
            Role.MANAGER, company, username="gm", display_name="张总", is_committee_member=True
        ),
    }


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("current-user")).to_be_visible()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def _register(page: Page, base: str, shot: Any) -> str:
    """CMP-3: without an address the form says 请填写地址; with it the complaint is routed."""
    page.goto(f"{base}/complaints/new/")
    page.select_option("select[name=channel]", "hotline")
    page.fill("input[name=complainant_name]", "王先生")
    page.fill("input[name=phone]", "13812345678")
    page.select_option("select[name=target_unit]", label="城区服务所")
    page.fill("input[name=target_text]", "维修人员上门迟到")
    page.select_option("select[name=cause]", "timeliness")
    page.fill("textarea[name=narrative]", "约定上午维修，下午才到。")
    page.get_by_role("button", name="登记并转专员").click()
    expect(page.get_by_test_id("field-address")).to_contain_text("请填写地址")
    shot(page, "complaints-register-error")
    page.fill("input[name=address]", "巢湖市东塘路12号")
    page.get_by_role("button", name="登记并转专员").click()
    expect(page.get_by_test_id("complaint-status")).to_have_text("已转专员")
    shot(page, "complaints-registered")
    return page.get_by_test_id("complaint-number").inner_text()


def _level_and_close(page: Page, base: str, number: str, shot: Any) -> None:
    page.goto(f"{base}/complaints/")
    row = page.get_by_test_id("desk-row").filter(has_text=number)
    expect(row).to_contain_text("138****5678")
    shot(page, "complaints-desk")
    row.get_by_role("link", name=number).click()
    level = page.get_by_test_id("action-level")
    level.locator("select").select_option("1")
    level.get_by_role("button", name="定级").click()
    expect(page.get_by_test_id("complaint-level")).to_have_text("一级")
    close = page.get_by_test_id("action-close")
    close.locator("textarea").fill("已当场重新上门维修并致歉")
    close.get_by_role("button", name="办结反馈").click()
    expect(page.get_by_test_id("complaint-status")).to_have_text("已反馈")


def test_complaint_from_registration_to_archive(
    page: Page, live_server: Any, complaint_office: dict[str, Any], shot: Any
) -> None:
    """CMP-17: 受理→处理→反馈→回访→归档, every step in the timeline."""
    base = live_server.url
    _log_in(page, base, "agent")
    number = _register(page, base, shot)
    _log_out(page)

    _log_in(page, base, "specialist")
    _level_and_close(page, base, number, shot)
    detail_url = page.url
    _log_out(page)

    _log_in(page, base, "gm")  # CMP-16: a level-1 complaint is called back by the committee
    page.goto(detail_url)
    callback = page.get_by_test_id("action-callback")
    callback.locator("input[name=callback-result]").fill("总经理电话回访，客户满意")
    callback.get_by_role("button", name="回访").click()
    expect(page.get_by_test_id("complaint-status")).to_have_text("已回访")
    _log_out(page)

    _log_in(page, base, "specialist")
    page.goto(detail_url)
    page.get_by_test_id("action-archive").get_by_role("button", name="归档").click()
    expect(page.get_by_test_id("complaint-status")).to_have_text("已归档")
    rows = page.get_by_test_id("timeline-row")
    expect(rows).to_have_count(6)
    for kind in ["受理", "转专员", "定级", "办结反馈", "回访", "归档"]:
        expect(page.get_by_test_id("timeline")).to_contain_text(kind)
    shot(page, "complaints-archived")
