"""Hotline figures in chromium (AGENT-1…6, KPI-6…8): a specialist of the 96602 branch uploads a
day of queue_log, reads the import report (40 DID lines skipped), then opens the month's
figures: 38.71 % answered within 3 rings, 30.65 % lost, and the agents' 001 scores 15 and 12.
Screenshots: docs/screenshots/hotline-import.png, hotline-figures.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.quality.tests.hotline_factories import synthetic_day
from gasdesk.standards.loading import load_all_shipped

pytestmark = pytest.mark.browser

PASSWORD = "pw-12345-test"  # org.tests.factories.make_user's password


@pytest.fixture
def branch(transactional_db: None) -> None:
    load_all_shipped()
    company = make_company(standard_company="kunlun96602", name="昆仑燃气分公司")
    make_unit(name="96602客服中心", parent=company)
    make_user(Role.SPECIALIST, company, username="hotline_lead", display_name="周专员")


def test_import_then_figures(
    branch: None, live_server: Any, page: Page, shot: Any, tmp_path: Path
) -> None:
    """AGENT-1, KPI-6/7: upload → report → month figures with the agents' scores."""
    log = tmp_path / "queue_log"
    log.write_text("".join(f"{x}\n" for x in synthetic_day()), encoding="utf-8")
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "hotline_lead")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/quality/hotline/imports/")
    form = page.get_by_test_id("call-import-form")
    form.locator("input[name=file]").set_input_files(str(log))
    form.locator("input[name=source]").fill("pbx-96602")
    form.locator("button[type=submit]").click()
    report = page.get_by_test_id("call-import-report")
    expect(report).to_contain_text("non_asterisk_event")
    expect(report).to_contain_text("219")
    shot(page, "hotline-import")
    page.goto(f"{live_server.url}/quality/hotline/?month=2026-10")
    expect(page.get_by_test_id("hotline-daily")).to_contain_text("38.71%")
    expect(page.get_by_test_id("hotline-daily")).to_contain_text("30.65%")
    agents = page.get_by_test_id("hotline-agents")
    expect(agents.locator("tr", has_text="张三")).to_contain_text("15")
    expect(agents.locator("tr", has_text="李四")).to_contain_text("12")
    shot(page, "hotline-figures")
