"""RPT-1…4 pages: the monthly report (page, XLSX, PDF, generate), dashboard, wallboard, API."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_user
from gasdesk.quality import order_facts
from gasdesk.reports.models import MonthlyReport
from gasdesk.reports.tests.factories import ReportData

pytestmark = pytest.mark.django_db
PAGE_QUERIES = (
    50  # ~23 report aggregates + session, user, roles, scope, pack, banner, 2 fact checks
)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, user: User) -> str:
    company = user.org_unit.company_id  # type: ignore[union-attr]
    return reverse(f"reports:{name}", kwargs={"company_id": company, "month": "2026-10"})


def test_rpt2_monthly_page_renders_sections_and_charts(
    report_data: ReportData, specialist: User, at_now: object, django_assert_max_num_queries: object
) -> None:
    """RPT-2: the page shows every section and a chart container per trend, within a budget."""
    client = _client(specialist)
    order_facts.refresh()  # steady state: the facts are current, the page finds nothing to do
    with django_assert_max_num_queries(PAGE_QUERIES):  # type: ignore[operator]
        response = client.get(_url("monthly", specialist))
    body = response.content.decode()
    assert response.status_code == 200
    for title in (
        "受理渠道",
        "时限达标",
        "投诉（按级别）",
        "投诉热点",
        "服务绩效指标",
        "超时工单清单",
    ):
        assert title in body
    assert body.count('data-testid="chart"') == 4
    assert "reports/echarts.min.js" in body


def test_rpt1_generate_button_then_snapshot_is_shown(
    report_data: ReportData, specialist: User, at_now: object, django_assert_max_num_queries: object
) -> None:
    """RPT-1: the on-demand button stores the snapshot; the page then reads it (fewer queries)."""
    client = _client(specialist)
    response = client.post(_url("monthly_generate", specialist))
    assert response.status_code == 302
    assert MonthlyReport.objects.count() == 1
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        page = client.get(_url("monthly", specialist))
    assert "月报已生成" in page.content.decode()


def test_rpt1_dispatcher_gets_403_and_nothing_changes(
    report_data: ReportData, dispatcher_a: User, at_now: object
) -> None:
    """RPT roles: a dispatcher may neither see nor generate the monthly report."""
    client = _client(dispatcher_a)
    assert client.get(_url("monthly", dispatcher_a)).status_code == 403
    assert client.post(_url("monthly_generate", dispatcher_a)).status_code == 403
    assert not MonthlyReport.objects.exists()


def test_rpt1_xlsx_has_a_sheet_per_section_with_chinese_headers(
    report_data: ReportData, specialist: User, at_now: object
) -> None:
    """RPT-1: the XLSX download — one sheet per section, Chinese headers, October's figures."""
    response = _client(specialist).get(_url("monthly_xlsx", specialist))
    book = load_workbook(io.BytesIO(response.content))
    assert {"封面", "受理渠道", "时限达标", "投诉热点", "近12个月趋势"} <= set(book.sheetnames)
    sheet = book["受理渠道"]
    assert [c.value for c in sheet[1]] == ["渠道", "工单数"]
    assert sorted((r[0], r[1]) for r in sheet.iter_rows(min_row=2, values_only=True)) == [
        ("热线", 3),
        ("营业厅柜台", 1),
    ]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_rpt1_pdf_has_pages_and_chinese_text(
    report_data: ReportData, specialist: User, at_now: object, tmp_path: object
) -> None:
    """RPT-1: the PDF (WeasyPrint) has pages and its Chinese text extracts as written."""
    pytest.importorskip("weasyprint")
    response = _client(specialist).get(_url("monthly_pdf", specialist))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"  # type: ignore[operator]
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "企业服务月报" in text
    assert "受理渠道" in text
    assert "营业厅柜台" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "Pages:" in info.stdout
    assert "Pages:          0" not in info.stdout


def test_rpt_dashboard_renders_live_month(
    report_data: ReportData, manager: User, at_now: object, django_assert_max_num_queries: object
) -> None:
    """RPT dashboard: the current month live with its charts, within a query budget."""
    client = _client(manager)
    order_facts.refresh()  # steady state: the facts are current, the page finds nothing to do
    with django_assert_max_num_queries(PAGE_QUERIES):  # type: ignore[operator]
        response = client.get(reverse("reports:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "管理驾驶舱" in body
    assert "2026-11" in body
    assert body.count('data-testid="chart"') == 4


def test_rpt_wallboard_refreshes_with_htmx(
    report_data: ReportData, manager: User, at_now: object, django_assert_max_num_queries: object
) -> None:
    """RPT wallboard: full page polls every 30 s; the htmx request gets only the tiles."""
    client = _client(manager)
    url = reverse("reports:wallboard")
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        page = client.get(url).content.decode()
    assert 'hx-trigger="every 30s"' in page
    assert 'data-testid="emergencies"' in page
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert 'data-testid="wallboard"' in partial


def test_rpt1_api_generate_and_list(report_data: ReportData, manager: User, at_now: object) -> None:
    """RPT-1: POST /api/v1/monthly-reports/generate/ stores the snapshot; the list shows it."""
    client = _client(manager)
    company = manager.org_unit.company_id  # type: ignore[union-attr]
    response = client.post(
        "/api/v1/monthly-reports/generate/", {"company": company, "month": "2026-10"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["month"] == "2026-10-01"
    listed = client.get("/api/v1/monthly-reports/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["month"] for r in rows] == ["2026-10-01"]


def test_rpt1_api_dispatcher_refused(
    report_data: ReportData, dispatcher_a: User, at_now: object
) -> None:
    """RPT roles: the API refuses a dispatcher and stores nothing."""
    company = dispatcher_a.org_unit.company_id  # type: ignore[union-attr]
    response = _client(dispatcher_a).post(
        "/api/v1/monthly-reports/generate/", {"company": company, "month": "2026-10"}
    )
    assert response.status_code in (400, 403)
    assert not MonthlyReport.objects.exists()


def test_rpt_other_company_specialist_gets_403(
    report_data: ReportData, specialist: User, at_now: object
) -> None:
    """RPT roles: a specialist of another company can neither read nor generate this report."""
    other = make_user(Role.SPECIALIST, make_company(name="其他燃气"), username="other_specialist")
    client = _client(other)
    assert client.get(_url("monthly", specialist)).status_code == 403
    assert client.post(_url("monthly_generate", specialist)).status_code == 403
    assert not MonthlyReport.objects.exists()
