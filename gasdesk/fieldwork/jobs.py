"""Periodic jobs of field work (DSP-2, EMG-3): acceptance scans and emergency escalation."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from gasdesk.core.scheduling import job
from gasdesk.fieldwork.services.adoption import adopt_dispatched
from gasdesk.fieldwork.services.emergencies import escalate_emergencies, resolve_finished
from gasdesk.fieldwork.services.scans import flag_overdue_acceptance, move_to_pool


@job("fieldwork.acceptance_scan", every_seconds=60)
def scan_acceptance(now: datetime | None = None) -> int:
    """Adopt orders dispatched on the workorders pages, move unsigned orders to the team
    pool, then flag the ones past their deadline (adopted ones included, same run)."""
    now = now or timezone.now()
    return adopt_dispatched(now) + move_to_pool(now) + flag_overdue_acceptance(now)


@job("fieldwork.emergency_scan", every_seconds=30)
def scan_emergencies(now: datetime | None = None) -> int:
    """Close finished alarms, then escalate the ones with nobody on site near the deadline."""
    now = now or timezone.now()
    resolve_finished(now)
    return escalate_emergencies(now)
