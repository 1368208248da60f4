"""gunicorn settings for `make run` and production; jobs start in each worker (leased).

Garbage collector (bench finding Q5): the queue API's p95/p99 tail was the cyclic collector
walking Django's and DRF's long-lived objects (p95 182 → 96 ms with gc off). Each worker,
once the app is loaded, moves everything allocated so far to the permanent generation
(`gc.freeze`), so collections only look at request garbage, and collects generation 0
after GASDESK_GC_GEN0 allocations instead of 700. Cycles are still collected; memory per
worker is measured by bench/rss.py.
"""

import gc
import os

bind = os.environ.get("GASDESK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GASDESK_WORKERS", "2"))
threads = int(os.environ.get("GASDESK_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"
accesslog = os.environ.get("GASDESK_ACCESS_LOG") or None
max_requests = 20000
max_requests_jitter = 2000
GC_THRESHOLDS = (int(os.environ.get("GASDESK_GC_GEN0", "50000")), 20, 100)


def post_worker_init(worker: object) -> None:
    from django.conf import settings

    if settings.JOBS_IN_PROCESS:
        from gasdesk.core.scheduling import InProcessRunner

        InProcessRunner().start()
    from django.urls import get_resolver

    get_resolver().check()  # import every view now, so it is frozen with the rest
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
