"""Care reminders of a customer manager (MGR-4): birthdays and festivals, from today's calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from gasdesk.business_calendar.selectors import workday_calendar
from gasdesk.regulations.selectors import CareReminder, birthday_reminders, festival_reminders
from gasdesk.standards.sections.regulations import ManagerRules

if TYPE_CHECKING:
    from gasdesk.org.models import User


def reminders_for(manager: User, rules: ManagerRules) -> list[CareReminder]:
    """Today's reminders, soonest first (shared by the portfolio page and the API)."""
    today = timezone.localdate()
    rows = birthday_reminders(manager, today, rules)
    rows += festival_reminders(manager, today, rules, workday_calendar())
    return sorted(rows, key=lambda r: (r.on, r.customer_name))
