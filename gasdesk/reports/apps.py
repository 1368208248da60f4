"""Reports: the monthly service report, the management dashboard, the hotline wallboard (RPT)."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gasdesk.reports"
    label = "reports"
    verbose_name = "报表"
