"""Complaints: first responder, five levels, clocks, appeals, deductions, hot spots (CMP)."""

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "gasdesk.complaints"
    label = "complaints"
    verbose_name = "投诉"
