"""Periodic job of the reports app (RPT-1): the monthly service report on the pack's report day.

Runs hourly; on and after the report day it generates last month's snapshot for each company
that has none yet (the unique constraint makes it once per company and month). The figures are
built as the company's service-management office sees them: its first active specialist (or
manager); a company without one is skipped and logged.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.core.scheduling import job
from gasdesk.reports.schedule import reported_month
from gasdesk.reports.selectors import office_reader, report_companies, report_exists
from gasdesk.reports.services import generate_monthly_report, report_rules

log = logging.getLogger(__name__)


def _generate_due(company_id: int, now: dt.datetime) -> bool:
    company = report_companies().get(pk=company_id)
    try:
        month = reported_month(report_rules(company, now), now)
    except RuleViolation:
        return False
    if month is None or report_exists(company, month):
        return False
    reader = office_reader(company)
    if reader is None:
        log.warning("monthly report of %s skipped: no specialist or manager", company)
        return False
    generate_monthly_report(company, month, reader=reader, by=None, now=now, overwrite=False)
    return True


@job("reports.monthly_report", every_seconds=3600)
def generate_due_reports(now: dt.datetime | None = None) -> int:
    """RPT-1: generate every company's report that is due and missing; returns how many."""
    now = now or timezone.now()
    ids = list(report_companies().values_list("pk", flat=True))
    return sum(_generate_due(pk, now) for pk in ids)
