"""Work-order creation through the API under gunicorn: requests/s, latency, CPU per order.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench \\
        .venv/bin/python bench/orders_create_api.py --workers 4 --clients 1 4 8 --requests 2000

Starts gunicorn (gunicorn.conf.py, sync workers, plain HTTP, no in-process jobs), logs in
with /work/shared/tools/http-load.py (Django session + CSRF, as a browser or the desk client
does) and POSTs `/api/v1/work-orders/` closed-loop with N clients: a repair order for a
different existing customer each time (`{n}` walks a block of consecutive customer ids), so
every request resolves a customer, its address, the pack, the deadlines and the day's number,
and writes the order and its CREATED event.

Figures per client count: req/s, p50/p90/p99/max (http-load reports p90, not p95), CPU per
order on the server (gunicorn workers) and in PostgreSQL (their backends), read from /proc;
queries per order (one request in process, CaptureQueriesContext); worker RSS at the end.
An untimed warm-up run comes first (lazy imports, pack parsing in every worker). The CPU of
each level includes http-load's one login (a PBKDF2 password check, ~0.3 s), i.e. ~0.15 ms
per order over 2,000 requests.
Targets (foundation issue): ≥ 400 req/s at 4+ clients, p99 < 50 ms, ~3 ms CPU per order.
The load client runs on the same 2 CPUs (its CPU is not counted, its contention is).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from typing import Any

from _common import database_name, emit, ensure_user, load_text, print_table, setup, table_rows
from _server import DEMO_PASSWORD, CpuMeter, Load, LoadRun, Server, add_server_arguments, http_load

AGENT = "bench_agent"  # a hotline agent at the group: every company's customers are in scope
WARMUP = 20
BODY = {
    "business_type": "repair",
    "channel": "hotline",
    "description": "燃气灶点不着火，表后阀门有异味，请派人检查。{text} #{n}",
    "customer": "__N__",
}


@dataclass
class LevelResult:
    clients: int
    run: LoadRun
    app_cpu_ms: float
    db_cpu_ms: float
    created: int


def customer_block(size: int) -> int:
    """First id of `size` consecutive existing customer ids (bulk imports reserve them so)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM customers_customer")
        low, high = cursor.fetchone()
        start = max(low, high - size - 1000)
        cursor.execute(
            "SELECT count(*) FROM customers_customer WHERE id >= %s AND id < %s",
            [start, start + size],
        )
        if cursor.fetchone()[0] != size:
            raise SystemExit("no block of consecutive customer ids: load customers first")
    return int(start)


def own_backend() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def last_order_id() -> int:
    from gasdesk.workorders.models import WorkOrder

    return WorkOrder.objects.order_by("-id").values_list("id", flat=True).first() or 0


def queries_per_order(user: Any, customer_ids: tuple[int, int]) -> int:
    """Queries of one creation in process, after one untimed creation (steady state: the
    pack and the calendar are cached by then)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    counts = []
    for customer_id in customer_ids:
        body = json.dumps({**BODY, "customer": customer_id, "description": "queries per order"})
        with CaptureQueriesContext(connection) as captured:
            response = client.post("/api/v1/work-orders/", body, content_type="application/json")
        if response.status_code != 201:
            raise SystemExit(f"creating an order answered {response.status_code}")
        counts.append(len(captured.captured_queries))
    return counts[-1]


def run_level(server: Server, clients: int, requests: int, start_n: int) -> LevelResult:
    body = json.dumps(BODY, ensure_ascii=False).replace('"__N__"', "{n}")
    before_id = last_order_id()
    load = Load("post", "/api/v1/work-orders/", AGENT, body=body, start_n=start_n)
    with CpuMeter(server, database_name(), {own_backend()}) as meter:
        run = http_load(server, load, clients=clients, requests=requests)
    used = meter.used()
    created = last_order_id() - before_id
    total = requests + WARMUP
    return LevelResult(
        clients=clients,
        run=run,
        app_cpu_ms=used.workers * 1000 / total,
        db_cpu_ms=used.database * 1000 / total,
        created=created,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_server_arguments(parser)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--requests", type=int, default=2000, help="per client count (≥ 200)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--warmup", type=int, default=400, help="untimed requests first")
    args = parser.parse_args()
    setup()
    user = ensure_user(AGENT, unit_code="DEMO-GROUP", role="hotline_agent", password=DEMO_PASSWORD)
    needed = (args.requests + WARMUP) * len(args.clients) + args.warmup + WARMUP + 2
    start = customer_block(needed)
    per_order_queries = queries_per_order(user, (start + needed - 2, start + needed - 1))
    orders = table_rows("workorders_workorder")
    print(f"~{orders:,} orders in the table; {load_text()}")
    results = []
    with Server.from_args(args, port=args.port) as server:
        # Untimed: every worker imports its lazy modules and parses the packs once, so the
        # CPU per order below is the steady state, not the workers' start-up.
        run_level(server, max(args.clients), args.warmup, start)
        start += args.warmup + WARMUP
        for clients in args.clients:
            results.append(run_level(server, clients, args.requests, start))
            start += args.requests + WARMUP
        rss = server.rss()
    show(args, server.kind, results, per_order_queries, rss, orders)


def show(
    args: argparse.Namespace,
    kind: str,
    results: list[LevelResult],
    per_order_queries: int,
    rss: list[float],
    orders: int,
) -> None:
    headers = ["clients", "requests", "2xx", "req/s", "p50", "p90", "p99", "max"]
    headers += ["app CPU ms/order", "DB CPU ms/order"]
    rows = [
        [
            r.clients,
            r.run.requests,
            r.run.ok,
            r.run.rps,
            r.run.p50,
            r.run.p90,
            r.run.p99,
            r.run.max,
            round(r.app_cpu_ms, 2),
            round(r.db_cpu_ms, 2),
        ]
        for r in results
    ]
    print(f"\nPOST /api/v1/work-orders/ under gunicorn ({kind}), ms")
    print_table(headers, rows)
    print(f"queries per order: {per_order_queries}; worker RSS after the runs (MiB): {rss}")
    print(load_text())
    for r in results:
        if r.run.ok != r.run.requests:
            print(f"WARNING: {r.clients} clients: statuses {r.run.statuses}")
    emit(
        "orders_create_api",
        {
            "workers": args.workers,
            "server": kind,
            "orders_in_table": orders,
            "queries_per_order": per_order_queries,
            "worker_rss_mib": rss,
            "levels": [
                {
                    "clients": r.clients,
                    "requests": r.run.requests,
                    "ok": r.run.ok,
                    "created": r.created,
                    "rps": r.run.rps,
                    "p50_ms": r.run.p50,
                    "p90_ms": r.run.p90,
                    "p99_ms": r.run.p99,
                    "max_ms": r.run.max,
                    "app_cpu_ms_per_order": round(r.app_cpu_ms, 2),
                    "db_cpu_ms_per_order": round(r.db_cpu_ms, 2),
                }
                for r in results
            ],
        },
    )


if __name__ == "__main__":
    main()
