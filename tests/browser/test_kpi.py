"""KPI table and drill-down in chromium (KPI-19/20): a 巢湖 specialist opens March's indicators,
sees repair timeliness 49 / 50 = 98.00 % and the per-tier table, then follows the numerator to
the 49 on-time orders. Screenshots: docs/screenshots/kpi-table.png, kpi-drilldown.png.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.quality.tests.kpi_factories import make_timed_orders
from gasdesk.standards.loading import load_all_shipped

pytestmark = pytest.mark.browser

PASSWORD = "pw-12345-test"  # org.tests.factories.make_user's password
MARCH_5 = dt.datetime(2026, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def company(transactional_db: None) -> None:
    load_all_shipped()
    chaohu = make_company(standard_company="chaohu", name="巢湖新奥燃气")
    unit = make_unit(name="城区服务所", parent=chaohu)
    lead = make_user(Role.SPECIALIST, chaohu, username="kpi_lead", display_name="吴专员")
    hours = dt.timedelta(hours=1)
    make_timed_orders(
        49,
        received_at=MARCH_5,
        due_after=4 * hours,
        met_after=2 * hours,
        tier="vip",
        unit=unit,
        by=lead,
        business_type="repair",
        clock="arrival",
    )
    make_timed_orders(
        1,
        received_at=MARCH_5,
        due_after=4 * hours,
        met_after=6 * hours,
        unit=unit,
        by=lead,
        business_type="repair",
        clock="arrival",
    )


def test_table_then_drill_down(company: None, live_server: Any, page: Page, shot: Any) -> None:
    """KPI-19: 98.00 % repair timeliness; the numerator link lists the 49 on-time orders."""
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "kpi_lead")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/kpi/?period=month&month=2026-03")
    row = page.get_by_test_id("kpi-table").locator("tr[data-code='kpi.repair_timeliness']")
    expect(row).to_contain_text("98.00%")
    expect(page.get_by_test_id("kpi-tier-table")).to_contain_text("VIP")
    shot(page, "kpi-table")
    row.get_by_role("link", name="49").click()
    expect(page.get_by_test_id("kpi-drill-summary")).to_contain_text("49 / 50")
    expect(page.get_by_test_id("kpi-records").locator("tbody tr")).to_have_count(49)
    shot(page, "kpi-drilldown")
