"""Demo data of the reports app (RPT-1): last month's monthly service report per company.

Called after every other builder (it reads their orders, complaints and callbacks). Goes
through the same service as the job and the on-demand button, built as each company's
service-management office (its first specialist or manager).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from gasdesk.reports.schedule import add_months, month_start
from gasdesk.reports.selectors import office_reader, report_companies
from gasdesk.reports.services import generate_monthly_report


def build_monthly_reports(now: datetime) -> int:
    """Generate (or regenerate) the previous month's report of every company; returns how many."""
    month = add_months(month_start(timezone.localdate(now)), -1)
    made = 0
    for company in report_companies():
        reader = office_reader(company)
        if reader is None:
            continue
        generate_monthly_report(company, month, reader=reader, by=None, now=now)
        made += 1
    return made
