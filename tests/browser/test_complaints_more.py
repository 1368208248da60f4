"""Complaint posts, conduct and validity in chromium (CMP-1, CMP-6, CMP-18): an 奥德 agent
registers an image-affecting complaint; the manager's desk shows it reported first; the
specialist sees the conduct checklist and declares the complaint invalid, first without the
reason (refused), then with it. Screenshots go to docs/screenshots/complaints-more-*.png.
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
def aode_office(transactional_db: None) -> dict[str, Any]:
    """奥德 with its pack, a unit, an agent, the office specialist and the main leader."""
    load_all_shipped()
    company = make_company(standard_company="aode", name="奥德燃气")
    unit = make_unit(name="营业所", kind=OrgUnitKind.UNIT, parent=company)
    return {
        "agent": make_user(Role.HOTLINE_AGENT, unit, username="ad_agent"),
        "specialist": make_user(Role.SPECIALIST, company, username="ad_office"),
        "leader": make_user(Role.MANAGER, company, username="ad_leader"),
    }


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("current-user")).to_be_visible()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def _register(page: Page, base: str) -> str:
    page.goto(f"{base}/complaints/new/")
    page.select_option("select[name=channel]", "counter")
    page.fill("input[name=complainant_name]", "赵女士")
    page.fill("input[name=phone]", "13900001111")
    page.fill("input[name=address]", "科左中旗保康镇1号")
    page.fill("input[name=target_text]", "营业厅工作人员")
    page.fill("textarea[name=narrative]", "营业员态度恶劣，并称要向媒体反映。")
    page.check("input[name=affects_image]")
    page.get_by_role("button", name="登记并转专员").click()
    expect(page.get_by_test_id("complaint-status")).to_have_text("已转专员")
    expect(page.get_by_test_id("role-escalation")).to_contain_text("主要领导")
    return page.get_by_test_id("complaint-number").inner_text()


def test_cmp_6_18_1_posts_conduct_and_validity(
    page: Page, live_server: Any, aode_office: dict[str, Any], shot: Any
) -> None:
    """CMP-6: reported first to the main leader; CMP-18 checklist; CMP-1 invalid with reason."""
    base = live_server.url
    _log_in(page, base, "ad_agent")
    number = _register(page, base)
    _log_out(page)

    _log_in(page, base, "ad_leader")
    page.goto(f"{base}/complaints/")
    expect(page.get_by_test_id("routed")).to_contain_text(number)
    expect(page.get_by_test_id("routed")).to_contain_text("先行上报")
    shot(page, "complaints-more-leader-desk")
    _log_out(page)

    _log_in(page, base, "ad_office")
    page.goto(f"{base}/complaints/")
    page.get_by_test_id("routed").get_by_role("link", name=number).click()
    checklist = page.get_by_test_id("conduct")
    expect(checklist).to_contain_text("切忌随意表态、许愿")
    checklist.get_by_label("切忌随意表态、许愿").check()
    expect(page.get_by_test_id("role-responsible")).to_contain_text("负责业务的总经理")
    validity = page.get_by_test_id("action-validity")
    validity.get_by_label("无效投诉").check()
    validity.get_by_role("button", name="认定有效性").click()
    expect(page.get_by_test_id("action-error")).to_be_visible()
    expect(page.get_by_test_id("complaint-validity")).to_have_text("未认定")
    validity = page.get_by_test_id("action-validity")
    validity.get_by_label("无效投诉").check()
    validity.locator("input[name=validity-invalid_reason]").fill("经核实非本公司服务范围")
    validity.get_by_role("button", name="认定有效性").click()
    expect(page.get_by_test_id("complaint-validity")).to_have_text("无效投诉")
    expect(page.get_by_test_id("validity")).to_contain_text("经核实非本公司服务范围")
    expect(page.get_by_test_id("timeline")).to_contain_text("认定有效性")
    shot(page, "complaints-more-invalid")
