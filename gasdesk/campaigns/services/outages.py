"""Outage services (OUT-1/2, SMS-1): draft, publish with the notice-period check, restore.

Publishing materialises the affected customers into OutageCustomer with one INSERT … SELECT
and queues one notice per customer through notices.enqueue_bulk, in the same transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Q, QuerySet, Value
from django.utils import timezone

from gasdesk.campaigns.models import (
    Outage,
    OutageCustomer,
    OutageEvent,
    OutageKind,
    OutageStatus,
    SelectionKind,
)
from gasdesk.campaigns.rules import outage_notice_problem, restore_due_at
from gasdesk.campaigns.services.common import check_planner, outage_rules, pack_at
from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.customers.models import Customer, CustomerAddress, normalise_account_no
from gasdesk.notices.rendering import display_time
from gasdesk.notices.services import Notice, enqueue_bulk
from gasdesk.notices.sql import insert_select
from gasdesk.org.models import OrgUnit

if TYPE_CHECKING:
    from gasdesk.org.models import User


@dataclass
class OutageInput:
    org_unit: OrgUnit
    title: str
    kind: str
    reason: str
    area_text: str
    selection_kind: str
    selection_value: str
    starts_at: datetime
    planned_restore_at: datetime


def create_outage(data: OutageInput, *, by: User, now: datetime | None = None) -> Outage:
    """A draft outage; the restoration deadline is fixed now from the pack (OUT-1)."""
    now = now or timezone.now()
    check_planner(by, data.org_unit)
    loaded = pack_at(data.org_unit, now)
    rules = outage_rules(loaded)
    _validate(data)
    with transaction.atomic():
        outage = Outage.objects.create(
            **vars(data),
            pack=loaded.record,
            created_by=by,
            created_at=now,
            restore_due_at=restore_due_at(data.starts_at, rules),
        )
        _log(outage, "CREATED", by, now, data={"restore_due_at": outage.restore_due_at.isoformat()})
    return outage


def _validate(data: OutageInput) -> None:
    if data.kind not in OutageKind.values:
        raise RuleViolation("kind", "停气类型不正确")
    if data.selection_kind not in SelectionKind.values or not data.selection_value.strip():
        raise RuleViolation("selection_value", "请选择停气影响的片区、地址或户号")
    if data.planned_restore_at <= data.starts_at:
        raise RuleViolation("planned_restore_at", "计划恢复时间必须晚于停气时间")


def affected_customers(outage: Outage) -> QuerySet[Customer]:
    """The customers the stored selection names, inside the outage unit's subtree."""
    base = Customer.objects.filter(
        org_unit__in=OrgUnit.objects.subtree(outage.org_unit).values("id"), is_active=True
    )
    value = outage.selection_value.strip()
    if outage.selection_kind == SelectionKind.UNIT:
        unit = OrgUnit.objects.filter(pk=int(value) if value.isdigit() else 0).first()
        if unit is None:
            raise RuleViolation("selection_value", "片区不存在")
        return base.filter(org_unit__in=OrgUnit.objects.subtree(unit).values("id"))
    if outage.selection_kind == SelectionKind.ADDRESS:
        matches = CustomerAddress.objects.filter(text__contains=value).values("customer_id")
        return base.filter(pk__in=matches)
    accounts = [normalise_account_no(a) for a in re.split(r"[\s,，;；]+", value) if a]
    return base.filter(account_no__in=accounts)


def publish_outage(outage: Outage, *, by: User, now: datetime | None = None) -> Outage:
    """Publish and notify (OUT-1): refused when a planned stop is less than the pack's
    notice period away; emergencies are excepted. Steps: 1. check; 2. DRAFT → PUBLISHED by
    conditional UPDATE; 3. materialise the affected set; 4. queue the notices; 5. event."""
    now = now or timezone.now()
    check_planner(by, outage.org_unit)
    rules = outage_rules(pack_at(outage.org_unit, now))
    is_emergency = outage.kind == OutageKind.EMERGENCY
    problem = outage_notice_problem(outage.starts_at, now, rules, is_emergency=is_emergency)
    if problem:
        raise RuleViolation("starts_at", problem)
    with transaction.atomic():
        _move(outage, OutageStatus.DRAFT, OutageStatus.PUBLISHED, published_at=now)
        count = insert_select(
            OutageCustomer,
            affected_customers(outage),
            {"outage_id": Value(outage.pk), "customer_id": F("pk")},
        )
        Outage.objects.filter(pk=outage.pk).update(affected_count=count)
        template = "outage_emergency" if is_emergency else "outage_planned"
        queued = _notify(outage, template, by, now)
        _log(outage, "PUBLISHED", by, now, data={"affected": count, "notices": queued})
    outage.refresh_from_db()
    return outage


def restore_outage(outage: Outage, *, by: User, now: datetime | None = None) -> Outage:
    """Supply is back: record the time (late if after restore_due_at) and tell the customers."""
    now = now or timezone.now()
    check_planner(by, outage.org_unit)
    with transaction.atomic():
        _move(outage, OutageStatus.PUBLISHED, OutageStatus.RESTORED, restored_at=now)
        queued = _notify(outage, "outage_restored", by, now)
        late = now > outage.restore_due_at
        _log(outage, "RESTORED", by, now, data={"late": late, "notices": queued})
    outage.refresh_from_db()
    return outage


def _move(outage: Outage, old: str, new: str, **changes: Any) -> None:
    updated = Outage.objects.filter(pk=outage.pk, status=old).update(status=new, **changes)
    if updated == 0:
        raise ConcurrentChange(f"停气当前状态为“{outage.get_status_display()}”，不能执行此操作")


def _notify(outage: Outage, template: str, by: User, now: datetime) -> int:
    context = {
        "title": outage.title,
        "reason": outage.reason,
        "address": outage.area_text,
        "start_at": display_time(outage.starts_at),
        "end_at": display_time(
            outage.restored_at or now
            if template == "outage_restored"
            else outage.planned_restore_at
        ),
    }
    ids = OutageCustomer.objects.filter(outage=outage).values("customer_id")
    notice = Notice(template, context, source=f"outage:{outage.pk}")
    return enqueue_bulk(notice, ids, org_unit=outage.org_unit, by=by, now=now)


def _log(outage: Outage, kind: str, by: User | None, now: datetime, **extra: Any) -> None:
    OutageEvent.objects.create(outage=outage, kind=kind, by=by, at=now, **extra)


def overdue_filter(now: datetime) -> Q:
    """Published outages past their restoration deadline (out_restore_due_idx)."""
    return Q(status=OutageStatus.PUBLISHED, restore_due_at__lt=now, restore_overdue_at__isnull=True)
