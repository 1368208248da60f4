"""When the monthly report is due (RPT-1): pure, the caller passes `now` and the pack rules."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from gasdesk.standards.sections.reports import ReportRules

SHANGHAI = ZoneInfo("Asia/Shanghai")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months after `month` (negative goes back)."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def reported_month(rules: ReportRules, now: dt.datetime) -> dt.date | None:
    """The month whose report is due to be generated at `now`, or None before the report day.

    RPT-1: on and after the pack's report day, the previous calendar month is due.
    """
    today = now.astimezone(SHANGHAI).date()
    if today.day < rules.report_day:
        return None
    return add_months(month_start(today), -1)


def due_at(rules: ReportRules, month: dt.date) -> dt.datetime:
    """The instant the report of `month` is due: the report day of the next month at due_hour."""
    day = add_months(month, 1).replace(day=rules.report_day)
    start = dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)
    return start + dt.timedelta(hours=rules.due_hour)
