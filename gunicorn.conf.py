"""gunicorn settings for `make run` and production; jobs start in each worker (leased)."""

import os

bind = os.environ.get("GASDESK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GASDESK_WORKERS", "2"))
threads = int(os.environ.get("GASDESK_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"
accesslog = os.environ.get("GASDESK_ACCESS_LOG") or None
max_requests = 20000
max_requests_jitter = 2000


def post_worker_init(worker: object) -> None:
    from django.conf import settings

    if settings.JOBS_IN_PROCESS:
        from gasdesk.core.scheduling import InProcessRunner

        InProcessRunner().start()
