"""Service regulations: appointments, one-time notification, time limits, managers.

SPEC: APPT, NOTIFY, TLC, HELP, MGR.
"""

from django.apps import AppConfig


class RegulationsConfig(AppConfig):
    name = "gasdesk.regulations"
    label = "regulations"
    verbose_name = "服务规范"
