"""Bulk import (CUST-1): encodings, headers, XLSX cells, all-or-nothing with a row report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from gasdesk.core.errors import PermissionDeniedRule
from gasdesk.customers import importing
from gasdesk.customers.importing import RowError, import_customers
from gasdesk.customers.models import Customer, CustomerAddress, CustomerPhone, Meter
from gasdesk.standards.schema import Tier

pytestmark = pytest.mark.usefixtures("packs")

HEADER = (
    "户号,姓名/名称,类别,电话,地址,区域,合同日用气量,实际日用气量,所属单位编码,社会弱势群体,表号"
)


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def rows_for(org: Any) -> list[str]:
    a, b = org.unit_a.code, org.unit_b.code
    return [
        HEADER,
        f"CH0001,巢湖钢铁厂,工商户,0551-82345678；13812345678,巢湖市钢厂路1号,,800,1200,{a},否,M001",
        f"CH0002,张阿姨,民用户,13955556666,含山县东关街3号,偏远地区,,,{b},是,",
        f"CH0003,巢湖一中,B类,05518888999,巢湖市健康路5号,市区,450,520,{a},,",
    ]


def test_cust3_csv_with_bom_imports_and_tiers_every_row(org: Any, tmp_path: Path) -> None:
    """CUST-3: 1,200 m³/day → VIP; vulnerable resident → 关键; contract 450 actual 520 → 重点."""
    report = import_customers(write_csv(tmp_path / "c.csv", rows_for(org)))

    assert (report.ok, report.rows_read, report.imported) == (True, 3, 3)
    tiers = dict(Customer.objects.values_list("account_no", "tier"))
    assert tiers == {"CH0001": Tier.VIP, "CH0002": Tier.KEY, "CH0003": Tier.IMPORTANT}
    steel = Customer.objects.get(account_no="CH0001")
    assert sorted(steel.phones.values_list("digits_reversed", flat=True)) == [
        "87654321831",
        "876543281550",
    ]
    assert steel.org_unit == org.unit_a
    assert Meter.objects.get().meter_no == "M001"
    assert CustomerAddress.objects.get(customer__account_no="CH0002").area == "remote"
    assert CustomerAddress.objects.get(customer__account_no="CH0001").area == "urban"


def test_gbk_file_and_english_headers(org: Any, tmp_path: Path) -> None:
    lines = [
        "account_no,name,category,phones,address,org_unit_code,vulnerable",
        f"CH0100,李大爷,residential,13700001234,巢湖市亚父路2号,{org.unit_a.code},Y",
    ]
    report = import_customers(write_csv(tmp_path / "gbk.csv", lines, encoding="gbk"))

    assert report.ok, report.lines()
    customer = Customer.objects.get()
    assert (customer.name, customer.flag_vulnerable, customer.tier) == ("李大爷", True, Tier.KEY)


def test_a_bad_row_means_nothing_is_imported(org: Any, tmp_path: Path) -> None:
    """All or nothing: the report names row, column and problem (in column order); the good
    rows are not kept."""
    lines = [
        *rows_for(org),
        f"CH0004,,工业,138****5678,地址,,abc,,{org.unit_a.code},也许,",
        "CH0001,重复户号,民用户,,,,,,NOPE,,",
    ]
    report = import_customers(write_csv(tmp_path / "bad.csv", lines))

    assert (report.ok, report.rows_read, report.imported) == (False, 5, 0)
    assert report.errors == [
        RowError(5, "name", "请填写客户姓名或名称"),
        RowError(5, "category", "客户类别无效（民用户/工商户）"),
        RowError(5, "phones", "电话号码含掩码字符“*”，请填写完整号码"),
        RowError(5, "contract_volume_m3_per_day", "日用气量必须是数字（m³/日）"),
        RowError(5, "flag_vulnerable", "请填写“是”或“否”"),
        RowError(6, "org_unit_code", "单位编码不存在或无权导入：NOPE"),
    ]
    assert Customer.objects.count() == 0
    assert CustomerPhone.objects.count() == 0


def test_duplicates_in_the_file_and_in_the_database(
    org: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(importing, "IMPORT_BATCH", 2)
    import_customers(write_csv(tmp_path / "first.csv", rows_for(org)[:2]))
    lines = [*rows_for(org), rows_for(org)[3]]

    report = import_customers(write_csv(tmp_path / "again.csv", lines))

    assert report.errors == [
        RowError(2, "account_no", "户号已存在"),
        RowError(5, "account_no", "文件中户号重复"),
    ]
    assert list(Customer.objects.values_list("account_no", flat=True)) == ["CH0001"]


def test_header_problems_stop_before_any_row(tmp_path: Path) -> None:
    report = import_customers(write_csv(tmp_path / "h.csv", ["户号,姓名,颜色,名称", "1,2,3,4"]))

    assert report.errors == [
        RowError(1, "颜色", "无法识别的列名"),
        RowError(1, "名称", "与前面的列重复"),
        RowError(1, "category", "缺少必需的列"),
        RowError(1, "org_unit_code", "缺少必需的列"),
    ]
    assert report.rows_read == 0


def test_dry_run_validates_without_writing(org: Any, tmp_path: Path) -> None:
    report = import_customers(write_csv(tmp_path / "c.csv", rows_for(org)), dry_run=True)

    assert (report.ok, report.rows_read, report.imported) == (True, 3, 0)
    assert Customer.objects.count() == 0


def test_batches_are_written_across_boundaries(org: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(importing, "IMPORT_BATCH", 2)
    lines = [HEADER] + [
        f"B{n:04d},客户{n},民用户,1380000{n:04d},巢湖市路{n}号,,,,{org.unit_a.code},,"
        for n in range(7)
    ]
    seen: list[int] = []

    report = import_customers(write_csv(tmp_path / "b.csv", lines), progress=seen.append)

    assert (report.ok, report.imported, seen) == (True, 7, [2, 2, 2, 1])
    assert CustomerPhone.objects.count() == CustomerAddress.objects.count() == 7
    pairs = Customer.objects.values_list("account_no", "phones__digits")
    assert ("B0006", "13800000006") in set(pairs)


def test_xlsx_numeric_cells_and_default_unit(org: Any, tmp_path: Path) -> None:
    """Excel turns 户号 and phones into numbers; they come back as their digits."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["户号", "姓名/名称", "类别", "电话", "地址", "实际日用气量(m³/日)"])
    sheet.append([20240001, "巢湖水泥厂", "工商户", 13812345678, "巢湖市工业园1号", 1000.0])
    book.save(tmp_path / "c.xlsx")

    report = import_customers(tmp_path / "c.xlsx", default_unit=org.unit_b)

    assert report.ok, report.lines()
    customer = Customer.objects.get()
    assert (customer.account_no, customer.tier, customer.org_unit) == (
        "20240001",
        Tier.VIP,
        org.unit_b,
    )
    assert customer.phones.get().digits == "13812345678"


def test_import_needs_a_bulk_role(org: Any, agent_a: Any, tmp_path: Path) -> None:
    with pytest.raises(PermissionDeniedRule):
        import_customers(write_csv(tmp_path / "c.csv", rows_for(org)), by=agent_a)
    assert Customer.objects.count() == 0


def test_specialist_imports_only_into_the_company(
    org: Any, specialist: Any, tmp_path: Path
) -> None:
    report = import_customers(write_csv(tmp_path / "c.csv", rows_for(org)), by=specialist)
    assert (report.ok, report.imported) == (True, 3)


def test_command_imports_with_a_default_unit(org: Any, tmp_path: Path, capsys: Any) -> None:
    lines = ["户号,姓名,类别,电话", "C1,刘女士,民用户,13612345678"]
    path = write_csv(tmp_path / "c.csv", lines)

    call_command("import_customers", str(path), "--unit", org.unit_b.code)

    assert "已导入：1 行，写入 1 户" in capsys.readouterr().out
    assert Customer.objects.get().org_unit == org.unit_b


def test_command_fails_with_the_report(org: Any, tmp_path: Path, capsys: Any) -> None:
    path = write_csv(tmp_path / "bad.csv", ["户号,姓名,类别,电话", "C1,刘女士,民用户,1"])

    with pytest.raises(CommandError, match="共 1 处错误，未导入任何数据"):
        call_command("import_customers", str(path), "--unit", org.unit_b.code)

    assert "第2行 [phones] 电话号码应为7–20位数字" in capsys.readouterr().err
    assert Customer.objects.count() == 0


def test_meter_kind_label_written_by_export_is_accepted_on_import():
    """The export writes the Chinese label (IC卡预付费表); the importer must read it back."""
    from gasdesk.customers.models import MeterKind
    from gasdesk.customers.validation import METER_KIND_WORDS

    for kind in MeterKind:
        assert METER_KIND_WORDS[str(kind.label).strip().lower()] is kind
