"""Planned mass operations: outages, inspection plans, connection, meter campaigns.

SPEC: OUT, INSP, CONN, METER.
"""

from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "gasdesk.campaigns"
    label = "campaigns"
    verbose_name = "计划作业"
