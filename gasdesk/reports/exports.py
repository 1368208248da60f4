"""Downloads of the monthly report (RPT-1): XLSX (one sheet per section) and PDF (WeasyPrint).

Both render the same `MonthlyReportData` the page shows. The PDF is the page's print template
turned into PDF by WeasyPrint (pango); Chinese text needs a CJK font installed on the host
(Debian `fonts-noto-cjk`), which the print stylesheet names first.
"""

from __future__ import annotations

import io
import re

from django.template.loader import render_to_string
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gasdesk.reports.monthly import MonthlyReportData, trend_rows
from gasdesk.reports.tables import Table

SHEET_NAME_MAX = 31  # Excel's limit
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", title)[:SHEET_NAME_MAX]
    name, n = base, 2
    while name in used:
        name = f"{base[: SHEET_NAME_MAX - 3]}_{n}"
        n += 1
    used.add(name)
    return name


def _write_table(sheet: object, table: Table) -> None:
    ws = sheet
    ws.append([gettext(h) for h in table.headers])  # type: ignore[attr-defined]
    for cell in ws[1]:  # type: ignore[index]
        cell.font = Font(bold=True)
    for row in table.rows:
        ws.append(row)  # type: ignore[attr-defined]
    if table.note:
        ws.append([gettext(table.note)])  # type: ignore[attr-defined]
    for index, header in enumerate(table.headers, start=1):
        width = max(10, len(str(header)) * 2 + 2)
        ws.column_dimensions[get_column_letter(index)].width = width  # type: ignore[attr-defined]


def _trend_sheet(book: Workbook, data: MonthlyReportData) -> None:
    ws = book.create_sheet(gettext("近12个月趋势"))
    ws.append([gettext("月份"), *[f"{gettext(t.title)}({gettext(t.unit)})" for t in data.trends]])
    for row in trend_rows(data):
        ws.append(row)


def monthly_xlsx(data: MonthlyReportData) -> bytes:
    """One sheet per section with Chinese headers, the trends, and the improvement actions."""
    book = Workbook()
    cover = book.active
    cover.title = gettext("封面")  # type: ignore[union-attr]
    cover.append([gettext("企业服务月报"), data.company_name, data.month])  # type: ignore[union-attr]
    cover.append([gettext("生成时间"), data.built_at])  # type: ignore[union-attr]
    cover.append([gettext("改进措施"), data.improvement_actions])  # type: ignore[union-attr]
    used = {gettext("封面"), gettext("近12个月趋势")}
    for table in data.tables:
        _write_table(book.create_sheet(_sheet_title(gettext(table.title), used)), table)
    _trend_sheet(book, data)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def monthly_pdf(data: MonthlyReportData) -> bytes:
    """The print template rendered by WeasyPrint (imported here: it loads pango on import)."""
    from weasyprint import HTML  # noqa: PLC0415 — heavy native import, only for this download

    context = {"report": data, "trend_rows": trend_rows(data)}
    html = render_to_string("reports/monthly_print.html", context)
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
