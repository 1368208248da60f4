"""Shared pieces of the field services: the pack's field rules and the history writer."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.files.base import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.fieldwork.models import FieldEvent
from gasdesk.standards.lookup import loaded_pack
from gasdesk.standards.schema import Pack
from gasdesk.standards.sections.fieldwork import FieldworkRules

if TYPE_CHECKING:
    from gasdesk.org.models import User
    from gasdesk.workorders.models import WorkOrder


def order_pack(order: WorkOrder) -> Pack:
    """The pack the order was opened under (its field rules travel with it, like deadlines)."""
    return loaded_pack(order.pack_id).pack


def field_rules(pack: Pack) -> FieldworkRules:
    if pack.fieldwork is None:
        raise RuleViolation("pack", f"服务标准 {pack.company}/{pack.version} 未配置现场作业规则")
    return pack.fieldwork


def iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()


def log_event(
    order: WorkOrder,
    kind: str,
    *,
    by: User | None,
    at: datetime,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> FieldEvent:
    """Append one row of the order's field history (only services call this)."""
    return FieldEvent.objects.create(
        order=order,
        by=by,
        by_name="" if by else "系统",
        kind=kind,
        at=at,
        reason=reason,
        data=data or {},
    )


def save_file_on_commit(field_file: FieldFile, name: str, content: File[Any]) -> None:
    """Name the file on the row now and write its bytes only when the transaction commits,
    so a rolled-back write leaves no orphan file in storage (photos, signatures).

    Names are random (uuid4), so the storage keeps the name given; it is checked anyway.
    """
    path = field_file.field.generate_filename(field_file.instance, name)
    field_file.name = path
    storage = field_file.storage

    def write() -> None:
        stored = storage.save(path, content)
        if stored != path:
            raise RuntimeError(f"storage renamed {path} to {stored}")

    transaction.on_commit(write)
