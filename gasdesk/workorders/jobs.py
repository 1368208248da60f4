"""Periodic jobs of the work-order desk: the breach scan (WO-6)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from gasdesk.core.scheduling import job
from gasdesk.workorders.models import CLOCK_MET_BY, RUNNING_STATUSES, WorkOrder, WorkOrderEvent

BATCH = 1000


def _scan_clock(clock: str, now: datetime) -> int:
    """Flag orders whose `clock` deadline passed unmet: one indexed query per batch.

    Steps: 1. pick up to BATCH unflagged running orders past the deadline; 2. flag them with
    a conditional UPDATE (a concurrent scan flags each once); 3. write one BREACHED event each.
    """
    due, met, flag = f"{clock}_due_at", CLOCK_MET_BY[clock], f"{clock}_breached_at"
    flagged = 0
    while True:
        with transaction.atomic():
            rows = list(
                WorkOrder.objects.filter(
                    status__in=RUNNING_STATUSES,
                    **{f"{due}__lt": now, f"{met}__isnull": True, f"{flag}__isnull": True},
                ).values_list("pk", due)[:BATCH]
            )
            if not rows:
                return flagged
            ids = [pk for pk, _ in rows]
            WorkOrder.objects.filter(pk__in=ids, **{f"{flag}__isnull": True}).update(**{flag: now})
            WorkOrderEvent.objects.bulk_create(
                WorkOrderEvent(
                    order_id=pk,
                    kind="BREACHED",
                    at=now,
                    by_name="系统",
                    data={"clock": clock, "due_at": timezone.localtime(due_at).isoformat()},
                )
                for pk, due_at in rows
            )
        flagged += len(rows)


@job("workorders.breach_scan", every_seconds=60)
def scan_breaches(now: datetime | None = None) -> int:
    """Mark every order that has passed a response, arrival or completion deadline."""
    now = now or timezone.now()
    return sum(_scan_clock(clock, now) for clock in CLOCK_MET_BY)
