"""The ceiling of this machine for any request: gunicorn + Django + http-load, next to creation.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench \\
        .venv/bin/python bench/http_floor.py --workers 4 --clients 1 4 8 --requests 2000

The same server and load client as orders_create_api.py, on three paths: `/healthz` (no
session, no DRF: Django's middleware and one `SELECT 1`), an authenticated DRF read that does
almost nothing of its own (`GET /api/v1/calendar/days/` for one day: session, user, the cached
calendar) and order creation. The gap between the first and the target of
400 orders/s says how much of the 2 CPUs the framework, the server and the client leave.
"""

from __future__ import annotations

import argparse
import json

from _common import emit, ensure_user, load_text, print_table, setup
from _server import DEMO_PASSWORD, Load, Server, add_server_arguments, http_load
from orders_create_api import AGENT, BODY, WARMUP, customer_block

ONE_DAY = "/api/v1/calendar/days/?from=2026-11-26&to=2026-11-26"


def loads(start_n: int) -> list[tuple[str, Load]]:
    body = json.dumps(BODY, ensure_ascii=False).replace('"__N__"', "{n}")
    return [
        ("GET /healthz", Load("get", "/healthz", AGENT)),
        ("GET one calendar day (DRF, session)", Load("get", ONE_DAY, AGENT)),
        ("POST work order", Load("post", "/api/v1/work-orders/", AGENT, body, start_n=start_n)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_server_arguments(parser)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    setup()
    ensure_user(AGENT, unit_code="DEMO-GROUP", role="hotline_agent", password=DEMO_PASSWORD)
    start = customer_block(args.requests + WARMUP + 1)
    print(load_text())
    rows, figures = [], []
    with Server.from_args(args) as server:
        for label, load in loads(start):
            http_load(server, load, clients=4, requests=WARMUP)  # warm every worker
            for clients in args.clients:
                run = http_load(server, load, clients=clients, requests=args.requests)
                rows.append([label, clients, run.ok, run.rps, run.p50, run.p90, run.p99])
                figures.append(
                    {"path": label, "clients": clients, "rps": run.rps, "p99_ms": run.p99}
                )
    print_table(["request", "clients", "2xx", "req/s", "p50", "p90", "p99"], rows)
    print(load_text())
    emit("http_floor", {"server": server.kind, "runs": figures})


if __name__ == "__main__":
    main()
