"""Periodic job of the complaint desk: mark late steps and raise alerts (CMP-4, CMP-9…CMP-16).

An alert is a LATE event on the complaint (shown on the specialist's desk) plus the clock's
`*_late_at` column (the desk highlights the row).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from gasdesk.complaints.models import (
    CLOCK_LABELS,
    CLOCK_MET_BY,
    Complaint,
    ComplaintEvent,
    clock_pending_q,
)
from gasdesk.core.scheduling import job

BATCH = 1000


def _scan_clock(clock: str, now: datetime) -> int:
    """Steps: 1. pick up to BATCH rows past the unmet, unflagged deadline (partial index
    cmp_<clock>_late_idx); 2. flag them with a conditional UPDATE, so a concurrent scan flags
    each once; 3. write one LATE event per flagged row."""
    due = f"{clock}_due_at"
    flagged = 0
    while True:
        with transaction.atomic():
            pending = Complaint.objects.filter(clock_pending_q(clock), **{f"{due}__lt": now})
            rows = list(pending.values_list("pk", due)[:BATCH])
            if not rows:
                return flagged
            Complaint.objects.filter(clock_pending_q(clock), pk__in=[pk for pk, _ in rows]).update(
                **{f"{clock}_late_at": now}
            )
            ComplaintEvent.objects.bulk_create(
                ComplaintEvent(
                    complaint_id=pk,
                    kind="LATE",
                    at=now,
                    by_name="系统",
                    reason=f"{CLOCK_LABELS[clock]}超时",
                    data={"clock": clock, "due_at": timezone.localtime(due_at).isoformat()},
                )
                for pk, due_at in rows
            )
        flagged += len(rows)


@job("complaints.late_scan", every_seconds=60)
def scan_late_steps(now: datetime | None = None) -> int:
    """Flag every open complaint that passed a route, response, closure, solution or callback
    deadline; returns how many steps were flagged."""
    now = now or timezone.now()
    return sum(_scan_clock(clock, now) for clock in CLOCK_MET_BY)
