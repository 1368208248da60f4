"""Shared kernel: base models, errors, job registry, API plumbing, base templates."""

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "gasdesk.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        # Each app registers its periodic jobs in <app>/jobs.py (core.scheduling.job).
        autodiscover_modules("jobs")
