"""Field rules of the customer archive (CUST-1), shared by the services and the bulk importer.

Each cleaner takes raw input (form, API, CSV cell) and returns the stored value or raises
RuleViolation naming the field in Chinese, so a form, the API and an import report all say
the same thing about the same mistake.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from gasdesk.core.errors import RuleViolation
from gasdesk.customers.choices import AREA_LABELS, CATEGORY_LABELS, FLAG_FIELDS
from gasdesk.customers.masking import MASK, digits_of
from gasdesk.customers.models import MeterKind, normalise_account_no
from gasdesk.standards.schema import Area, Category

_ACCOUNT_PATTERN = re.compile(r"^[0-9A-Z-]{1,32}$")
PHONE_MIN_DIGITS = 7
PHONE_MAX_DIGITS = 20
VOLUME_MAX = Decimal("9999999999.99")
NAME_MAX = 200
ADDRESS_MAX = 300
ID_NUMBER_MAX = 40
TEXT_FIELDS = ("name", "id_number")
VOLUME_FIELDS = ("contract_volume_m3_per_day", "actual_volume_m3_per_day")

# Words accepted for the enums: the code, the Chinese label and the handbooks' synonyms
# (004 三.1 calls residential customers "A类" and commercial/industrial ones "B类").
CATEGORY_WORDS: dict[str, Category] = {
    **{c.value: c for c in Category},
    **{label: c for c, label in CATEGORY_LABELS.items()},
    "民用": Category.RESIDENTIAL,
    "居民": Category.RESIDENTIAL,
    "a": Category.RESIDENTIAL,
    "a类": Category.RESIDENTIAL,
    "工商": Category.COMMERCIAL,
    "工商业": Category.COMMERCIAL,
    "工商业用户": Category.COMMERCIAL,
    "b": Category.COMMERCIAL,
    "b类": Category.COMMERCIAL,
}
AREA_WORDS: dict[str, Area] = {
    **{a.value: a for a in Area},
    **{label: a for a, label in AREA_LABELS.items()},
    "偏远": Area.REMOTE,
}
METER_KIND_WORDS: dict[str, MeterKind] = {
    **{k.value: k for k in MeterKind},
    # Lookups lower-case the input, so keys are lower-case too ("IC卡预付费表" → "ic卡预付费表").
    **{str(k.label).lower(): k for k in MeterKind},
}


@dataclass(frozen=True)
class AddressInput:
    text: str
    area: Area
    is_primary: bool


@dataclass(frozen=True)
class MeterInput:
    meter_no: str
    kind: MeterKind
    installed_on: dt.date | None = None
    service_life_years: int | None = None


def clean_account_no(value: Any) -> str:
    account = normalise_account_no(str(value or ""))
    if not account:
        raise RuleViolation("account_no", "请填写户号")
    if not _ACCOUNT_PATTERN.match(account):
        raise RuleViolation("account_no", "户号只能包含字母、数字和“-”，最长32位")
    return account


def clean_name(value: Any) -> str:
    name = str(value or "").strip()
    if not name:
        raise RuleViolation("name", "请填写客户姓名或名称")
    if len(name) > NAME_MAX:
        raise RuleViolation("name", f"客户名称不能超过{NAME_MAX}字")
    return name


def clean_category(value: Any) -> Category:
    category = CATEGORY_WORDS.get(str(value or "").strip().lower())
    if category is None:
        raise RuleViolation("category", "客户类别无效（民用户/工商户）")
    return category


def clean_id_number(value: Any) -> str:
    number = "".join(str(value or "").split()).upper()
    if MASK in number:
        raise RuleViolation("id_number", "证件号含掩码字符“*”，请填写完整号码")
    if len(number) > ID_NUMBER_MAX:
        raise RuleViolation("id_number", "证件号过长")
    return number


def clean_volume(field: str, value: Any) -> Decimal:
    """Daily volume in m³/day; empty means 0 (residential accounts rarely have a contract)."""
    if value is None or str(value).strip() == "":
        return Decimal(0)
    try:
        volume = Decimal(str(value).strip())
    except InvalidOperation:
        raise RuleViolation(field, "日用气量必须是数字（m³/日）") from None
    if not volume.is_finite() or volume < 0 or volume > VOLUME_MAX:
        raise RuleViolation(field, "日用气量必须是不小于0的数字（m³/日）")
    return volume.quantize(Decimal("0.01"))


def clean_birthday(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError:
        raise RuleViolation("birthday", "生日格式应为 YYYY-MM-DD") from None


def clean_phone(value: Any) -> str:
    number = str(value or "").strip()
    if MASK in number:
        raise RuleViolation("phones", "电话号码含掩码字符“*”，请填写完整号码")
    if not PHONE_MIN_DIGITS <= len(digits_of(number)) <= PHONE_MAX_DIGITS:
        raise RuleViolation("phones", f"电话号码应为{PHONE_MIN_DIGITS}–{PHONE_MAX_DIGITS}位数字")
    return number


def clean_phones(values: Iterable[Any]) -> list[str]:
    """Distinct numbers (by their digits), in the order given; empty entries are skipped."""
    numbers: list[str] = []
    seen: set[str] = set()
    for value in values:
        if str(value or "").strip():
            number = clean_phone(value)
            digits = digits_of(number)
            if digits not in seen:
                seen.add(digits)
                numbers.append(number)
    return numbers


def clean_area(value: Any, *, default: Area) -> Area:
    if value is None or str(value).strip() == "":
        return default
    area = AREA_WORDS.get(str(value).strip().lower())
    if area is None:
        raise RuleViolation("addresses", "区域无效（市区/偏远地区）")
    return area


def clean_addresses(
    values: Iterable[Mapping[str, Any]], *, default_area: Area
) -> list[AddressInput]:
    """Addresses with exactly one primary (the first, unless one is marked)."""
    items = [dict(v) for v in values if str(v.get("text") or "").strip()]
    primary_given = any(v.get("is_primary") for v in items)
    cleaned: list[AddressInput] = []
    for index, item in enumerate(items):
        is_primary = bool(item.get("is_primary")) if primary_given else index == 0
        if is_primary and any(a.is_primary for a in cleaned):
            raise RuleViolation("addresses", "只能有一个主地址")
        address = clean_address(item["text"], item.get("area"), default_area=default_area)
        cleaned.append(AddressInput(address.text, address.area, is_primary))
    return cleaned


def clean_address(text: Any, area: Any, *, default_area: Area) -> AddressInput:
    """One address (primary); the bulk importer's path, which has one per row."""
    value = str(text).strip()
    if len(value) > ADDRESS_MAX:
        raise RuleViolation("addresses", f"地址不能超过{ADDRESS_MAX}字")
    return AddressInput(value, clean_area(area, default=default_area), True)


def clean_meter(item: Mapping[str, Any]) -> MeterInput:
    meter_no = str(item.get("meter_no") or "").strip()
    if not meter_no:
        raise RuleViolation("meters", "请填写表号")
    kind = METER_KIND_WORDS.get(str(item.get("kind") or MeterKind.ORDINARY).strip().lower())
    if kind is None:
        raise RuleViolation("meters", "表具类型无效")
    life = item.get("service_life_years")
    if life not in (None, "") and (not str(life).isdigit() or int(life) > 100):
        raise RuleViolation("meters", "使用年限应为0–100的整数")
    installed = item.get("installed_on")
    try:
        installed_on = clean_birthday(installed)
    except RuleViolation:
        raise RuleViolation("meters", "安装日期格式应为 YYYY-MM-DD") from None
    years = int(life) if life not in (None, "") else None
    return MeterInput(meter_no, kind, installed_on, years)


def clean_flag(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("", "否", "n", "no", "false", "0", "×"):
        return False
    if text in ("是", "y", "yes", "true", "1", "√", "✓"):
        return True
    raise RuleViolation(field, "请填写“是”或“否”")


def _bound(cleaner: Callable[[str, Any], Any], field: str) -> Callable[[Any], Any]:
    return lambda value: cleaner(field, value)


# One cleaner per Customer column that input may set, keyed by the column name.
FIELD_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "account_no": clean_account_no,
    "name": clean_name,
    "category": clean_category,
    "id_number": clean_id_number,
    "birthday": clean_birthday,
    "is_active": _bound(clean_flag, "is_active"),
    **{field: _bound(clean_volume, field) for field in VOLUME_FIELDS},
    **{field: _bound(clean_flag, field) for field in FLAG_FIELDS},
}
REQUIRED_FIELDS = ("account_no", "name", "category")


def clean_customer_fields(data: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    """The Customer columns present in `data`, cleaned; without `partial` the required ones too."""
    cleaned: dict[str, Any] = {}
    if not partial:
        for required in REQUIRED_FIELDS:
            cleaned[required] = FIELD_CLEANERS[required](data.get(required))
    for field, value in data.items():
        cleaner = FIELD_CLEANERS.get(field)
        if cleaner is not None:
            cleaned[field] = cleaner(value)
    return cleaned
