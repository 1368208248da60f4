"""Periodic-job registry and runners.

Jobs are plain functions registered once with `@job(...)` in `<app>/jobs.py`. Two runners call
the same `run_job`: the in-process thread (embedded default, started by gunicorn's worker hook or
`gasdesk runjobs`) and Celery beat + workers when CELERY_BROKER_URL is set. A database lease
makes a job run once per interval however many processes try.
"""

import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from gasdesk.core.models import JobLease

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], object]
    every_seconds: int


REGISTRY: dict[str, Job] = {}


JobFunc = TypeVar("JobFunc", bound=Callable[..., object])


def job(name: str, *, every_seconds: int) -> Callable[[JobFunc], JobFunc]:
    """Register `func` as the periodic job `name` (called with no arguments)."""

    def register(func: JobFunc) -> JobFunc:
        REGISTRY[name] = Job(name=name, func=func, every_seconds=every_seconds)
        return func

    return register


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def acquire_lease(name: str, seconds: int) -> bool:
    """Take the job's lease if it has expired; exactly one concurrent caller gets True."""
    now = timezone.now()
    try:
        with transaction.atomic():
            JobLease.objects.get_or_create(
                name=name, defaults={"lease_until": now - timedelta(seconds=1)}
            )
    except IntegrityError:
        pass  # another process created it at the same moment; the UPDATE below decides
    taken = JobLease.objects.filter(name=name, lease_until__lte=now).update(
        holder=_holder(), lease_until=now + timedelta(seconds=seconds), last_started_at=now
    )
    return taken == 1


def run_job(name: str, *, force: bool = False) -> bool:
    """Run a registered job if its lease is free (or `force`); return whether it ran."""
    spec = REGISTRY[name]
    if not acquire_lease(name, spec.every_seconds) and not force:
        return False
    error = ""
    try:
        spec.func()
    except Exception:
        error = traceback.format_exc()
        log.exception("job %s failed", name)
    JobLease.objects.filter(name=name).update(last_finished_at=timezone.now(), last_error=error)
    return True


class InProcessRunner(threading.Thread):
    """Daemon thread that offers every registered job to `run_job` every `tick` seconds."""

    def __init__(self, tick: float = 30.0) -> None:
        super().__init__(name="gasdesk-jobs", daemon=True)
        self.tick = tick
        self.stopped = threading.Event()

    def run(self) -> None:
        from django.db import close_old_connections

        while not self.stopped.wait(self.tick):
            for name in list(REGISTRY):
                close_old_connections()
                try:
                    run_job(name)
                except Exception:
                    log.exception("job runner failed on %s", name)

    def stop(self) -> None:
        self.stopped.set()
