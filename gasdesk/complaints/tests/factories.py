"""Plain factories for complaints (STYLE 2.6.3)."""

from __future__ import annotations

from typing import Any

from gasdesk.complaints.intake import register_complaint
from gasdesk.complaints.models import Complaint


def complaint_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "channel": "hotline",
        "complainant_name": "王先生",
        "address": "巢湖市东塘路12号3栋201",
        "phone": "13812345678",
        "target_text": "维修人员上门迟到",
        "narrative": "约定上午维修，下午才到，态度较差。",
    }
    return fields | overrides


def make_complaint(*, by: Any, **overrides: Any) -> Complaint:
    return register_complaint(by=by, **complaint_fields(**overrides))


def copies_of(complaint: Complaint, count: int, **overrides: Any) -> list[Complaint]:
    """`count` bulk copies of a registered complaint with their own numbers: enough rows to
    page through without running the services 50 times."""
    fields = [f for f in Complaint._meta.concrete_fields if not f.primary_key]
    rows = []
    for i in range(count):
        row = Complaint(**{f.attname: getattr(complaint, f.attname) for f in fields})
        row.number = f"{complaint.number[:18]}C{i:04d}"
        for name, value in overrides.items():
            setattr(row, name, value)
        rows.append(row)
    return Complaint.objects.bulk_create(rows)
