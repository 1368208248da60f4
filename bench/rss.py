"""Server memory (RSS per gunicorn worker) after a mixed run of the benched endpoints.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench \\
        .venv/bin/python bench/rss.py --workers 4 --requests 1000

Starts gunicorn as the other HTTP benches do and drives, with http-load at 4 clients, in
turn: order creation (API), the dispatcher queue (API and page), customer search (API, by a
random number: the phone/account branch; and by a community name: the trigram branch), the
customer page. It prints each worker's RSS after start-up and after each phase, and the
largest. Target (foundation issue): < 150 MiB per worker after the runs.
"""

from __future__ import annotations

import argparse
import json
from urllib.parse import quote

from _common import emit, ensure_user, load_text, print_table, setup
from _server import DEMO_PASSWORD, Load, Server, add_server_arguments, http_load
from orders_create_api import AGENT, BODY, WARMUP, customer_block

TARGET_MIB = 150.0


def phases(start_n: int) -> list[tuple[str, Load]]:
    """(label, load) in the order they run."""
    body = json.dumps(BODY, ensure_ascii=False).replace('"__N__"', "{n}")
    by_name = "/api/v1/customers/?q=" + quote("幸福家园")
    return [
        ("create orders (API)", Load("post", "/api/v1/work-orders/", AGENT, body, start_n=start_n)),
        ("queue (API)", Load("get", "/api/v1/work-orders/queue/?limit=200", "dispatcher")),
        ("queue (page)", Load("get", "/orders/?limit=200", "dispatcher")),
        ("search by number (API)", Load("get", "/api/v1/customers/?q={rand}", "agent")),
        ("search by name (API)", Load("get", by_name, "agent")),
        ("customer page search", Load("get", "/customers/?q=" + quote("人民路1"), "agent")),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_server_arguments(parser)
    parser.add_argument("--requests", type=int, default=1000, help="per phase")
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    setup()
    ensure_user(AGENT, unit_code="DEMO-GROUP", role="hotline_agent", password=DEMO_PASSWORD)
    start = customer_block(args.requests + WARMUP + 1)
    rows: list[list[object]] = []
    with Server.from_args(args) as server:
        rows.append(["after start-up", "-", "-", *_rss_cells(server.rss())])
        for label, load in phases(start):
            run = http_load(server, load, clients=args.clients, requests=args.requests)
            rows.append([label, run.ok, run.rps, *_rss_cells(server.rss())])
        final = server.rss()
    print(f"\nRSS per worker (MiB), {server.kind}, {args.clients} clients")
    print_table(["after phase", "2xx", "req/s", "min", "max", "per worker"], rows)
    verdict = "met" if max(final) < TARGET_MIB else "MISSED"
    print(f"target < {TARGET_MIB:.0f} MiB per worker: {verdict}; {load_text()}")
    emit(
        "rss",
        {
            "server": server.kind,
            "requests_per_phase": args.requests,
            "phases": [{"phase": r[0], "ok": r[1], "rps": r[2], "rss_mib": r[5]} for r in rows],
            "final_rss_mib": final,
            "max_rss_mib": max(final),
        },
    )


def _rss_cells(values: list[float]) -> list[object]:
    return [min(values), max(values), " ".join(f"{v:.0f}" for v in values)]


if __name__ == "__main__":
    main()
