"""CPU milliseconds per request, in process: a figure that a loaded machine inflates less.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench \\
        .venv/bin/python bench/cpu_per_request.py --requests 200

On the shared 2-CPU machine the wall-clock benches wait for the CPU as much as they use
it (load 5–10 while other helpers run test suites). This script times the same requests as
orders_create_api.py, orders_queue.py and customers_search.py through Django's test client
and reports the CPU time of this process (`time.process_time`) and of its PostgreSQL
backend (`/proc/<pid>/stat`) per request, plus the queries per request. The app figure is
what bench finding C1 calls "CPU per order" (target ~3 ms). `--gc-freeze` applies what
gunicorn.conf.py does in each worker (gc.freeze + thresholds) first.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from _common import bench_user, emit, load_text, print_table, setup

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Figure:
    name: str
    requests: int
    app_ms: float
    db_ms: float
    wall_ms: float
    queries: int


def backend_cpu_s(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def queries_of(call: Callable[[int], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call(0)
    return len(captured.captured_queries)


def measure(name: str, call: Callable[[int], Any], requests: int) -> Figure:
    for n in range(5):
        call(n)  # warm caches: pack in force, calendar, templates
    queries = queries_of(call)
    pid = backend_pid()
    db0, app0, wall0 = backend_cpu_s(pid), time.process_time(), time.perf_counter()
    for n in range(requests):
        call(n)
    app = time.process_time() - app0
    db, wall = backend_cpu_s(pid) - db0, time.perf_counter() - wall0
    per = 1000 / requests
    return Figure(name, requests, app * per, db * per, wall * per, queries)


def checked(response: Any, status: int = 200) -> Any:
    if response.status_code != status:
        raise SystemExit(f"answered {response.status_code}: {response.content[:300]!r}")
    return response


def clients() -> dict[str, Any]:
    from django.test import Client

    logins = {}
    for username in ("agent", "dispatcher", "specialist"):
        client = Client()
        client.force_login(bench_user(username))
        logins[username] = client
    return logins


def customer_ids(count: int) -> list[int]:
    from gasdesk.customers.models import Customer
    from gasdesk.org.models import User

    agent = User.objects.get(username="agent")
    qs = Customer.objects.visible_to(agent).order_by("-id").values_list("id", flat=True)
    return list(qs[:count])


def scenarios(logins: dict[str, Any], ids: list[int]) -> dict[str, Callable[[int], Any]]:
    agent, dispatcher = logins["agent"], logins["dispatcher"]

    def create(n: int) -> Any:
        body = {"business_type": "repair", "channel": "hotline", "customer": ids[n % len(ids)]}
        body["description"] = f"燃气灶点不着火 cpu bench #{n}"
        payload = json.dumps(body, ensure_ascii=False)
        response = agent.post("/api/v1/work-orders/", payload, content_type="application/json")
        return checked(response, 201)

    return {
        "POST /api/v1/work-orders/ (agent)": create,
        "GET /api/v1/work-orders/queue/ (dispatcher)": lambda n: checked(
            dispatcher.get("/api/v1/work-orders/queue/")
        ),
        "GET /orders/ (dispatcher)": lambda n: checked(dispatcher.get("/orders/")),
        "GET /orders/?overdue=true (dispatcher)": lambda n: checked(
            dispatcher.get("/orders/?overdue=true")
        ),
        "GET /api/v1/customers/?q=<4-digit tail> (agent)": lambda n: checked(
            agent.get(f"/api/v1/customers/?q={1000 + n % 9000}")
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", action="append", help="scenarios whose name contains this")
    parser.add_argument("--gc-freeze", action="store_true", help="as gunicorn.conf.py does")
    args = parser.parse_args()
    setup()
    if args.gc_freeze:
        gc.collect()
        gc.freeze()
        gc.set_threshold(50_000, 20, 100)
    print(load_text())
    figures = []
    for name, call in scenarios(clients(), customer_ids(500)).items():
        if not args.only or any(part in name for part in args.only):
            figures.append(measure(name, call, args.requests))
    print_table(
        ["request", "n", "app CPU ms", "PostgreSQL CPU ms", "wall ms", "queries"],
        [
            [f.name, f.requests, f"{f.app_ms:.1f}", f"{f.db_ms:.1f}", f"{f.wall_ms:.1f}", f.queries]
            for f in figures
        ],
    )
    print(load_text())
    emit("cpu_per_request", {"gc_freeze": args.gc_freeze, "figures": [vars(f) for f in figures]})


if __name__ == "__main__":
    main()
