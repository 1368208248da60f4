"""gunicorn settings for `make run` and production; jobs start in each worker (leased).

Garbage collector (bench finding Q5): the queue API's p95/p99 tail was the cyclic collector
walking Django's and DRF's long-lived objects (p95 182 → 96 ms with gc off). Each worker,
once the app is loaded, moves everything allocated so far to the permanent generation
(`gc.freeze`), so collections only look at request garbage, and collects generation 0
after GASDESK_GC_GEN0 allocations instead of 700. Cycles are still collected; memory per
worker is measured by bench/rss.py.

Memory (fourth session): a list page's rows are held by DRF's serializer and the filter form,
which sit in reference cycles, so they live until a full collection; at 100 (the default
third threshold) that came every few hundred requests and a worker grew to ~160 MiB. Full
collections after 2 middle ones (GASDESK_GC_GEN2) free them within a few requests, and every
GASDESK_TRIM_EVERY requests glibc's malloc_trim hands freed heap pages back (~1 ms).
"""

import ctypes
import ctypes.util
import gc
import itertools
import os
from typing import Any

bind = os.environ.get("GASDESK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GASDESK_WORKERS", "2"))
threads = int(os.environ.get("GASDESK_THREADS", "1"))
# Sync by default. gthread keeps a client's connection open between requests (~2 ms less CPU
# per request on the bench machine) but pins each connection to one worker: at 4 clients the
# queue API fell from 58 to 27 req/s (bench finding K1, bench/README.md, eighth session).
worker_class = os.environ.get("GASDESK_WORKER_CLASS") or ("sync" if threads == 1 else "gthread")
accesslog = os.environ.get("GASDESK_ACCESS_LOG") or None
max_requests = 20000
max_requests_jitter = 2000
GC_THRESHOLDS = (
    int(os.environ.get("GASDESK_GC_GEN0", "50000")),
    int(os.environ.get("GASDESK_GC_GEN1", "10")),
    int(os.environ.get("GASDESK_GC_GEN2", "2")),
)
TRIM_EVERY = int(os.environ.get("GASDESK_TRIM_EVERY", "50"))
_served = itertools.count(1)


def _malloc_trim() -> Any:
    """glibc's malloc_trim, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None


_TRIM = _malloc_trim()


def post_request(worker: object, req: object, environ: object, resp: object) -> None:
    if _TRIM is not None and TRIM_EVERY and next(_served) % TRIM_EVERY == 0:
        _TRIM(0)


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
