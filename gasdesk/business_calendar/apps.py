"""Business calendar: period arithmetic in minutes, hours, 自然日 and 工作日 (CAL-*)."""

from django.apps import AppConfig


class BusinessCalendarConfig(AppConfig):
    name = "gasdesk.business_calendar"
    label = "business_calendar"
    verbose_name = "工作日历"
