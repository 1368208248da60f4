"""Periodic jobs of the regulations (APPT-8, TLC-1, MGR-4); each calls services or a bulk path
on an indexed column, never a per-row scan of a big table."""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.core.scheduling import job
from gasdesk.org.models import OrgUnit, OrgUnitKind
from gasdesk.regulations.models import (
    Appointment,
    AppointmentEvent,
    AppointmentKind,
    AppointmentStatus,
    PromisedMatter,
    PromiseEvent,
    PromiseStatus,
)
from gasdesk.regulations.services.care import plan_care_visits

BATCH = 1000
log = logging.getLogger(__name__)


def _forfeit_batch(now: datetime) -> int:
    """One batch of APPT-8 no-shows: lock, flip with the status condition, one event each."""
    with transaction.atomic():
        ids = list(
            Appointment.objects.select_for_update(skip_locked=True)
            .filter(
                status=AppointmentStatus.AGREED,
                kind=AppointmentKind.COUNTER,
                applicant_arrived_at__isnull=True,
                forfeit_after_at__lt=now,
            )
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return 0
        Appointment.objects.filter(pk__in=ids, status=AppointmentStatus.AGREED).update(
            status=AppointmentStatus.FORFEITED, updated_at=now
        )
        AppointmentEvent.objects.bulk_create(
            AppointmentEvent(
                appointment_id=pk,
                kind="FORFEITED",
                at=now,
                by_name="系统",
                from_status=AppointmentStatus.AGREED,
                to_status=AppointmentStatus.FORFEITED,
            )
            for pk in ids
        )
    return len(ids)


@job("regulations.forfeit_no_shows", every_seconds=60)
def forfeit_no_shows(now: datetime | None = None) -> int:
    """APPT-8: counter applicants more than the pack's minutes late have given up the slot."""
    now = now or timezone.now()
    total = 0
    while flipped := _forfeit_batch(now):
        total += flipped
    return total


def _escalate_batch(now: datetime) -> int:
    with transaction.atomic():
        rows = list(
            PromisedMatter.objects.select_for_update(skip_locked=True)
            .filter(status=PromiseStatus.OPEN, escalated_at__isnull=True, due_at__lt=now)
            .values_list("pk", "overdue_reason")[:BATCH]
        )
        if not rows:
            return 0
        ids = [pk for pk, _ in rows]
        PromisedMatter.objects.filter(pk__in=ids).update(escalated_at=now, updated_at=now)
        PromiseEvent.objects.bulk_create(
            PromiseEvent(matter_id=pk, kind="ESCALATED", at=now, by_name="系统", reason=reason)
            for pk, reason in rows
        )
    return len(rows)


@job("regulations.escalate_overdue_matters", every_seconds=300)
def escalate_overdue_matters(now: datetime | None = None) -> int:
    """TLC-1: an open matter past its deadline is marked and reported to the leader, once."""
    now = now or timezone.now()
    total = 0
    while escalated := _escalate_batch(now):
        total += escalated
    return total


@job("regulations.plan_care_visits", every_seconds=3600)
def plan_all_care_visits(now: datetime | None = None) -> int:
    """MGR-4: plan the next visit of every managed tiered customer, company by company."""
    today = timezone.localtime(now or timezone.now()).date()
    companies = OrgUnit.objects.filter(kind=OrgUnitKind.COMPANY).exclude(standard_company="")
    return sum(_plan_company(company, today) for company in companies)


def _plan_company(company: OrgUnit, today: date) -> int:
    """A company without a pack (or its regulations section) is skipped, not fatal to the rest."""
    try:
        return plan_care_visits(company, today=today)
    except RuleViolation:
        log.warning("care visits not planned for %s: no regulations in its pack", company)
        return 0
