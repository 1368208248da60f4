"""Periodic jobs of callbacks: daily task creation (CB-2…5), the late follow-up scan (CB-11)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from gasdesk.business_calendar.periods import to_shanghai
from gasdesk.callbacks.generation import create_day_batch
from gasdesk.callbacks.models import CallbackEvent, FollowUpForm, FollowUpStatus
from gasdesk.core.scheduling import job
from gasdesk.org.models import OrgUnit, OrgUnitKind

SCAN_BATCH = 1000
CATCH_UP_DAYS = 7  # platform choice: a week-long runner outage still gets its callbacks


@job("callbacks.daily", every_seconds=900)
def create_daily_callbacks(now: datetime | None = None) -> int:
    """Create the callback tasks of the last service days for every company with a pack.

    Runs every 15 minutes, but each (company, day) is created once (CallbackBatch is unique);
    looking back CATCH_UP_DAYS days lets a runner outage heal itself. Returns tasks created.
    """
    now = now or timezone.now()
    yesterday = to_shanghai(now).date() - timedelta(days=1)
    companies = OrgUnit.objects.filter(kind=OrgUnitKind.COMPANY).exclude(standard_company="")
    created = 0
    for company in companies:
        for back in range(CATCH_UP_DAYS - 1, -1, -1):
            batch = create_day_batch(company, yesterday - timedelta(days=back), now=now)
            if batch is not None:
                created += sum(group["chosen"] for group in batch.counts.values())
    return created


@job("callbacks.late_follow_ups", every_seconds=300)
def flag_late_follow_ups(now: datetime | None = None) -> int:
    """Flag open follow-up forms past their due time (cb_form_late_scan_idx), once each."""
    now = now or timezone.now()
    flagged = 0
    while True:
        with transaction.atomic():
            rows = list(
                FollowUpForm.objects.filter(
                    status=FollowUpStatus.OPEN, late_at__isnull=True, due_at__lt=now
                ).values_list("pk", "task_id")[:SCAN_BATCH]
            )
            if not rows:
                return flagged
            FollowUpForm.objects.filter(pk__in=[pk for pk, _ in rows], late_at__isnull=True).update(
                late_at=now
            )
            CallbackEvent.objects.bulk_create(
                CallbackEvent(task_id=task_id, kind="FOLLOW_UP_LATE", at=now, by_name="系统")
                for _, task_id in rows
            )
        flagged += len(rows)
