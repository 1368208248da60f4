"""Periodic job of the notice layer: drain the queue in batches, retrying failed sends (SMS-1)."""

from __future__ import annotations

import time
from datetime import datetime

from django.utils import timezone

from gasdesk.core.scheduling import job
from gasdesk.notices.services import DeliveryStats, deliver_due

BATCH = 500
BUDGET_SECONDS = 25.0  # stay inside the 30-second interval of the job


@job("notices.drain_queue", every_seconds=30)
def drain_queue(now: datetime | None = None, budget_seconds: float = BUDGET_SECONDS) -> int:
    """Deliver due messages batch after batch until none is due or the time budget is spent."""
    started = time.monotonic()
    total = DeliveryStats()
    while time.monotonic() - started < budget_seconds:
        stats = deliver_due(now=now or timezone.now(), batch=BATCH)
        total.sent, total.failed, total.dead = (
            total.sent + stats.sent,
            total.failed + stats.failed,
            total.dead + stats.dead,
        )
        if stats.total < BATCH:
            break
    return total.total
