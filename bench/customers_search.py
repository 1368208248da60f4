"""Customer search latency (CUST-10) by kind of input, in process, on the loaded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench \\
        .venv/bin/python bench/customers_search.py --samples 300

For each kind of input an agent types (phone tail, full phone, account number, name, address
fragment …) it samples real customers of the database, derives the input from them, and times
`customers.selectors.search_customers(user, q)` (the selector the page and API share) and the
API `GET /api/v1/customers/?q=` through Django's test client (middleware, DRF, serializer; no
HTTP socket). Figures: p50/p95/p99/max in ms, queries per search, mean rows found.
Target (foundation issue): p99 < 20 ms for each kind at 1 M and 5 M customers.

--explain prints EXPLAIN (ANALYZE, BUFFERS) of every query of the slowest input of each kind.
The page cache is warm (the sampling reads the same rows first), as on a busy desk.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable
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

TARGET_P99_MS = 20.0
_ROAD = re.compile(r"[^省市县区]+?(?:路|街|大道)\d+号")
_COMMUNITY = re.compile(r"号(.+?)\d+栋")


@dataclass(frozen=True)
class Sampled:
    account_no: str
    name: str
    phone: str
    address: str


@dataclass
class KindResult:
    kind: str
    selector: Latency
    api: Latency | None
    queries: float
    rows: float
    slowest: str


KINDS: dict[str, Callable[[Sampled], str | None]] = {
    "phone tail (4 digits)": lambda s: s.phone[-4:] if len(s.phone) >= 4 else None,
    "phone tail (6 digits)": lambda s: s.phone[-6:] if len(s.phone) >= 6 else None,
    "phone (full number)": lambda s: s.phone or None,
    "account (full)": lambda s: s.account_no,
    "account (prefix, 8 chars)": lambda s: s.account_no[:8],
    "name (2 characters)": lambda s: s.name if len(s.name) == 2 else None,
    "name (3+ characters)": lambda s: s.name if len(s.name) >= 3 else None,
    "surname only (1 character)": lambda s: s.name[0],
    "address: road + number": lambda s: _first(_ROAD, s.address),
    "address: community": lambda s: _first(_COMMUNITY, s.address, group=1),
}
NO_MATCH = ["查无此人", "不存在的小区", "ZZ999999", "0000", "9999999999"]


def _first(pattern: re.Pattern[str], text: str, group: int = 0) -> str | None:
    match = pattern.search(text)
    return match.group(group) if match else None


def sample_customers(count: int, *, seed: int, company_id: int | None) -> list[Sampled]:
    """Random customers (random ids between min and max, the next existing one)."""
    from django.db import connection

    rng = random.Random(seed)
    scope = "AND u.company_id = %s" if company_id else ""
    sql = f"""
        SELECT c.account_no, c.name,
               (SELECT number FROM customers_customerphone p WHERE p.customer_id = c.id
                ORDER BY p.id LIMIT 1),
               (SELECT text FROM customers_customeraddress a WHERE a.customer_id = c.id
                ORDER BY a.is_primary DESC, a.id LIMIT 1)
        FROM customers_customer c JOIN org_orgunit u ON u.id = c.org_unit_id
        WHERE c.id >= %s {scope} ORDER BY c.id LIMIT 1"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM customers_customer")
        low, high = cursor.fetchone()
        found: list[Sampled] = []
        for _ in range(count * 2):
            params = [rng.randint(low, high)] + ([company_id] if company_id else [])
            cursor.execute(sql, params)
            row = cursor.fetchone()
            if row:
                found.append(Sampled(row[0], row[1], row[2] or "", row[3] or ""))
            if len(found) >= count:
                break
    return found


def inputs_for(kind: str, customers: list[Sampled]) -> list[str]:
    derive = KINDS[kind]
    return [v for v in (derive(c) for c in customers) if v]


def time_selector(
    user: Any, queries: list[str], budget: float
) -> tuple[list[float], float, float, str]:
    """Per-search seconds, mean queries, mean rows and the slowest input; stops after
    `budget` seconds (a kind that scans millions of rows would otherwise take an hour)."""
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gasdesk.customers.selectors import search_customers

    for q in queries[:20]:  # warm-up
        search_customers(user, q)
    samples, query_counts, row_counts = [], [], []
    stop = time.monotonic() + budget
    for q in queries:
        if time.monotonic() > stop:
            break
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            rows = search_customers(user, q)
            samples.append(time.perf_counter() - start)
        query_counts.append(len(captured.captured_queries))
        row_counts.append(len(rows))
    slowest = queries[max(range(len(samples)), key=samples.__getitem__)]
    mean_queries = sum(query_counts) / len(query_counts)
    return samples, mean_queries, sum(row_counts) / len(row_counts), slowest


def time_api(user: Any, queries: list[str], budget: float) -> list[float]:
    import time
    from urllib.parse import urlencode

    from django.test import Client

    client = Client()
    client.force_login(user)
    samples = []
    for q in queries[:20]:
        client.get("/api/v1/customers/?" + urlencode({"q": q}))
    stop = time.monotonic() + budget
    for q in queries:
        if time.monotonic() > stop:
            break
        start = time.perf_counter()
        response = client.get("/api/v1/customers/?" + urlencode({"q": q}))
        samples.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"API answered {response.status_code} for q={q!r}")
    return samples


def explain(user: Any, query: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gasdesk.customers.selectors import search_customers

    with CaptureQueriesContext(connection) as captured:
        search_customers(user, query)
    for item in captured.captured_queries:
        sql = item["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        print(f"\n-- q={query!r}\n{sql}")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            for (line,) in cursor.fetchall():
                print("   " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--samples", type=int, default=300, help=f"inputs per kind (≥ {MIN_SAMPLES})"
    )
    parser.add_argument("--user", default="agent", help="demo login whose scope searches")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-api", action="store_true", help="selector only")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN the slowest per kind")
    parser.add_argument("--kind", action="append", help="only these kinds (substring)")
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds per kind and interface at most"
    )
    args = parser.parse_args()
    setup()
    user = bench_user(args.user)
    company = user.org_unit.company_id if user.org_unit else None
    customers = sample_customers(args.samples * 3, seed=args.seed, company_id=company)
    total = table_rows("customers_customer")
    print(f"{total:,} customers (estimate); user {args.user}; {load_text()}")
    kinds = [k for k in KINDS if not args.kind or any(s in k for s in args.kind)]
    results = []
    for kind in kinds:
        queries = inputs_for(kind, customers)[: args.samples]
        results.append(run_kind(user, kind, queries, api=not args.no_api, budget=args.budget))
    if not args.kind:
        no_match = NO_MATCH * 40
        results.append(run_kind(user, "no match", no_match, api=False, budget=args.budget))
    show(results, total)
    if args.explain:
        for result in results:
            explain(user, result.slowest)


def run_kind(user: Any, kind: str, queries: list[str], *, api: bool, budget: float) -> KindResult:
    samples, mean_queries, mean_rows, slowest = time_selector(user, queries, budget)
    if len(samples) < MIN_SAMPLES:
        print(f"note: {kind}: {len(samples)} searches (of {len(queries)} inputs) in {budget:.0f} s")
    api_latency = Latency.of(time_api(user, queries, budget)) if api else None
    return KindResult(kind, Latency.of(samples), api_latency, mean_queries, mean_rows, slowest)


def show(results: list[KindResult], total: int) -> None:
    headers = ["kind", "n", "p50", "p95", "p99", "max", "queries", "rows", "API p50", "API p99"]
    rows = []
    for r in results:
        s = r.selector
        api = [r.api.p50, r.api.p99] if r.api else ["-", "-"]
        rows.append([r.kind, s.count, s.p50, s.p95, s.p99, s.max, r.queries, r.rows, *api])
    print()
    print("search_customers latency in ms (API = GET /api/v1/customers/?q= in process)")
    print_table(headers, rows)
    failing = [r.kind for r in results if r.selector.p99 >= TARGET_P99_MS]
    print(
        f"target p99 < {TARGET_P99_MS:.0f} ms: "
        + ("met" if not failing else f"MISSED by {failing}")
    )
    print(load_text())
    emit(
        "customers_search",
        {
            "customers": total,
            "kinds": {
                r.kind: {
                    **r.selector.as_dict(),
                    "queries": round(r.queries, 2),
                    "rows": round(r.rows, 1),
                    "slowest_input": r.slowest,
                    "api": r.api.as_dict() if r.api else None,
                }
                for r in results
            },
        },
    )


if __name__ == "__main__":
    main()
