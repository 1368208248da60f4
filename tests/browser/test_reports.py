"""Monthly service report and dashboard in chromium (RPT-1/2): a 巢湖 specialist opens October
2026's report, sees the sections and the four ECharts trend charts drawn, generates the
snapshot, downloads the PDF (first page saved as a picture), then opens the live dashboard.
Screenshots: docs/screenshots/report-monthly.png, report-dashboard.png, report-pdf-page1.png.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from gasdesk.org.models import OrgUnit
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.reports.tests.factories import make_report_data
from gasdesk.standards.loading import load_all_shipped

pytestmark = pytest.mark.browser

PASSWORD = "pw-12345-test"  # org.tests.factories.make_user's password
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


class _Org:
    def __init__(self, company: OrgUnit) -> None:
        self.company = company
        self.unit_a = make_unit(name="城区服务所", parent=company)
        self.unit_b = make_unit(name="含山服务所", parent=company, is_urban=False)


@pytest.fixture
def company(transactional_db: None) -> OrgUnit:
    load_all_shipped()
    chaohu = make_company(standard_company="chaohu", name="巢湖新奥燃气")
    org = _Org(chaohu)
    agent = make_user(Role.HOTLINE_AGENT, org.unit_a, username="rpt_agent")
    make_user(Role.SPECIALIST, chaohu, username="rpt_lead", display_name="陈专员")
    make_report_data(org, agent)
    return chaohu


def _login(page: Page, url: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", "rpt_lead")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _charts_drawn(page: Page) -> None:
    charts = page.locator("[data-testid=chart][data-chart-ready='1']")
    expect(charts).to_have_count(4)
    expect(charts.first.locator("svg")).to_have_count(1)


def _pdf_page_one(page: Page, url: str, tmp_path: Path) -> None:
    response = page.request.get(url)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.body())
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils missing: cannot look at the PDF as a picture")
    out = SCREENSHOTS / "report-pdf-page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out)],
        check=True,
    )
    assert out.with_suffix(".png").stat().st_size > 10_000


def test_monthly_report_then_dashboard(
    company: OrgUnit, live_server: Any, page: Page, shot: Any, tmp_path: Path
) -> None:
    """RPT-1/2: the report page with data and charts; snapshot; PDF page 1; live dashboard."""
    _login(page, live_server.url)
    report_url = f"{live_server.url}/reports/monthly/{company.pk}/2026-10/"
    page.goto(report_url)
    expect(page.locator("h1")).to_contain_text("企业服务月报")
    channels = page.locator("[data-section=channels] tbody tr")
    expect(channels).to_have_count(2)
    expect(page.locator("[data-section=channels]")).to_contain_text("营业厅柜台")
    _charts_drawn(page)
    page.click("[data-testid=generate]")
    expect(page.locator("[data-testid=report-status]")).to_contain_text("月报已生成")
    _charts_drawn(page)
    shot(page, "report-monthly")
    _pdf_page_one(page, report_url + "pdf/", tmp_path)
    page.goto(f"{live_server.url}/reports/dashboard/")
    expect(page.locator("h1")).to_contain_text("管理驾驶舱")
    _charts_drawn(page)
    shot(page, "report-dashboard")
