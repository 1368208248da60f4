"""Which pack is in force: the contract every other app uses to find its company's rules (STD-1).

Rows never change (models.StandardPack), so the parsed Pack is cached in-process per row.
Which row is in force for a (company, day) is cached too, for IN_FORCE_TTL_S (one query less
per order created, bench finding C1): a pack saved or deleted in this process clears it at
once; a pack loaded by another process is seen within the TTL. Only rows read outside a
transaction are cached, since a transaction may still roll back what it read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit
from gasdesk.standards.models import StandardPack
from gasdesk.standards.schema import Pack

SHANGHAI = ZoneInfo("Asia/Shanghai")

# (pk, source hash) -> parsed pack. The hash is part of the key because test databases roll
# back and may hand the same pk to a different pack; in production a pk is never reused.
_PARSED: dict[tuple[int, str], Pack] = {}
IN_FORCE_TTL_S = 60.0  # how late another process's newly loaded pack may be seen here
_IN_FORCE: dict[tuple[str, date], tuple[float, StandardPack]] = {}


def _packs_changed(**kwargs: Any) -> None:
    _IN_FORCE.clear()


post_save.connect(_packs_changed, sender=StandardPack, dispatch_uid="standards_pack_saved")
post_delete.connect(_packs_changed, sender=StandardPack, dispatch_uid="standards_pack_deleted")


@dataclass(frozen=True)
class LoadedPack:
    """A stored pack row with its validated document."""

    record: StandardPack
    pack: Pack


def pack_in_force(company: str, at: datetime) -> LoadedPack:
    """The version with the greatest effective_from on or before `at`'s Shanghai date.

    One query on the (company, effective_from) index; a later load of the same date wins.
    """
    day = timezone.localtime(at, SHANGHAI).date()
    cached = _IN_FORCE.get((company, day))
    if cached is not None and cached[0] > time.monotonic():
        return _loaded(cached[1])
    record = (
        StandardPack.objects.filter(company=company, effective_from__lte=day)
        .defer("document")  # fetched once per process by _loaded, when first parsed
        .order_by("-effective_from", "-id")
        .first()
    )
    if record is None:
        raise RuleViolation("pack", f"公司 {company} 在 {day:%Y-%m-%d} 没有生效的服务标准")
    if not transaction.get_connection().in_atomic_block:
        _IN_FORCE[(company, day)] = (time.monotonic() + IN_FORCE_TTL_S, record)
    return _loaded(record)


def pack_for_unit(unit: OrgUnit, at: datetime) -> LoadedPack:
    """The pack in force for the company the unit belongs to (OrgUnit.company.standard_company)."""
    company = unit.company
    code = company.standard_company if company is not None else ""
    if not code:
        raise RuleViolation("pack", f"单位 {unit} 所属公司没有配置服务标准包")
    return pack_in_force(code, at)


def loaded_pack(record_id: int) -> LoadedPack:
    """The pack row an order points at, with its parsed document (parsing is cached)."""
    try:
        record = StandardPack.objects.defer("document").get(pk=record_id)
    except StandardPack.DoesNotExist:
        raise RuleViolation("pack", f"服务标准包 {record_id} 不存在") from None
    return _loaded(record)


def _loaded(record: StandardPack) -> LoadedPack:
    key = (record.pk, record.source_sha256)
    pack = _PARSED.get(key)
    if pack is None:
        pack = Pack.model_validate(record.document)
        _PARSED[key] = pack
    return LoadedPack(record=record, pack=pack)


def clear_cache() -> None:
    """Forget parsed packs and packs in force (tests that rebuild the database)."""
    _PARSED.clear()
    _IN_FORCE.clear()
