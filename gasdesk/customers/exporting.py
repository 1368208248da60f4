"""Excel export of a filtered customer list (CUST-1), masked like every list.

Streams: openpyxl write-only mode and `.iterator(chunk_size=…)` keep memory flat however many
rows the filter selects; the contact columns are annotated (no query per row).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from django.db.models import OuterRef, QuerySet, Subquery
from openpyxl import Workbook

from gasdesk.customers.choices import AREA_LABELS, CATEGORY_LABELS, FLAG_FIELDS, FLAG_LABELS
from gasdesk.customers.masking import mask_id_number, mask_phone
from gasdesk.customers.models import Customer, CustomerAddress
from gasdesk.customers.selectors import with_contact
from gasdesk.standards.schema import TIER_LABELS, Area, Category, Tier

EXPORT_CHUNK = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = (
    "户号",
    "姓名/名称",
    "类别",
    "电话",
    "地址",
    "区域",
    "合同日用气量(m³/日)",
    "实际日用气量(m³/日)",
    "所属单位编码",
    "所属单位",
    "证件号",
    "客户等级",
    "定级依据",
    *FLAG_LABELS.values(),
)
_EXTRA = (
    "org_unit__code",
    "id_number",
    "contract_volume_m3_per_day",
    "actual_volume_m3_per_day",
    "tier_reason",
    "primary_area",
    *FLAG_FIELDS,
)


def export_customers_xlsx(queryset: QuerySet[Customer], stream: IO[bytes]) -> int:
    """Write the (already scoped and filtered) customers to `stream`; returns the row count."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("客户")
    sheet.append(list(HEADERS))
    count = 0
    for values in _rows(queryset):
        sheet.append(_cells(values))
        count += 1
    book.save(stream)
    return count


def _rows(queryset: QuerySet[Customer]) -> Iterator[dict[str, Any]]:
    area = CustomerAddress.objects.filter(customer=OuterRef("pk")).order_by("-is_primary", "id")
    qs = with_contact(
        queryset.order_by("account_no").annotate(primary_area=Subquery(area.values("area")[:1])),
        extra=_EXTRA,
    )
    yield from qs.iterator(chunk_size=EXPORT_CHUNK)


def _cells(values: dict[str, Any]) -> list[Any]:
    area = values["primary_area"]
    return [
        values["account_no"],
        values["name"],
        CATEGORY_LABELS[Category(values["category"])],
        mask_phone(values["first_phone"] or ""),
        values["primary_address"] or "",
        AREA_LABELS[Area(area)] if area else "",
        values["contract_volume_m3_per_day"],
        values["actual_volume_m3_per_day"],
        values["org_unit__code"],
        values["org_unit__name"],
        mask_id_number(values["id_number"]),
        TIER_LABELS[Tier(values["tier"])],
        values["tier_reason"],
        *["是" if values[name] else "否" for name in FLAG_FIELDS],
    ]
