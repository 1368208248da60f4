"""RPT-2: the monthly report's scorecard section — stored scores and inspections — on the page,
in the XLSX and in the PDF."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gasdesk.org.models import User
from gasdesk.quality.department_assessment import AssessmentRun, assess_departments
from gasdesk.quality.register_services import ImprovementInput, register_improvement
from gasdesk.reports.monthly import build_monthly_report
from gasdesk.reports.tests.conftest import NOW, OCTOBER
from gasdesk.reports.tests.factories import ReportData

pytestmark = pytest.mark.django_db
RUN_AT = dt.datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def assessed(report_data: ReportData, specialist: User, org: object) -> object:
    """ASSESS-3: Q4 2026 department snapshots exist when October's report is built."""
    run = AssessmentRun("quarter", 2026, 4, subject="office")
    return assess_departments(specialist, org.company, run, now=RUN_AT)  # type: ignore[attr-defined]


def _url(name: str, user: User) -> str:
    company = user.org_unit.company_id  # type: ignore[union-attr]
    return reverse(f"reports:{name}", kwargs={"company_id": company, "month": "2026-10"})


def test_rpt2_scorecard_section_lists_stored_scores(
    assessed: list[object], specialist: User, org: object, at_now: object
) -> None:
    """RPT-2 (000 items 26–27): each department's Q4 score and rank covers October."""
    data = build_monthly_report(specialist, org.company, OCTOBER, now=NOW)  # type: ignore[attr-defined]

    table = data.table("scorecard")
    assert table.headers == ["评价类型", "期间", "被评价单位", "得分", "等级", "排名"]
    scores = sorted((row[2], row[3], row[5]) for row in table.rows)
    units = sorted(e.org_unit.name for e in assessed)  # type: ignore[attr-defined]
    assert [s[0] for s in scores] == units
    assert {row[0] for row in table.rows} == {"部门季度考核"}
    assert data.table("inspections").rows == []


def test_rpt2_scorecard_section_on_page_and_xlsx(
    assessed: object, specialist: User, at_now: object
) -> None:
    client = Client()
    client.force_login(specialist)

    page = client.get(_url("monthly", specialist)).content.decode()
    book = load_workbook(io.BytesIO(client.get(_url("monthly_xlsx", specialist)).content))

    assert "考核评价结果" in page
    assert 'data-section="scorecard"' in page
    assert {"考核评价结果", "服务检查与神秘顾客"} <= set(book.sheetnames)
    sheet = book["考核评价结果"]
    assert [c.value for c in sheet[1]] == ["评价类型", "期间", "被评价单位", "得分", "等级", "排名"]
    assert sheet.max_row >= 3  # header + one row per department


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_rpt2_scorecard_section_in_pdf(
    assessed: object, specialist: User, at_now: object, tmp_path: object
) -> None:
    pytest.importorskip("weasyprint")
    client = Client()
    client.force_login(specialist)
    path = tmp_path / "report.pdf"  # type: ignore[operator]
    path.write_bytes(client.get(_url("monthly_pdf", specialist)).content)

    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout

    assert "考核评价结果" in text
    assert "部门季度考核" in text


def test_rpt2_improvement_work_of_the_month(
    report_data: ReportData, specialist: User, org: object, at_now: object
) -> None:
    """RPT-2 (000 item 27: 服务改进) / ASSESS-6: October's registered improvement is listed."""
    october = dt.datetime(2026, 10, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    unit = org.unit_a  # type: ignore[attr-defined]
    register_improvement(
        specialist, ImprovementInput(unit, "投诉回访话术优化", "supervision"), now=october
    )
    register_improvement(specialist, ImprovementInput(unit, "十一月的事项", "initiative"), now=NOW)

    data = build_monthly_report(specialist, org.company, OCTOBER, now=NOW)  # type: ignore[attr-defined]

    assert data.table("improvements").rows == [
        ["投诉回访话术优化", unit.name, "服务监督发现的问题", "信息收集", None]
    ]
