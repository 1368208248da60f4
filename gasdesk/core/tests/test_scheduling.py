"""Periodic jobs: registered once, run once per interval however many processes try."""

import os
import threading

import pytest
from django.db import connection

from gasdesk.core.models import JobLease
from gasdesk.core.scheduling import REGISTRY, acquire_lease, job, run_job

CALLS: list[str] = []


@job("tests.count", every_seconds=300)
def _count() -> None:
    CALLS.append("ran")


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()
    yield
    CALLS.clear()


def test_breach_scan_is_registered():
    assert "workorders.breach_scan" in REGISTRY
    assert REGISTRY["workorders.breach_scan"].every_seconds > 0


@pytest.mark.django_db
def test_job_runs_once_per_lease():
    assert run_job("tests.count") is True
    assert run_job("tests.count") is False  # lease held for its interval
    assert CALLS == ["ran"]
    lease = JobLease.objects.get(name="tests.count")
    assert lease.last_finished_at is not None
    assert lease.last_error == ""


@pytest.mark.django_db
def test_forced_run_ignores_the_lease():
    run_job("tests.count")
    assert run_job("tests.count", force=True) is True
    assert CALLS == ["ran", "ran"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_processes_get_one_lease():
    """Two runners racing for the same expired lease: exactly one wins."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in-memory test database is per-connection")
    results: list[bool] = []
    barrier = threading.Barrier(4)

    def contend() -> None:
        from django.db import connection as thread_connection

        barrier.wait()
        results.append(acquire_lease("tests.race", 300))
        thread_connection.close()

    threads = [threading.Thread(target=contend) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, False, False, True]


@pytest.mark.django_db(transaction=True)
def test_job_runs_through_a_real_celery_worker():
    """Scale-out mode: the same registered job, sent through Redis to a Celery worker."""
    if not os.environ.get("GASDESK_TEST_CELERY"):
        pytest.skip("set GASDESK_TEST_CELERY=1 with Redis on 127.0.0.1:6379 (CI does)")
    if connection.vendor == "sqlite":
        pytest.skip("the worker thread needs a shared database")
    from celery.contrib.testing.worker import start_worker

    from gasdesk.celery_app import app, run_job_task

    app.conf.update(
        broker_url="redis://127.0.0.1:6379/15", result_backend="redis://127.0.0.1:6379/15"
    )
    with start_worker(app, perform_ping_check=False, pool="solo"):
        assert run_job_task.delay("tests.count").get(timeout=30) is True
    assert CALLS == ["ran"]


def test_celery_beat_offers_every_registered_job():
    """Scale-out mode: beat's schedule is built from the same registry, nothing listed twice."""
    from gasdesk.celery_app import app

    app.finalize()
    schedule = app.conf.beat_schedule
    assert schedule["workorders.breach_scan"]["task"] == "gasdesk.run_job"
    assert schedule["workorders.breach_scan"]["args"] == ("workorders.breach_scan",)
    assert schedule["workorders.breach_scan"]["schedule"] == 60
