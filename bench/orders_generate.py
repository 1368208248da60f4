"""Generate N historic work orders with INSERT … SELECT generate_series (queue bench data).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench \\
        .venv/bin/python bench/orders_generate.py --count 20000000

Needs the demo (`gasdesk demo --size small`: org tree, staff, packs, a few hundred orders) and
the customers (bench/customers_load.py). The demo's own orders are the templates: each
generated order copies one template's business type, pack, channel, texts, deadline basis and
deadline offsets (so the type mix and row width are the product's), and takes a customer of
the template's company, that customer's unit and a technician of the unit.

Shape of the history (defaults): N orders spread evenly over whole days ending yesterday
(~11,000 a day for 20 M over 5 years), numbered GD+date+sequence after the day's existing
DailySequence (which is advanced, as intake does). The last --open orders are open in a mix
of statuses (new, dispatched … suspended), one in --stuck-every older ones is stuck open
(overdue), the rest are closed (5 % cancelled, 3 % completed late).

Chunks of --chunk-days days commit one by one with a marker row in the scratch table
`bench_orders_progress`, so an interrupted run continues where it stopped and a finished one
is not repeated (re-run = no-op). Foreign-key triggers are off for this session
(session_replication_role = replica, superuser only): every id is drawn from existing rows,
and 6 RI checks per row would triple the time. Events (WorkOrderEvent) are not generated: the
queue reads no events. Ends with VACUUM ANALYZE (visibility map for index-only scans).
"""

from __future__ import annotations

import argparse
import math
import sys
from datetime import date, timedelta
from typing import Any

from _common import emit, load_text, print_table, relation_size, setup, table_rows, timed

PROGRESS_TABLE = "bench_orders_progress"
SHANGHAI = "Asia/Shanghai"
# The day's sequence has 5 digits (intake.format_number); keep room for the demo's own orders.
MAX_PER_DAY = 90_000

SETUP_SQL = [
    f"""CREATE TABLE IF NOT EXISTS {PROGRESS_TABLE} (
        chunk integer PRIMARY KEY, params text NOT NULL, rows bigint NOT NULL,
        seconds double precision NOT NULL, done_at timestamptz NOT NULL DEFAULT now())""",
    # Templates: the demo's own orders (ids at or below the first run's maximum).
    """CREATE TEMP TABLE bench_tpl AS
       SELECT row_number() OVER (ORDER BY w.id) - 1 AS k, w.company_id, w.business_type,
              w.business_type_name, w.channel, w.area, w.tier, w.description, w.address,
              w.caller_name, w.caller_phone, w.pack_id, w.deadline_basis, w.result,
              w.response_due_at - w.received_at AS resp,
              w.arrival_due_at - w.received_at AS arr,
              w.completion_due_at - w.received_at AS comp
       FROM workorders_workorder w WHERE w.id <= %(template_max_id)s""",
    # Customers by company, numbered 0..n-1 within it (a join on k picks one).
    """CREATE TEMP TABLE bench_cust AS
       SELECT u.company_id, row_number() OVER (PARTITION BY u.company_id ORDER BY c.id) - 1 AS k,
              c.id, c.org_unit_id
       FROM customers_customer c JOIN org_orgunit u ON u.id = c.org_unit_id""",
    "CREATE INDEX ON bench_cust (company_id, k)",
    """CREATE TEMP TABLE bench_company AS
       SELECT company_id, count(*) AS customers FROM bench_cust GROUP BY company_id""",
    "CREATE TEMP TABLE bench_unit (unit_id bigint PRIMARY KEY, tech_id bigint, agent_id bigint)",
]

# One chunk: rows lo..hi-1 of the series; day = i / per_day, position in day = i % per_day.
# h is a cheap per-row hash that picks template, customer and status.
CHUNK_SQL = """
INSERT INTO workorders_workorder (
    number, company_id, org_unit_id, assignee_id, business_type, business_type_name, channel,
    customer_id, caller_name, caller_phone, address, area, tier, description,
    first_responder_id, pack_id, status, status_before_suspend, suspend_reason, suspended_at,
    received_at, paid_at, response_due_at, arrival_due_at, completion_due_at, next_due_at,
    deadline_basis, responded_at, arrived_at, completed_at, closed_at,
    response_breached_at, arrival_breached_at, completion_breached_at, result,
    created_at, updated_at)
SELECT number, company_id, org_unit_id,
       CASE WHEN status = 'new' THEN NULL ELSE tech_id END,
       business_type, business_type_name, channel, customer_id, caller_name, caller_phone,
       address, area, tier, description, agent_id, pack_id, status,
       CASE WHEN status = 'suspended' THEN 'in_progress' ELSE '' END,
       CASE WHEN status = 'suspended' THEN 'customer_waiting' ELSE '' END,
       CASE WHEN status = 'suspended' THEN received_at + interval '1 hour' END,
       received_at, NULL, response_due_at, arrival_due_at, completion_due_at,
       LEAST(CASE WHEN responded_at IS NULL THEN response_due_at END,
             CASE WHEN arrived_at IS NULL THEN arrival_due_at END,
             CASE WHEN completed_at IS NULL THEN completion_due_at END),
       deadline_basis, responded_at, arrived_at, completed_at,
       CASE WHEN status IN ('closed', 'cancelled') THEN completed_at + interval '1 day' END,
       NULL, NULL, CASE WHEN late THEN completion_due_at END,
       CASE WHEN status = 'closed' THEN result ELSE '' END,
       received_at, received_at
FROM (
  SELECT r.*,
         CASE WHEN status IN ('new') THEN NULL
              ELSE received_at + COALESCE(resp, interval '20 minutes') / 2 END AS responded_at,
         CASE WHEN status IN ('closed', 'arrived', 'in_progress')
              THEN received_at + COALESCE(arr, interval '2 hours') * 0.6 END AS arrived_at,
         CASE WHEN status = 'closed'
              THEN received_at + COALESCE(comp, interval '1 day') * (CASE WHEN late THEN 1.2
                                                                       ELSE 0.7 END)
              WHEN status = 'cancelled' THEN received_at + interval '3 hours' END AS completed_at,
         received_at + resp AS response_due_at,
         received_at + arr AS arrival_due_at,
         received_at + comp AS completion_due_at
  FROM (
    SELECT 'GD' || to_char(q.day, 'YYYYMMDD')
               || lpad((COALESCE(ds.last, 0) + q.pos + 1)::text, 5, '0') AS number,
           t.company_id, c.org_unit_id, u.tech_id, u.agent_id, c.id AS customer_id,
           t.business_type, t.business_type_name, t.channel, t.caller_name, t.caller_phone,
           t.address, t.area, t.tier, t.description, t.pack_id, t.deadline_basis, t.result,
           t.resp, t.arr, t.comp,
           (q.day + make_interval(secs => q.pos * %(gap)s)) AT TIME ZONE %(tz)s AS received_at,
           CASE WHEN q.i >= %(open_from)s OR q.i %% %(stuck_every)s = 0 THEN
                CASE WHEN q.s < 30 THEN 'new' WHEN q.s < 55 THEN 'dispatched'
                     WHEN q.s < 70 THEN 'accepted' WHEN q.s < 75 THEN 'arrived'
                     WHEN q.s < 88 THEN 'in_progress'
                     WHEN q.s < 94 THEN 'suspended' ELSE 'returned' END
                WHEN q.s < 5 THEN 'cancelled' ELSE 'closed' END AS status,
           q.s >= 97 AS late
    FROM (
      SELECT i, (%(first_day)s::date + (i / %(per_day)s)::int) AS day, i %% %(per_day)s AS pos,
             h, (h / 257) %% 100 AS s
      FROM generate_series(%(lo)s::bigint, %(hi)s::bigint - 1) AS i,
           LATERAL (SELECT (i * 2654435761) %% 4294967291 AS h) AS hashed
    ) q
    JOIN bench_tpl t ON t.k = q.h %% %(templates)s
    JOIN bench_company bc ON bc.company_id = t.company_id
    JOIN bench_cust c ON c.company_id = t.company_id AND c.k = (q.h / 101) %% bc.customers
    JOIN bench_unit u ON u.unit_id = c.org_unit_id
    LEFT JOIN workorders_dailysequence ds ON ds.prefix = 'GD' AND ds.day = q.day
  ) r
) o
"""

# Advance the day counters past the numbers used, as intake.next_number would have.
SEQUENCE_SQL = """
INSERT INTO workorders_dailysequence (prefix, day, last)
SELECT 'GD', d::date, %(per_day)s FROM generate_series(%(d0)s::date, %(d1)s::date, '1 day') d
ON CONFLICT (prefix, day) DO UPDATE SET last = workorders_dailysequence.last + %(per_day)s
"""


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=20_000_000)
    parser.add_argument("--years", type=float, default=5.0, help="history span ending yesterday")
    parser.add_argument("--open", type=int, default=20_000, help="most recent orders left open")
    parser.add_argument("--stuck-every", type=int, default=5_000, help="1 in N older ones open")
    parser.add_argument("--chunk-days", type=int, default=60, help="days per committed chunk")
    return parser.parse_args()


def plan(args: argparse.Namespace, today: date) -> dict[str, Any]:
    days = max(1, round(args.years * 365.25))
    per_day = math.ceil(args.count / days)
    if per_day > MAX_PER_DAY:
        raise SystemExit(f"{per_day} orders a day do not fit the 5-digit daily sequence")
    days = math.ceil(args.count / per_day)
    return {
        "count": args.count,
        "days": days,
        "per_day": per_day,
        "first_day": today - timedelta(days=days),
        "gap": 86_400 / per_day,
        "open_from": args.count - args.open,
        "stuck_every": args.stuck_every,
        "chunk_days": args.chunk_days,
        "tz": SHANGHAI,
    }


def stored_run(cursor: Any) -> tuple[int, date] | None:
    """(template_max_id, first_day) of the run recorded in the progress table, if any."""
    cursor.execute(f"SELECT to_regclass('{PROGRESS_TABLE}') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return None
    cursor.execute(f"SELECT params FROM {PROGRESS_TABLE} WHERE chunk = -1")
    row = cursor.fetchone()
    if row is None:
        return None
    template_max_id, first_day = row[0].split(";")
    return int(template_max_id), date.fromisoformat(first_day)


def chunks_done(cursor: Any, params: dict[str, Any]) -> dict[int, int]:
    """Chunks already committed (chunk -> rows); refuses a run with other parameters."""
    cursor.execute(f"SELECT to_regclass('{PROGRESS_TABLE}') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return {}
    cursor.execute(f"SELECT chunk, params, rows FROM {PROGRESS_TABLE} WHERE chunk >= 0")
    done = {chunk: (p, rows) for chunk, p, rows in cursor.fetchall()}
    if any(p != signature(params) for p, _ in done.values()):
        raise SystemExit(f"{PROGRESS_TABLE} holds a run with other parameters; use a fresh db")
    return {chunk: rows for chunk, (_, rows) in done.items()}


def prepare(cursor: Any, params: dict[str, Any]) -> None:
    from gasdesk.org.models import OrgUnit, User
    from gasdesk.org.roles import Role

    cursor.execute("SET session_replication_role = replica")
    cursor.execute("SET synchronous_commit = off")
    if not params.get("template_max_id"):
        cursor.execute("SELECT COALESCE(max(id), 0) FROM workorders_workorder")
        params["template_max_id"] = cursor.fetchone()[0]
    if not params["template_max_id"]:
        raise SystemExit("no template orders: run `gasdesk demo --size small` first")
    for sql in SETUP_SQL:
        cursor.execute(sql, params)
    cursor.execute(
        f"INSERT INTO {PROGRESS_TABLE} (chunk, params, rows, seconds) VALUES (-1, %s, 0, 0) "
        "ON CONFLICT (chunk) DO NOTHING",
        [f"{params['template_max_id']};{params['first_day'].isoformat()}"],
    )
    cursor.execute("SELECT count(*) FROM bench_tpl")
    params["templates"] = cursor.fetchone()[0]
    staff = _unit_staff(OrgUnit, User, Role)
    cursor.executemany("INSERT INTO bench_unit VALUES (%s, %s, %s)", staff)
    cursor.execute("ANALYZE bench_cust")


def _unit_staff(org_unit: Any, user: Any, role: Any) -> list[tuple[int, int, int]]:
    """Each customer unit with a technician of its subtree and a hotline agent of its company."""
    rows = []
    for unit in org_unit.objects.filter(customers__isnull=False).distinct():
        subtree = org_unit.objects.subtree(unit)
        tech = user.objects.filter(org_unit__in=subtree, groups__name=role.TECHNICIAN).first()
        agent = user.objects.filter(
            org_unit__company_id=unit.company_id, groups__name=role.HOTLINE_AGENT
        ).first()
        if tech is None or agent is None:
            raise SystemExit(f"unit {unit.code}: no technician or hotline agent (demo missing?)")
        rows.append((unit.pk, tech.pk, agent.pk))
    return rows


def signature(params: dict[str, Any]) -> str:
    keys = ("count", "days", "per_day", "open_from", "stuck_every", "chunk_days")
    return ";".join(f"{k}={params[k]}" for k in keys)


def run_chunks(cursor: Any, params: dict[str, Any]) -> tuple[int, float]:
    from django.db import transaction
    from tqdm import tqdm

    sig = signature(params)
    done = chunks_done(cursor, params)
    chunks = math.ceil(params["days"] / params["chunk_days"])
    written, seconds = 0, 0.0
    bar = tqdm(total=params["count"], desc="工单", unit="行", file=sys.stderr, unit_scale=True)
    bar.update(sum(done.values()))
    for chunk in range(chunks):
        if chunk in done:
            continue
        d0 = chunk * params["chunk_days"]
        d1 = min(params["days"], d0 + params["chunk_days"])
        lo, hi = d0 * params["per_day"], min(params["count"], d1 * params["per_day"])
        with timed() as took, transaction.atomic():
            cursor.execute(CHUNK_SQL, {**params, "lo": lo, "hi": hi})
            inserted = cursor.rowcount
            first, last = params["first_day"] + timedelta(d0), params["first_day"] + timedelta(d1)
            sequence = {"per_day": params["per_day"], "d0": first, "d1": last - timedelta(1)}
            cursor.execute(SEQUENCE_SQL, sequence)
            cursor.execute(
                f"INSERT INTO {PROGRESS_TABLE} (chunk, params, rows, seconds) "
                "VALUES (%s, %s, %s, %s)",
                [chunk, sig, inserted, 0],
            )
        cursor.execute(
            f"UPDATE {PROGRESS_TABLE} SET seconds = %s WHERE chunk = %s", [took.seconds, chunk]
        )
        written += inserted
        seconds += took.seconds
        bar.update(inserted)
    bar.close()
    return written, seconds


def main() -> None:
    args = parse()
    setup()
    from django.db import connection
    from django.utils import timezone

    params = plan(args, timezone.localdate())
    with connection.cursor() as cursor:
        stored = stored_run(cursor)
        if stored is not None:  # continue the recorded run: same templates, same first day
            params["template_max_id"], params["first_day"] = stored
        print(
            f"{args.count:,} orders over {params['days']} days from {params['first_day']} "
            f"({params['per_day']:,} a day); {load_text()}"
        )
        chunks = math.ceil(params["days"] / params["chunk_days"])
        if len(chunks_done(cursor, params)) == chunks:
            print("already generated (bench_orders_progress): nothing to do")
            written, insert_seconds = 0, 0.0
        else:
            prepare(cursor, params)
            written, insert_seconds = run_chunks(cursor, params)
        with timed() as vacuum:
            if written:
                cursor.execute("VACUUM (ANALYZE) workorders_workorder")
                cursor.execute("VACUUM (ANALYZE) workorders_dailysequence")
        cursor.execute(f"SELECT coalesce(sum(seconds), 0) FROM {PROGRESS_TABLE}")
        total_insert = float(cursor.fetchone()[0])
    report(params, written, insert_seconds, total_insert, vacuum.seconds)


def report(
    params: dict[str, Any], written: int, seconds: float, total: float, vacuum: float
) -> None:
    rows = table_rows("workorders_workorder")
    print()
    print_table(
        ["step", "rows", "seconds", "rows/s"],
        [
            [
                "INSERT … SELECT (this run)",
                written,
                seconds,
                round(written / seconds) if seconds else 0,
            ],
            [
                "INSERT … SELECT (all chunks, all runs)",
                params["count"],
                total,
                round(params["count"] / total) if total else 0,
            ],
            ["VACUUM ANALYZE", 0, vacuum, 0],
        ],
    )
    print(
        f"work orders now: ~{rows:,}; table with indexes {relation_size('workorders_workorder')};"
        f" {load_text()}"
    )
    emit(
        "orders_generate",
        {
            "count": params["count"],
            "written_this_run": written,
            "insert_s": round(seconds, 1),
            "insert_s_all_runs": round(total, 1),
            "vacuum_s": round(vacuum, 1),
            "orders_total": rows,
            "per_day": params["per_day"],
            "open_from_index": params["open_from"],
        },
    )


if __name__ == "__main__":
    main()
