"""Supervision in chromium (SCORE-6, SCORE-1, SURV-6): a 96602 specialist scores a station's
quarter from the page (1000.00), an inspector records a hotline finding (H-01 −2), and the
re-run evaluation drops below 1000. Screenshots: docs/screenshots/supervision-*.png.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.standards.loading import load_all_shipped

pytestmark = pytest.mark.browser

PASSWORD = "pw-12345-test"  # org.tests.factories.make_user's password


@pytest.fixture
def station(transactional_db: None) -> int:
    load_all_shipped()
    company = make_company(standard_company="kunlun96602", name="96602分公司")
    unit = make_unit(name="一站", parent=company)
    make_user(Role.SPECIALIST, company, username="sv_lead", display_name="周专员")
    make_user(Role.INSPECTOR, company, username="sv_checker", display_name="钱检查员")
    return unit.pk


def _login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _evaluate(page: Page, url: str, unit_id: int) -> str:
    """SCORE-1: this quarter of the station, every 酌情 row not applicable (SCORE-10)."""
    today = timezone.localdate()
    page.goto(f"{url}/quality/evaluations/new/")
    form = page.get_by_test_id("evaluation-form")
    form.locator("select[name=unit]").select_option(str(unit_id))
    form.locator("select[name=period_kind]").select_option("quarter")
    form.locator("input[name=year]").fill(str(today.year))
    form.locator("input[name=number]").fill(str((today.month - 1) // 3 + 1))
    page.eval_on_selector_all("input[name^=na_]", "els => els.forEach(e => { e.checked = true })")
    form.locator("button[type=submit]").click()
    score = page.get_by_test_id("evaluation-score")
    expect(score).to_be_visible()
    return score.inner_text()


def test_inspector_finding_moves_the_scorecard(
    station: int, live_server: Any, page: Page, browser: Browser, shot: Any
) -> None:
    """SCORE-6/SURV-6: 1000.00 before; after one H-01 finding (−2) the re-run score is lower."""
    _login(page, live_server.url, "sv_lead")
    before = _evaluate(page, live_server.url, station)
    assert "1000.00" in before

    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    checker = context.new_page()
    _login(checker, live_server.url, "sv_checker")
    checker.goto(f"{live_server.url}/quality/inspections/new/?checklist=hotline")
    form = checker.get_by_test_id("inspection-form")
    form.locator("select[name=unit]").select_option(str(station))
    form.locator("input[name=inspected_at]").fill(f"{timezone.localdate():%Y-%m-%d}T00:30")
    form.locator("input[name=count_H-01]").fill("1")
    form.locator("input[name=evidence_H-01]").fill("录音 语气生硬")
    form.locator("button[type=submit]").click()
    expect(checker.get_by_test_id("inspection-score")).to_contain_text("78")
    shot(checker, "supervision-inspection")
    context.close()

    after = _evaluate(page, live_server.url, station)
    assert "1000.00" not in after
    expect(page.locator("body")).to_contain_text("recomputed")
    shot(page, "supervision-evaluation")
