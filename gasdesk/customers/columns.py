"""The spreadsheet columns of customer import and export (CUST-1), Chinese first.

Headers are matched after trimming, lower-casing and dropping a bracketed unit, so
"合同日用气量(m³/日)", "合同日用气量" and "contract_volume_m3_per_day" are the same column.

- account_no (required): 户号; also 客户编号, account
- name (required): 姓名/名称; also 姓名, 名称, 客户名称
- category (required): 类别; also 客户类别 (values 民用户/工商户, A类/B类, codes)
- phones: 电话; also 联系电话, 手机, phone; several numbers split by ; ， 、 / |
- address, area: 地址, 区域 (市区/偏远地区; empty = the unit's area)
- contract_volume_m3_per_day, actual_volume_m3_per_day: 合同日用气量, 实际日用气量 (m³/日)
- org_unit_code: 所属单位编码; also 单位编码, org_unit (or `--unit` for the whole file)
- id_number: 证件号; also 证件号码, 身份证号
- birthday: 生日 (YYYY-MM-DD or a date cell)
- meter_no, meter_kind: 表号, 表具类型
- flag_<code>: the flag's Chinese label (是/否); also flag_<code> or <code>

Every key itself is accepted as a header too (English names).
Export-only columns (客户等级, 所属单位, 定级依据) are accepted and ignored on import: the tier is
always computed from the pack.
"""

from __future__ import annotations

import re

from gasdesk.customers.choices import FLAG_LABELS, flag_field

PHONE_SEPARATORS = re.compile(r"[;；,，、/|]+")

BASE_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("account_no", "户号", ("客户编号", "account")),
    ("name", "姓名/名称", ("姓名", "名称", "客户名称")),
    ("category", "类别", ("客户类别",)),
    ("phones", "电话", ("联系电话", "手机", "phone")),
    ("address", "地址", ()),
    ("area", "区域", ()),
    ("contract_volume_m3_per_day", "合同日用气量", ("contract_volume",)),
    ("actual_volume_m3_per_day", "实际日用气量", ("actual_volume",)),
    ("org_unit_code", "所属单位编码", ("单位编码", "org_unit")),
    ("id_number", "证件号", ("证件号码", "身份证号")),
    ("birthday", "生日", ()),
    ("meter_no", "表号", ()),
    ("meter_kind", "表具类型", ()),
)
FLAG_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (flag_field(flag), label, (flag.value,)) for flag, label in FLAG_LABELS.items()
)
IGNORED_HEADERS = frozenset({"客户等级", "tier", "所属单位", "org_unit_name", "定级依据"})
REQUIRED_KEYS = ("account_no", "name", "category")

_UNIT_SUFFIX = re.compile(r"[（(].*?[)）]")


def header_key(header: str) -> str:
    """Comparable form of a header cell."""
    return _UNIT_SUFFIX.sub("", str(header or "")).strip().lower()


def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for key, chinese, others in BASE_COLUMNS + FLAG_COLUMNS:
        for alias in (key, chinese, *others):
            table[header_key(alias)] = key
    return table


HEADER_ALIASES: dict[str, str] = _aliases()
EXPORT_HEADERS: tuple[str, ...] = tuple(chinese for _, chinese, _ in BASE_COLUMNS + FLAG_COLUMNS)
