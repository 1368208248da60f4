"""Callbacks: sampling, tasks, attempts, results, follow-up forms (CB)."""

from django.apps import AppConfig


class CallbacksConfig(AppConfig):
    name = "gasdesk.callbacks"
    label = "callbacks"
    verbose_name = "回访"
