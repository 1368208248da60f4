"""Dispatcher queue page and API over the generated order history (WO-6 bench).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench \\
        .venv/bin/python bench/orders_queue.py --requests 300 [--explain] [--http]

Needs orders (bench/orders_generate.py, 20 M by default). In process, through Django's test
client (middleware, view or DRF, templates/serializer; no socket), it times each variant a
dispatcher or specialist uses: the page /orders/ (default, overdue filter, 200 rows), the API
/api/v1/work-orders/queue/ (default, filtered) and the API list (keyset pages), for a unit
dispatcher, a company-wide specialist, a technician and a superuser. Per variant: p50/p95/
p99/max in ms, SQL queries per request (must be the same for every request) and whether any
query counts work orders (it must not: no COUNT(*) over 20 M rows).

--http also serves the same URLs under gunicorn and measures them with
/work/shared/tools/http-load.py at 1 and 4 clients. --explain prints EXPLAIN (ANALYZE,
BUFFERS) of the work-order queries of one request per variant.
Target (foundation issue): p99 < 50 ms, a fixed small number of queries, never a count.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from typing import Any

from _common import (
    MIN_SAMPLES,
    Latency,
    bench_user,
    emit,
    load_text,
    print_table,
    setup,
    table_rows,
)
from _server import Load, Server, add_server_arguments, http_load

TARGET_P99_MS = 50.0
ORDER_TABLE = "workorders_workorder"


@dataclass(frozen=True)
class Variant:
    name: str
    user: str
    path: str


VARIANTS = [
    Variant("page, dispatcher (unit)", "dispatcher", "/orders/"),
    Variant("page, dispatcher, overdue", "dispatcher", "/orders/?overdue=true"),
    Variant("page, dispatcher, 200 rows", "dispatcher", "/orders/?limit=200"),
    Variant("page, specialist (company)", "specialist", "/orders/"),
    Variant("API queue, dispatcher", "dispatcher", "/api/v1/work-orders/queue/"),
    Variant(
        "API queue, dispatcher, new repairs",
        "dispatcher",
        "/api/v1/work-orders/queue/?status=new&business_type=repair",
    ),
    Variant("API queue, specialist, 200", "specialist", "/api/v1/work-orders/queue/?limit=200"),
    Variant("API queue, technician", "tech", "/api/v1/work-orders/queue/"),
    Variant("API queue, superuser", "admin", "/api/v1/work-orders/queue/"),
    Variant("API list (keyset), dispatcher", "dispatcher", "/api/v1/work-orders/"),
    Variant("API list, dispatcher, closed", "dispatcher", "/api/v1/work-orders/?status=closed"),
]
HTTP_VARIANTS = ("page, dispatcher (unit)", "API queue, dispatcher", "API queue, specialist, 200")


@dataclass
class Result:
    variant: Variant
    latency: Latency
    queries: set[int]
    counts: int
    rows: int
    sample_sql: list[str]


def _counts_orders(sql: str) -> bool:
    text = sql.upper()
    return "COUNT(" in text and ORDER_TABLE.upper() in text


def run_variant(variant: Variant, requests: int) -> Result:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(bench_user(variant.user))
    for _ in range(20):
        client.get(variant.path)
    samples, query_counts, counts = [], set(), 0
    sample_sql: list[str] = []
    size = 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(variant.path)
            samples.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{variant.path} as {variant.user}: {response.status_code}")
        sqls = [q["sql"] for q in captured.captured_queries]
        query_counts.add(len(sqls))
        counts += sum(_counts_orders(sql) for sql in sqls)
        sample_sql = sqls
        size = len(response.content)
    return Result(variant, Latency.of(samples), query_counts, counts, size, sample_sql)


def explain(result: Result) -> None:
    from django.db import connection

    for sql in result.sample_sql:
        if ORDER_TABLE not in sql or not sql.lstrip().upper().startswith("SELECT"):
            continue
        print(f"\n-- {result.variant.name}: {result.variant.path}\n{sql}")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            for (line,) in cursor.fetchall():
                print("   " + line)


def run_http(args: argparse.Namespace) -> list[dict[str, Any]]:
    by_name = {v.name: v for v in VARIANTS}
    rows: list[dict[str, Any]] = []
    with Server.from_args(args) as server:
        for name in HTTP_VARIANTS:
            variant = by_name[name]
            for clients in (1, 4):
                load = Load("get", variant.path, variant.user)
                run = http_load(server, load, clients=clients, requests=args.requests)
                rows.append(
                    {
                        "variant": name,
                        "clients": clients,
                        "ok": run.ok,
                        "rps": run.rps,
                        "p50_ms": run.p50,
                        "p90_ms": run.p90,
                        "p99_ms": run.p99,
                        "max_ms": run.max,
                    }
                )
        rows.append({"worker_rss_mib": server.rss()})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300, help=f"per variant (≥ {MIN_SAMPLES})")
    parser.add_argument("--only", action="append", help="variants whose name contains this")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--http", action="store_true", help="also under gunicorn + http-load")
    add_server_arguments(parser)
    parser.add_argument("--http-only", action="store_true", help="skip the in-process pass")
    args = parser.parse_args()
    setup()
    orders = table_rows(ORDER_TABLE)
    print(f"~{orders:,} work orders; {load_text()}")
    variants = [v for v in VARIANTS if not args.only or any(s in v.name for s in args.only)]
    results = [] if args.http_only else [run_variant(v, args.requests) for v in variants]
    if results:
        show(results, orders)
    http = run_http(args) if args.http else []
    if http:
        show_http(http)
    emit(
        "queue",
        {
            "orders": orders,
            "variants": {
                r.variant.name: {
                    "path": r.variant.path,
                    "user": r.variant.user,
                    **r.latency.as_dict(),
                    "queries": sorted(r.queries),
                    "order_counts": r.counts,
                    "response_bytes": r.rows,
                }
                for r in results
            },
            "http": http,
        },
    )
    if args.explain:
        for result in results:
            explain(result)


def show(results: list[Result], orders: int) -> None:
    headers = ["variant", "n", "p50", "p95", "p99", "max", "queries", "counts", "KiB"]
    rows = [
        [
            r.variant.name,
            r.latency.count,
            r.latency.p50,
            r.latency.p95,
            r.latency.p99,
            r.latency.max,
            "/".join(str(q) for q in sorted(r.queries)),
            r.counts,
            round(r.rows / 1024, 1),
        ]
        for r in results
    ]
    print(f"\nqueue over ~{orders:,} orders, in process, ms")
    print_table(headers, rows)
    failing = [r.variant.name for r in results if r.latency.p99 >= TARGET_P99_MS]
    verdict = "met" if not failing else f"MISSED by {failing}"
    print(f"target p99 < {TARGET_P99_MS:.0f} ms: {verdict}; {load_text()}")


def show_http(rows: list[dict[str, Any]]) -> None:
    table = [
        [r["variant"], r["clients"], r["ok"], r["rps"], r["p50_ms"], r["p90_ms"], r["p99_ms"]]
        for r in rows
        if "variant" in r
    ]
    print("\nunder gunicorn (http-load; p90 as the tool reports it), ms")
    print_table(["variant", "clients", "2xx", "req/s", "p50", "p90", "p99"], table)
    print(f"worker RSS (MiB): {rows[-1].get('worker_rss_mib')}")


if __name__ == "__main__":
    main()
