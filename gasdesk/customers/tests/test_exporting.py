"""Excel export (CUST-1): an import → export round trip, masked numbers, import refuses masks."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from gasdesk.customers.exporting import HEADERS, export_customers_xlsx
from gasdesk.customers.importing import RowError, import_customers
from gasdesk.customers.models import Customer

pytestmark = pytest.mark.usefixtures("packs")


def _import(org: Any, tmp_path: Path) -> None:
    lines = [
        "户号,姓名/名称,类别,电话,地址,区域,实际日用气量,所属单位编码,证件号,新闻媒体",
        f"CH1,巢湖日报社,工商户,13812345678,巢湖市人民路9号,,20,{org.unit_a.code},,是",
        f"CH2,陈先生,民用户,0551-62345678,含山县北门1号,偏远地区,,{org.unit_b.code},"
        "340181199001011234,",
    ]
    path = tmp_path / "in.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert import_customers(path).ok


def _read(data: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_round_trip_keeps_the_archive_and_masks_numbers(org: Any, tmp_path: Path) -> None:
    _import(org, tmp_path)
    stream = io.BytesIO()

    count = export_customers_xlsx(Customer.objects.all(), stream)

    rows = _read(stream.getvalue())
    assert count == 2
    assert rows[0] == HEADERS
    media = dict(zip(HEADERS, rows[1], strict=True))
    assert (media["户号"], media["姓名/名称"], media["类别"], media["电话"]) == (
        "CH1",
        "巢湖日报社",
        "工商户",
        "138****5678",
    )
    assert (media["客户等级"], media["新闻媒体"], media["区域"]) == ("关键", "是", "市区")
    resident = dict(zip(HEADERS, rows[2], strict=True))
    assert (resident["电话"], resident["证件号"], resident["区域"]) == (
        "055*****5678",
        "340181********1234",
        "偏远地区",
    )
    assert resident["所属单位编码"] == org.unit_b.code


def test_an_export_cannot_be_re_imported_with_masked_numbers(org: Any, tmp_path: Path) -> None:
    """The export's headers are import headers, but masked numbers are refused row by row."""
    _import(org, tmp_path)
    stream = io.BytesIO()
    export_customers_xlsx(Customer.objects.all(), stream)
    Customer.objects.all().delete()
    path = tmp_path / "out.xlsx"
    path.write_bytes(stream.getvalue())

    report = import_customers(path)

    assert report.errors == [
        RowError(2, "phones", "电话号码含掩码字符“*”，请填写完整号码"),
        RowError(3, "phones", "电话号码含掩码字符“*”，请填写完整号码"),
        RowError(3, "id_number", "证件号含掩码字符“*”，请填写完整号码"),
    ]
    assert Customer.objects.count() == 0


def test_export_uses_a_fixed_number_of_queries(
    org: Any, tmp_path: Path, django_assert_max_num_queries: Any
) -> None:
    _import(org, tmp_path)
    with django_assert_max_num_queries(1):
        export_customers_xlsx(Customer.objects.all(), io.BytesIO())
