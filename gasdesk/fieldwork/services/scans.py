"""Acceptance scans (DSP-1/2): move unsigned pool-class orders to the team pool at the end
of their day, and flag assignments past their acceptance deadline. Each is one indexed
query per batch, a conditional UPDATE and bulk history rows (healthchecks' sendalerts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from gasdesk.fieldwork.models import Assignment, FieldEvent

BATCH = 1000


def _sweep(filters: dict[str, Any], flag: str, kind: str, now: datetime) -> int:
    """Steps: 1. pick a batch of matching current unsigned assignments; 2. set `flag` with a
    conditional UPDATE; 3. write one history row each; repeat until none is left."""
    done = 0
    while True:
        with transaction.atomic():
            rows = list(
                Assignment.objects.filter(
                    is_current=True,
                    accepted_at__isnull=True,
                    **{f"{flag}__isnull": True},
                    **filters,
                ).values_list("pk", "order_id", "accept_due_at")[:BATCH]
            )
            if not rows:
                return done
            Assignment.objects.filter(
                pk__in=[pk for pk, _, _ in rows], **{f"{flag}__isnull": True}
            ).update(**{flag: now})
            FieldEvent.objects.bulk_create(
                FieldEvent(
                    order_id=order_id,
                    kind=kind,
                    at=now,
                    by_name="系统",
                    data={"accept_due_at": timezone.localtime(due).isoformat()},
                )
                for _, order_id, due in rows
            )
        done += len(rows)


def move_to_pool(now: datetime) -> int:
    """其他类未签收的进入团队池 (DSP-2): at the end of the assignment's day."""
    return _sweep({"pools_at__lte": now}, "pooled_at", "MOVED_TO_POOL", now)


def flag_overdue_acceptance(now: datetime) -> int:
    """Assignments not signed for by their deadline (the team leader's overdue list)."""
    return _sweep({"accept_due_at__lt": now}, "accept_overdue_at", "ACCEPT_OVERDUE", now)
