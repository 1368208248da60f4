"""Celery application for the scale-out mode: the same registered jobs, run by workers + beat.

Start with `celery -A gasdesk.celery_app worker -B` when CELERY_BROKER_URL is set.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gasdesk.settings")

app = Celery("gasdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task(name="gasdesk.run_job")
def run_job_task(name: str) -> bool:
    from gasdesk.core.scheduling import run_job

    return run_job(name)


@app.on_after_finalize.connect
def _schedule_registered_jobs(sender: Celery, **kwargs: object) -> None:
    """Beat offers each registered job at its interval; the lease still makes it run once."""
    import django

    django.setup()
    from gasdesk.core.scheduling import REGISTRY

    for spec in REGISTRY.values():
        sender.add_periodic_task(spec.every_seconds, run_job_task.s(spec.name), name=spec.name)
