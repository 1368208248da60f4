"""Department complaint deductions (CMP-19/20/21/23) over N complaints: latency and queries.

    .venv/bin/python bench/complaints_deductions.py --count 1000000 --repeat 30 [--explain]

Self-contained. The bench database (DATABASE_URL, default gasdesk_bench_cmp) is created with
psql when missing, then `gasdesk migrate`, `gasdesk standards load --all` and
`gasdesk demo --size small --if-empty` run (org tree, logins, packs). N complaints are then
generated with INSERT … SELECT generate_series into complaints_complaint, over --years years
ending yesterday (evenly spaced), in both demo companies (85 % / 15 %, as the demo shares its
customers), each naming a unit of its company as `target_unit` (skewed: a few units draw most
complaints; 5 % name no unit and belong to the company). 90 % are levelled, mix 1:2:4:6:12 for
levels 1…5 (the demo's weights: level 1 is the gravest, level 5 the lightest); the last --open
are open in a mix of statuses, the rest archived with the full timeline (routed, levelled,
responded, closed, called back; 8 % closed late). Chunks commit one by one with a row in
`bench_complaints_progress`, so a re-run continues or does nothing. The script checks that
every NOT NULL column of the table is written. Foreign-key triggers are off for the generating
session (every id is drawn from existing rows), as in orders_generate.py. Ends with VACUUM
ANALYZE.

Then, as the demo `specialist` (company scope), times the selectors each --repeat times after
--warmup untimed calls: department_deductions for the last full quarter (the department page
and the API), annual_department_deductions for the last full year, deduction_drilldown's first
page (selectors.page_of, 50 + 1 rows: what the department page and the drill-down API render)
and its last page (the deepest OFFSET) for the unit with the most points, hot_spots per
dimension (the desk's 30 days, and the quarter), complaint_metrics (quarter, year). Queries
per call are counted on one extra call; the user object is reused, so the scope-id query (one
per request) is not counted. --explain prints EXPLAIN (ANALYZE, BUFFERS) of the SQL those calls ran.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any
from urllib.parse import urlparse

from _common import (
    REPO,
    Latency,
    emit,
    load_text,
    print_table,
    relation_size,
    setup,
    table_rows,
    timed,
)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/gasdesk_bench_cmp"
PROGRESS_TABLE = "bench_complaints_progress"
TABLE = "complaints_complaint"
SHANGHAI = "Asia/Shanghai"
COMPANIES = (("CHAOHU", 85), ("JIANGCHENG", 15))  # code, share in percent
PAGE = 50  # selectors.DRILL_PAGE: the drill-down page of the department page and the API

SETUP_SQL = [
    f"""CREATE TABLE IF NOT EXISTS {PROGRESS_TABLE} (
        chunk integer PRIMARY KEY, params text NOT NULL, rows bigint NOT NULL,
        seconds double precision NOT NULL, done_at timestamptz NOT NULL DEFAULT now())""",
    # The companies: k = 0 takes the first `share0` percent of rows.
    """CREATE TEMP TABLE bench_cmp_company (
        k int PRIMARY KEY, company_id bigint, pack_id bigint, agent_id bigint, units int,
        customers int, company_name text, urban boolean)""",
    # Each company's units (k = 0 … units-1), everything under the company node.
    """CREATE TEMP TABLE bench_cmp_unit (
        company_k int, k int, unit_id bigint, name text, urban boolean,
        PRIMARY KEY (company_k, k))""",
    # Each company's customers (k = 0 … customers-1).
    """CREATE TEMP TABLE bench_cmp_cust AS
       SELECT c2.k AS company_k,
              row_number() OVER (PARTITION BY c2.k ORDER BY c.id) - 1 AS k, c.id
       FROM customers_customer c JOIN org_orgunit u ON u.id = c.org_unit_id
       JOIN bench_cmp_company c2 ON c2.company_id = u.company_id""",
]

# Columns written by CHUNK_SQL: checked against the table's NOT NULL columns before inserting.
COLUMNS = (
    "number, company_id, org_unit_id, pack_id, channel, external_ref, first_responder_id, "
    "complainant_name, address, phone, customer_id, work_order_id, target_unit_id, target_text, "
    "business_type, cause, area, narrative, level, needs_investigation, status, version, "
    "received_at, routed_at, levelled_at, appeal_due_at, responded_at, solution_at, "
    "promised_final_at, closed_at, callback_at, second_callback_at, archived_at, route_due_at, "
    "response_due_at, closure_due_at, solution_due_at, callback_due_at, second_callback_due_at, "
    "route_late_at, response_late_at, closure_late_at, solution_late_at, callback_late_at, "
    "second_callback_late_at, next_due_at, deadline_basis, resolution, callback_result, "
    "is_satisfied, created_at"
)

# Rows lo..hi-1 of the series. h is a per-row hash; s (0-99) picks the status and lateness.
CHUNK_SQL = f"""
INSERT INTO {TABLE} ({COLUMNS})
SELECT number, company_id, org_unit_id, pack_id, channel, external_ref, agent_id,
       complainant_name, address, phone, customer_id, NULL, target_unit_id, target_text,
       business_type, cause, area, narrative, level, needs_investigation, status,
       CASE status WHEN 'archived' THEN 7 WHEN 'registered' THEN 0 WHEN 'routed' THEN 1
                   WHEN 'investigating' THEN 2 WHEN 'solution_given' THEN 3
                   WHEN 'answered' THEN 4 ELSE 5 END,
       received_at, routed_at, levelled_at, levelled_at + interval '3 days', responded_at,
       solution_at, NULL, closed_at, callback_at, NULL, archived_at, route_due_at,
       response_due_at, closure_due_at, solution_due_at, callback_due_at, NULL,
       NULL, NULL, CASE WHEN late AND closed_at IS NOT NULL THEN closure_due_at END, NULL, NULL,
       NULL,
       CASE WHEN status <> 'archived' THEN
            LEAST(CASE WHEN routed_at IS NULL THEN route_due_at END,
                  CASE WHEN responded_at IS NULL AND closed_at IS NULL THEN response_due_at END,
                  CASE WHEN closed_at IS NULL THEN closure_due_at END,
                  CASE WHEN solution_at IS NULL AND closed_at IS NULL THEN solution_due_at END,
                  CASE WHEN callback_at IS NULL THEN callback_due_at END) END,
       %(basis)s::jsonb, CASE WHEN closed_at IS NOT NULL THEN resolution ELSE '' END,
       CASE WHEN callback_at IS NOT NULL THEN '客户表示满意' ELSE '' END,
       CASE WHEN callback_at IS NULL THEN NULL WHEN s3 < 85 THEN true WHEN s3 < 95 THEN false
       END,
       received_at
FROM (
  SELECT t.*,
         CASE WHEN closed_at IS NOT NULL THEN closed_at + interval '1 day' END AS callback_due_at,
         CASE WHEN status IN ('called_back', 'archived')
              THEN closed_at + interval '6 hours' END AS callback_at,
         CASE WHEN status = 'archived'
              THEN closed_at + interval '1 day 8 hours' END AS archived_at
  FROM (
    SELECT r.*,
           CASE WHEN status IN ('registered', 'routed') OR unlevelled THEN NULL
                ELSE level_drawn END AS level,
           CASE WHEN status IN ('registered') THEN NULL
                ELSE received_at + make_interval(mins => (CASE WHEN late_route THEN 150
                                                          ELSE 10 + s END)::int) END
             AS routed_at,
           CASE WHEN status IN ('registered', 'routed') OR unlevelled THEN NULL
                ELSE received_at + make_interval(hours => (3 + (h / 29) %% 20)::int) END
             AS levelled_at,
           CASE WHEN status IN ('registered', 'routed') THEN NULL
                ELSE received_at + make_interval(hours => 3) END AS responded_at,
           CASE WHEN status IN ('answered', 'called_back', 'archived')
                THEN received_at + (closure_due_at - received_at)
                                   * (CASE WHEN late THEN 1.3 ELSE 0.6 END) END AS closed_at,
           CASE WHEN status IN ('solution_given', 'answered', 'called_back', 'archived')
                THEN received_at + interval '20 hours' END AS solution_at
    FROM (
      SELECT 'TS' || to_char(q.received_at AT TIME ZONE %(tz)s, 'YYYYMMDD')
                  || lpad((50000 + q.i %% 40000)::text, 5, '0') AS number,
             c.company_id, c.pack_id, c.agent_id,
             CASE WHEN no_unit THEN c.company_id ELSE u.unit_id END AS org_unit_id,
             CASE WHEN no_unit THEN NULL ELSE u.unit_id END AS target_unit_id,
             CASE WHEN no_unit THEN c.company_name ELSE u.name END AS target_text,
             CASE WHEN (CASE WHEN no_unit THEN c.urban ELSE u.urban END) THEN 'urban'
                  ELSE 'remote' END AS area,
             CASE WHEN ch < 50 THEN 'hotline' WHEN ch < 70 THEN 'city_12345'
                  WHEN ch < 85 THEN 'online' WHEN ch < 93 THEN 'counter'
                  WHEN ch < 97 THEN 'callback' WHEN ch < 99 THEN 'media'
                  ELSE 'government' END AS channel,
             CASE WHEN ch >= 50 AND ch < 70 THEN 'B12345-' || q.i ELSE '' END AS external_ref,
             (ARRAY['张伟', '王芳', '李娜', '刘强', '陈静', '杨洋', '赵磊', '黄敏'])
                 [1 + (q.h / 43) %% 8] AS complainant_name,
             '安徽省巢湖市' || (ARRAY['健康路', '半汤路', '巢湖北路', '东塘路', '卧牛山路'])
                 [1 + (q.h / 47) %% 5] || (1 + (q.h / 53) %% 300) || '号'
                 || (1 + (q.h / 59) %% 30) || '栋' || (101 + (q.h / 61) %% 1800) || '室'
                 AS address,
             '1' || (ARRAY['39', '58', '86', '37', '50'])[1 + (q.h / 67) %% 5]
                 || lpad(((q.h / 71) %% 100000000)::text, 8, '0') AS phone,
             CASE WHEN (q.h / 73) %% 100 < 70 AND c.customers > 0
                  THEN (SELECT cu.id FROM bench_cmp_cust cu
                        WHERE cu.company_k = c.k AND cu.k = (q.h / 79) %% c.customers)
                  END AS customer_id,
             (ARRAY['repair', 'repair', 'gas_on', 'safety_inspection', 'meter_charging',
                    'indoor_install', 'pipe_modification', ''])[1 + (q.h / 83) %% 8]
                 AS business_type,
             (ARRAY['service_attitude', 'service_attitude', 'service_attitude', 'timeliness',
                    'timeliness', 'billing', 'billing', 'construction_quality',
                    'gas_supply', 'safety', 'regulation', 'other'])[1 + (q.h / 89) %% 12]
                 AS cause,
             (ARRAY['维修人员未按约定时间上门，客户多次催促仍无人联系，要求尽快处理并给出说明。',
                    '客户对本期燃气费用有异议，认为计量有误，营业厅解释不清，要求核实。',
                    '安检人员服务态度差，入户时未出示证件，客户要求道歉。',
                    '施工后路面未恢复，影响出行，客户要求限期修复。',
                    '停气未提前通知，影响生活，客户要求说明原因并改进。'])
                 [1 + (q.h / 97) %% 5] || ' 处理人员已记录。' AS narrative,
             '已核实并处理，向客户说明情况并致歉。' AS resolution,
             CASE WHEN lv < 1 THEN 1 WHEN lv < 3 THEN 2 WHEN lv < 7 THEN 3
                  WHEN lv < 13 THEN 4 ELSE 5 END AS level_drawn,
             q.received_at,
             q.received_at + interval '2 hours' AS route_due_at,
             q.received_at + interval '24 hours' AS response_due_at,
             q.received_at + CASE WHEN investigate THEN interval '2 days'
                                  ELSE interval '1 day' END AS closure_due_at,
             q.received_at + interval '3 days' AS solution_due_at,
             investigate AS needs_investigation,
             CASE WHEN q.i >= %(open_from)s THEN
                  CASE WHEN q.s < 20 THEN 'registered' WHEN q.s < 35 THEN 'routed'
                       WHEN q.s < 60 THEN 'investigating' WHEN q.s < 75 THEN 'solution_given'
                       WHEN q.s < 90 THEN 'answered' ELSE 'called_back' END
                  ELSE 'archived' END AS status,
             q.h, q.s, q.s3, q.s >= 92 AS late, q.s >= 97 AS late_route, unlevelled
      FROM (
        SELECT i, h, (h / 257) %% 100 AS s, (h / 37) %% 100 AS s3,
               %(start)s::timestamptz + i * %(gap)s * interval '1 second' AS received_at
        FROM generate_series(%(lo)s::bigint, %(hi)s::bigint - 1) AS i,
             LATERAL (SELECT (i * 2654435761) %% 4294967291 AS h) AS hashed
      ) q,
      LATERAL (SELECT (q.h / 7) %% 100 < %(share0)s AS first_company,
                      (q.h / 17) %% 100 < 5 AS no_unit,
                      (q.h / 19) %% 100 < 10 AS unlevelled,
                      (q.h / 23) %% 25 AS lv,
                      (q.h / 31) %% 100 < 40 AS investigate,
                      (q.h / 41) %% 100 AS ch,
                      ((q.h / 13) %% 10000) / 10000.0 AS pick) AS d
      JOIN bench_cmp_company c ON c.k = CASE WHEN d.first_company THEN 0 ELSE 1 END
      -- skewed: unit k is chosen with probability ∝ the gap between squares (hot units).
      JOIN bench_cmp_unit u ON u.company_k = c.k AND u.k = floor(c.units * d.pick * d.pick)
    ) r
  ) t
) o
"""


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--years", type=float, default=2.0, help="history span ending yesterday")
    parser.add_argument("--open", type=int, default=3_000, help="most recent complaints open")
    parser.add_argument("--chunk", type=int, default=100_000, help="rows per committed chunk")
    parser.add_argument("--repeat", type=int, default=30, help="timed calls per selector (≥ 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls before timing")
    parser.add_argument("--user", default="specialist", help="demo login (company scope)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE of the SQL")
    parser.add_argument("--no-setup", action="store_true", help="skip migrate/standards/demo")
    return parser.parse_args()


# --- the bench database ----------------------------------------------------------------------


def ensure_database(url: str, *, run_setup: bool) -> None:
    """Create the database with psql when missing; migrate, load packs, demo if empty."""
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"bench: DATABASE_URL must point to PostgreSQL, got {url!r}")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name.startswith("test"):
        raise SystemExit(f"bench: refusing database name {name!r} (test databases are off limits)")
    psql = [
        "psql",
        "-h",
        parts.hostname or "127.0.0.1",
        "-p",
        str(parts.port or 5432),
        "-U",
        parts.username or "postgres",
    ]
    env = {**os.environ, "PGPASSWORD": parts.password or os.environ.get("PGPASSWORD", "")}

    def value(sql: str, database: str = "postgres") -> str:
        command = [*psql, "-d", database, "-Atqc", sql]
        return subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout

    if not value(f"SELECT 1 FROM pg_database WHERE datname = '{name}'").strip():
        print(f"creating database {name}", flush=True)
        value(f'CREATE DATABASE "{name}"')
    if not run_setup:
        return
    gasdesk = str(REPO / ".venv" / "bin" / "gasdesk")
    steps: list[list[str]] = [["migrate", "--no-input", "-v", "0"]]
    steps.append(["standards", "load", "--all"])
    steps.append(["demo", "--size", "small", "--if-empty"])
    for command in steps:
        # Packs once: a re-load refuses a shipped file edited since (a new version is needed).
        if command[0] == "standards" and value(
            "SELECT 1 FROM standards_standardpack LIMIT 1", name
        ):
            print("gasdesk standards load --all: packs already loaded, skipped")
            continue
        with timed() as took:
            subprocess.run(
                [gasdesk, *command], check=True, cwd=REPO, env=env, stdout=subprocess.DEVNULL
            )
        print(f"gasdesk {' '.join(command)}: {took.seconds:.1f} s", flush=True)


# --- generating the complaints ---------------------------------------------------------------


def plan(args: argparse.Namespace, today: date) -> dict[str, Any]:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    days = max(1, round(args.years * 365.25))
    if args.count / days >= 40_000:
        raise SystemExit("bench: more than 40,000 complaints a day do not fit the numbers")
    first_day = today - timedelta(days=days)
    return {
        "count": args.count,
        "days": days,
        "per_day": math.ceil(args.count / days),  # < 40,000: the number's sequence part
        "start": datetime.combine(first_day, datetime.min.time(), tzinfo=ZoneInfo(SHANGHAI)),
        "gap": days * 86_400 / args.count,
        "open_from": args.count - args.open,
        "chunk": args.chunk,
        "share0": COMPANIES[0][1],
        "tz": SHANGHAI,
    }


def signature(params: dict[str, Any]) -> str:
    keys = ("count", "days", "open_from", "chunk", "share0")
    return ";".join(f"{k}={params[k]}" for k in keys)


def chunks_done(cursor: Any, params: dict[str, Any]) -> dict[int, int]:
    """Chunks committed so far (chunk -> rows); refuses a run with other parameters."""
    cursor.execute(f"SELECT to_regclass('{PROGRESS_TABLE}') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return {}
    cursor.execute(f"SELECT chunk, params, rows FROM {PROGRESS_TABLE} WHERE chunk >= 0")
    done = {chunk: (p, rows) for chunk, p, rows in cursor.fetchall()}
    if any(p != signature(params) for p, _ in done.values()):
        raise SystemExit(f"{PROGRESS_TABLE} holds a run with other parameters; use a fresh db")
    return {chunk: rows for chunk, (_, rows) in done.items()}


def stored_start(cursor: Any) -> str | None:
    """The first instant of the recorded run (a resumed run keeps its dates)."""
    cursor.execute(f"SELECT to_regclass('{PROGRESS_TABLE}') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return None
    cursor.execute(f"SELECT params FROM {PROGRESS_TABLE} WHERE chunk = -1")
    row = cursor.fetchone()
    return str(row[0]) if row else None


def check_not_null(cursor: Any) -> None:
    """Every NOT NULL column of the table (but id) is in the INSERT's column list."""
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND is_nullable = 'NO' AND column_name <> 'id'",
        [TABLE],
    )
    written = {c.strip() for c in COLUMNS.split(",")}
    missing = sorted(row[0] for row in cursor.fetchall() if row[0] not in written)
    if missing:
        raise SystemExit(f"bench: NOT NULL columns not generated: {', '.join(missing)}")


def prepare(cursor: Any, params: dict[str, Any]) -> None:
    from django.utils import timezone

    from gasdesk.complaints.models import Complaint
    from gasdesk.org.models import OrgUnit, User
    from gasdesk.org.roles import Role
    from gasdesk.standards.lookup import pack_for_unit

    check_not_null(cursor)
    cursor.execute("SET session_replication_role = replica")
    cursor.execute("SET synchronous_commit = off")
    for sql in SETUP_SQL[:3]:
        cursor.execute(sql)
    now = timezone.now()
    for k, (code, _) in enumerate(COMPANIES):
        company = OrgUnit.objects.filter(code=code).first()
        if company is None:
            raise SystemExit(f"bench: company {code} missing; the demo did not run?")
        agent = User.objects.filter(
            org_unit__company=company, groups__name=Role.HOTLINE_AGENT
        ).first()
        units = list(
            OrgUnit.objects.filter(company=company).exclude(pk=company.pk).order_by("path")
        )
        if agent is None or not units:
            raise SystemExit(f"bench: company {code} has no hotline agent or no units")
        pack_id = pack_for_unit(company, now).record.pk
        cursor.execute(
            "INSERT INTO bench_cmp_company VALUES (%s, %s, %s, %s, %s, 0, %s, %s)",
            [k, company.pk, pack_id, agent.pk, len(units), company.name, company.is_urban],
        )
        cursor.executemany(
            "INSERT INTO bench_cmp_unit VALUES (%s, %s, %s, %s, %s)",
            [(k, i, u.pk, u.name, u.is_urban) for i, u in enumerate(units)],
        )
    cursor.execute(SETUP_SQL[3])
    cursor.execute("CREATE INDEX ON bench_cmp_cust (company_k, k)")
    cursor.execute(
        "UPDATE bench_cmp_company c SET customers = (SELECT count(*) FROM bench_cmp_cust u "
        "WHERE u.company_k = c.k)"
    )
    cursor.execute("ANALYZE bench_cmp_cust")
    params["basis"] = json.dumps(deadline_basis(Complaint, now))
    cursor.execute(
        f"INSERT INTO {PROGRESS_TABLE} (chunk, params, rows, seconds) VALUES (-1, %s, 0, 0) "
        "ON CONFLICT (chunk) DO NOTHING",
        [params["start"].isoformat()],
    )


def deadline_basis(complaint_model: Any, now: Any) -> dict[str, Any]:
    """The JSON intake stores (one demo complaint's, else built like intake's for the first
    company at `now`): the same keys and width on every row; its dates are not the row's."""
    from gasdesk.complaints.clocks import basis
    from gasdesk.complaints.rules import rules_of
    from gasdesk.org.models import OrgUnit
    from gasdesk.standards.lookup import pack_for_unit

    demo = complaint_model.objects.filter(deadline_basis__has_key="pack").order_by("id").first()
    if demo is not None:
        return dict(demo.deadline_basis)
    company = OrgUnit.objects.get(code=COMPANIES[0][0])
    loaded = pack_for_unit(company, now)
    clocks = rules_of(loaded).clocks
    periods = {
        "route": clocks.route,
        "response": clocks.response,
        "closure": clocks.closure_clear,
        "solution": clocks.solution,
    }
    built: dict[str, Any] = {
        name: basis(period, now, now + timedelta(days=1)) for name, period in periods.items()
    }
    return built | {"pack": loaded.record.version}


def run_chunks(cursor: Any, params: dict[str, Any]) -> tuple[int, float]:
    from django.db import transaction
    from tqdm import tqdm

    sig = signature(params)
    done = chunks_done(cursor, params)
    chunks = math.ceil(params["count"] / params["chunk"])
    written, seconds = 0, 0.0
    bar = tqdm(total=params["count"], desc="投诉", unit="行", file=sys.stderr, unit_scale=True)
    bar.update(sum(done.values()))
    for chunk in range(chunks):
        if chunk in done:
            continue
        lo, hi = chunk * params["chunk"], min(params["count"], (chunk + 1) * params["chunk"])
        with timed() as took, transaction.atomic():
            cursor.execute(CHUNK_SQL, {**params, "lo": lo, "hi": hi})
            inserted = cursor.rowcount
            cursor.execute(
                f"INSERT INTO {PROGRESS_TABLE} (chunk, params, rows, seconds) "
                "VALUES (%s, %s, %s, %s)",
                [chunk, sig, inserted, took.seconds],
            )
        cursor.execute(
            f"UPDATE {PROGRESS_TABLE} SET seconds = %s WHERE chunk = %s", [took.seconds, chunk]
        )
        written += inserted
        seconds += took.seconds
        bar.update(inserted)
    bar.close()
    return written, seconds


def generate(args: argparse.Namespace) -> dict[str, Any]:
    from datetime import datetime

    from django.db import connection
    from django.utils import timezone

    params = plan(args, timezone.localdate())
    with connection.cursor() as cursor:
        stored = stored_start(cursor)
        if stored is not None:
            params["start"] = datetime.fromisoformat(stored)
        chunks = math.ceil(args.count / args.chunk)
        print(
            f"{args.count:,} complaints over {params['days']} days from "
            f"{params['start']:%Y-%m-%d} (~{params['per_day']:,} a day); {load_text()}",
            flush=True,
        )
        if len(chunks_done(cursor, params)) == chunks:
            print(f"already generated ({PROGRESS_TABLE}): nothing to do")
            written, insert_s = 0, 0.0
        else:
            prepare(cursor, params)
            written, insert_s = run_chunks(cursor, params)
            cursor.execute("SET session_replication_role = origin")
        with timed() as vacuum:
            if written:
                cursor.execute(f"VACUUM (ANALYZE) {TABLE}")
                cursor.execute("ANALYZE org_orgunit")
        cursor.execute(f"SELECT coalesce(sum(seconds), 0) FROM {PROGRESS_TABLE}")
        total_s = float(cursor.fetchone()[0])
    rows = table_rows(TABLE)
    print_table(
        ["step", "rows", "seconds", "rows/s"],
        [
            ["INSERT … SELECT (this run)", written, insert_s, _rate(written, insert_s)],
            ["INSERT … SELECT (all runs)", args.count, total_s, _rate(args.count, total_s)],
            ["VACUUM ANALYZE", 0, vacuum.seconds, 0],
        ],
    )
    print(f"complaints now: ~{rows:,}; table with indexes {relation_size(TABLE)}")
    return {
        "generated_this_run": written,
        "insert_s": round(insert_s, 1),
        "insert_s_all_runs": round(total_s, 1),
        "vacuum_s": round(vacuum.seconds, 1),
        "complaints_total": rows,
        "table_size": relation_size(TABLE),
    }


def _rate(rows: int, seconds: float) -> int:
    return round(rows / seconds) if seconds else 0


# --- timing the selectors --------------------------------------------------------------------


def last_full_quarter(today: date) -> tuple[int, int]:
    number = (today.month - 1) // 3  # the current quarter's number minus one
    return (today.year - 1, 4) if number == 0 else (today.year, number)


def cases(user: Any) -> list[tuple[str, Callable[[], Any]]]:
    from datetime import timedelta as td

    from django.utils import timezone

    from gasdesk.complaints import selectors as sel
    from gasdesk.complaints.rules import rules_for

    today = timezone.localdate()
    year, number = last_full_quarter(today)
    q = sel.quarter(year, number)
    rules = rules_for(user.org_unit, q.end - td(seconds=1))
    annual_rules = rules_for(user.org_unit, sel.quarter(today.year - 1, 4).end - td(seconds=1))
    rows = sel.department_deductions(user, rules, q)
    top = rows[0].unit if rows else user.org_unit
    desk = sel.last_days(30)
    year_period = sel.Period.of_dates(date(today.year - 1, 1, 1), date(today.year, 1, 1))
    label = f"{year}Q{number}"
    last = max(1, math.ceil(sel.deduction_drilldown(user, q, top).count() / PAGE))
    result: list[tuple[str, Callable[[], Any]]] = [
        (f"department_deductions {label}", lambda: sel.department_deductions(user, rules, q)),
        (
            f"department_deductions {label}, one unit",
            lambda: sel.department_deductions(user, rules, q, top),
        ),
        (
            f"annual_department_deductions {today.year - 1}",
            lambda: sel.annual_department_deductions(user, annual_rules, today.year - 1),
        ),
        (
            f"deduction_drilldown {label} page 1 of {PAGE} (page, API)",
            lambda: sel.page_of(sel.deduction_drilldown(user, q, top), 1),
        ),
        (
            f"deduction_drilldown {label} last page {last}",
            lambda: sel.page_of(sel.deduction_drilldown(user, q, top), last),
        ),
    ]
    for dim in sel.HOT_SPOT_DIMENSIONS:
        result.append((f"hot_spots {dim}, 30 days", partial(sel.hot_spots, user, desk, dim)))
    for dim in sel.HOT_SPOT_DIMENSIONS:
        result.append((f"hot_spots {dim}, {label}", partial(sel.hot_spots, user, q, dim)))
    result += [
        (f"complaint_metrics {label}", lambda: sel.complaint_metrics(user, q)),
        (f"complaint_metrics {today.year - 1}", lambda: sel.complaint_metrics(user, year_period)),
    ]
    print(
        f"user {user.username} ({user.org_unit}); quarter {label}: {len(rows)} units with "
        f"points, top unit {top} (id {top.pk}); "
        f"{sel.deduction_drilldown(user, q, top).count():,} complaints in its drill-down"
    )
    return result


def time_case(call: Callable[[], Any], repeat: int, warmup: int) -> tuple[Latency, int, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as captured:
        call()
    return Latency.of(samples), len(captured), [q["sql"] for q in captured.captured_queries]


def explain(sql: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        for (line,) in cursor.fetchall():
            print("    " + line)


def main() -> None:
    args = parse()
    if args.repeat < 30:
        raise SystemExit("bench: --repeat must be at least 30")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    url = os.environ["DATABASE_URL"]
    if "/test_" in url:
        raise SystemExit("bench: refusing to run against a test database")
    ensure_database(url, run_setup=not args.no_setup)
    setup()
    from _common import bench_user

    generated = generate(args)
    user = bench_user(args.user)
    timed_rows: list[list[Any]] = []
    figures: dict[str, Any] = {}
    plans: list[tuple[str, list[str]]] = []
    for name, call in cases(user):
        latency, queries, sqls = time_case(call, args.repeat, args.warmup)
        timed_rows.append(
            [name, latency.p50, latency.p95, latency.p99, latency.max, queries, latency.count]
        )
        figures[name] = {**latency.as_dict(), "queries": queries}
        plans.append((name, sqls))
        print(f"  {name}: p50 {latency.p50} ms, p99 {latency.p99} ms ({load_text()})", flush=True)
    print()
    print(f"{args.count:,} complaints; user {args.user}; times in ms; {load_text()}")
    print_table(["call", "p50", "p95", "p99", "max", "queries", "n"], timed_rows)
    if args.explain:
        for name, sqls in plans:
            if name.startswith(("department_deductions", "annual", "deduction_drilldown")) or (
                name.startswith(("hot_spots unit", "complaint_metrics"))
            ):
                for sql in sqls:
                    if "complaints_complaint" in sql:
                        print(f"\nEXPLAIN ANALYZE — {name}:\n    {sql}")
                        explain(sql)
    emit(
        "complaints_deductions",
        {"count": args.count, "user": args.user, **generated, "calls": figures},
    )


if __name__ == "__main__":
    main()
