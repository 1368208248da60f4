"""Periodic jobs of the campaigns: restoration overdue flags (OUT-1) and inspection notices
sent `notice_days` ahead (INSP-3)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from gasdesk.campaigns.models import Outage, OutageEvent
from gasdesk.campaigns.services.inspections import send_inspection_notices
from gasdesk.campaigns.services.outages import overdue_filter
from gasdesk.core.scheduling import job


@job("campaigns.outage_overdue", every_seconds=300)
def flag_overdue_restorations(now: datetime | None = None) -> int:
    """Flag published outages past their restoration deadline once each (out_restore_due_idx)."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(Outage.objects.filter(overdue_filter(now)).values_list("pk", flat=True)[:1000])
        Outage.objects.filter(pk__in=ids, restore_overdue_at__isnull=True).update(
            restore_overdue_at=now
        )
        OutageEvent.objects.bulk_create(
            OutageEvent(outage_id=pk, kind="RESTORE_OVERDUE", at=now, by_name="系统") for pk in ids
        )
    return len(ids)


@job("campaigns.inspection_notices", every_seconds=3600)
def queue_inspection_notices(now: datetime | None = None) -> int:
    return send_inspection_notices(now=now)
