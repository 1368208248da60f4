"""One month's KPIs (KPI-1…20) for a company with N orders that month, per indicator.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE gasdesk_bench_h3"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench_h3 .venv/bin/gasdesk migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench_h3 \\
        .venv/bin/python bench/kpi_month.py --count 1000000

Self-contained: creates a company on the chaohu pack with 10 units and a specialist (idempotent),
loads the shipped packs, and fills one month (March 2026) with N orders by INSERT … SELECT
generate_series over the business types the chaohu indicators count, plus other types as
noise, with tiers, statuses and on-time/late outcomes drawn from a per-row hash. A re-run
with the same month finds the orders and only measures. Prints the time of each indicator
(company scope and one unit's subtree), the per-tier table and a drill-down page.

`--company CHAOHU` measures an existing company instead (e.g. the one holding the 5 M customers
of `customers_load.py` in the main bench database), topping its month up to N orders.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Any
from zoneinfo import ZoneInfo

from _common import emit, load_text, print_table, setup

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONTH = dt.date(2026, 3, 1)
COMPANY_CODE = "KPIB"
TYPES = [  # (business type, clock, deadline) of chaohu's pack; the last two are noise
    ("repair", "arrival", "4 hours"),
    ("emergency", "arrival", "30 minutes"),
    ("gas_on", "completion", "4 days"),
    ("indoor_install", "completion", "10 days"),
    ("commercial_install", "completion", "12 days"),
    ("consultation", None, None),
    ("counter_service", None, None),
]

INSERT_SQL = """
INSERT INTO workorders_workorder (
    number, company_id, org_unit_id, business_type, business_type_name, channel, caller_name,
    caller_phone, address, area, tier, description, first_responder_id, pack_id, status,
    status_before_suspend, suspend_reason, received_at, response_due_at, arrival_due_at,
    completion_due_at, deadline_basis, arrived_at, completed_at, result, created_at, updated_at)
SELECT %(prefix)s || lpad(i::text, 10, '0'), %(company)s,
       (%(units)s::bigint[])[1 + h %% %(n_units)s],
       t.code, t.code, 'hotline', '', '', '', 'urban',
       (ARRAY['vip', 'important', 'key', 'general', 'general', 'general', 'general',
              'general'])[1 + (h / 7) %% 8],
       'bench', %(user)s, %(pack)s,
       CASE WHEN s < 3 THEN 'cancelled' WHEN s < 8 THEN 'in_progress' ELSE 'closed' END,
       '', '', received_at,
       NULL,
       CASE WHEN t.clock = 'arrival' THEN received_at + t.due END,
       CASE WHEN t.clock = 'completion' THEN received_at + t.due END,
       '{}'::jsonb,
       CASE WHEN t.clock = 'arrival' AND s >= 8
            THEN received_at + t.due * (CASE WHEN s >= 96 THEN 1.3 ELSE 0.6 END) END,
       CASE WHEN s >= 8 THEN received_at + COALESCE(t.due, interval '1 hour')
                                          * (CASE WHEN s >= 96 THEN 1.3 ELSE 0.8 END) END,
       '', received_at, received_at
FROM generate_series(1, %(count)s) AS i,
     LATERAL (SELECT (i * 2654435761) %% 4294967291 AS h) AS hashed,
     LATERAL (SELECT (h / 257) %% 100 AS s,
                     %(start)s::timestamptz
                       + (i - 1) * (%(seconds)s / %(count)s) * interval '1 second' AS received_at
             ) AS derived,
     LATERAL (SELECT code, clock, due::interval FROM (VALUES %(types)s) AS v(k, code, clock, due)
              WHERE k = (h / 13) %% %(n_types)s) AS t
"""


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per indicator (best)")
    parser.add_argument("--company", default=COMPANY_CODE, help="an existing company's code")
    return parser.parse_args()


def ensure_org(code: str = COMPANY_CODE) -> tuple[Any, list[Any], Any]:
    from gasdesk.org.models import OrgUnit, OrgUnitKind, User
    from gasdesk.org.roles import Role
    from gasdesk.org.services import create_org_unit, create_user
    from gasdesk.standards.loading import load_all_shipped
    from gasdesk.standards.models import StandardPack

    if not StandardPack.objects.filter(company="chaohu").exists():
        load_all_shipped()
    company = OrgUnit.objects.filter(code=code).first()
    if company is None and code != COMPANY_CODE:
        raise SystemExit(f"no company with code {code}")
    if company is None:
        company = create_org_unit(
            name="KPI压测公司",
            code=COMPANY_CODE,
            kind=OrgUnitKind.COMPANY,
            standard_company="chaohu",
        )
        for n in range(10):
            create_org_unit(
                name=f"服务所{n}",
                code=f"{COMPANY_CODE}{n:02d}",
                kind=OrgUnitKind.UNIT,
                parent=company,
            )
    units = list(OrgUnit.objects.subtree(company).filter(kind=OrgUnitKind.UNIT).order_by("code"))
    username = f"kpi_bench_{code.lower()}"
    user = User.objects.filter(username=username).first() or create_user(
        username=username, password="kpi-bench-1", org_unit=company, roles=[Role.SPECIALIST]
    )
    return company, units, user


def _sql(text: str | None) -> str:
    """A constant of the TYPES table as an SQL literal (fixed strings of this file only)."""
    return "NULL" if text is None else f"'{text}'"


def fill(company, units, user, count: int) -> float:  # type: ignore[no-untyped-def]
    """Insert the month's orders unless they are there already; seconds taken (0 if skipped)."""
    from django.db import connection, transaction

    from gasdesk.standards.lookup import pack_in_force
    from gasdesk.workorders.models import WorkOrder

    start = dt.datetime.combine(MONTH, dt.time(), tzinfo=SHANGHAI)
    end = dt.datetime(2026, 4, 1, tzinfo=SHANGHAI)
    month = WorkOrder.objects.filter(company=company, received_at__gte=start, received_at__lt=end)
    missing = count - month.count()
    if missing <= 0:
        return 0.0
    types = ", ".join(
        f"({k}, {_sql(code)}, {_sql(clock)}, {_sql(due)})"
        for k, (code, clock, due) in enumerate(TYPES)
    )
    params = {
        "company": company.pk,
        "prefix": f"KB{company.pk}-",
        "units": [u.pk for u in units],
        "n_units": len(units),
        "user": user.pk,
        "pack": pack_in_force("chaohu", start).record.pk,
        "count": missing,
        "start": start,
        "seconds": (end - start).total_seconds(),
        "n_types": len(TYPES),
    }
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(INSERT_SQL.replace("%(types)s", types), params)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE workorders_workorder")
    return time.perf_counter() - began


def best(call: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - began)
    return min(times) * 1000, result


def measure(user: Any, unit: Any, repeat: int) -> list[list[Any]]:
    from django.utils import timezone

    from gasdesk.quality.kpi.figures import period_containing
    from gasdesk.quality.kpi.registry import AGGREGATES
    from gasdesk.quality.kpi.selectors import (
        kpi_records,
        kpi_scope,
        kpi_table,
        kpi_tier_table,
    )

    # Today, as the facts were refreshed (a fixed past `now` would make the first read rebuild
    # every day whose open orders fell due in between).
    now = timezone.now()
    period = period_containing(MONTH, "month")
    rows: list[list[Any]] = []
    for unit_id, label in ((None, "company"), (unit.pk, "unit")):
        ms, scope = best(lambda u=unit_id: kpi_scope(user, unit_id=u, period=period, now=now), 1)
        rows.append([label, "scope (role, unit, pack, facts refresh)", "", "", "", ms])
        indicators = scope.pack.indicators
        assert indicators is not None, "the bench company's pack has an indicators section"
        for item in indicators.items:
            source = AGGREGATES.get(item.rule.kind)
            if source is None:
                continue
            ms, counts = best(lambda s=source, i=item, sc=scope: s.counts(i.rule, sc), repeat)
            rows.append(
                [label, item.code, counts.numerator, counts.denominator, str(counts.value), ms]
            )
        ms, _ = best(lambda sc=scope: kpi_table(sc), repeat)
        rows.append([label, "table (all, order KPIs batched)", "", "", "", ms])
        ms, _ = best(lambda sc=scope: kpi_tier_table(sc), repeat)
        rows.append([label, "tier table (all)", "", "", "", ms])
        ms, _ = best(
            lambda sc=scope: kpi_records(sc, "kpi.repair_timeliness", part="denominator"), repeat
        )
        rows.append([label, "drill-down page 1", "", "", "", ms])
    return rows


def main() -> None:
    args = parse()
    setup()
    company, units, user = ensure_org(args.company)
    filled = fill(company, units, user, args.count)
    print(
        f"kpi_month: {args.count:,} orders in {MONTH:%Y-%m}; insert {filled:.1f} s; {load_text()}"
    )
    rows = measure(user, units[0], args.repeat)
    print_table(["scope", "indicator", "numerator", "denominator", "value", "ms"], rows)
    emit(
        "kpi_month",
        {
            "orders": args.count,
            "insert_s": round(filled, 1),
            "ms": {f"{r[0]}:{r[1]}": round(float(r[5]), 1) for r in rows},
        },
    )


if __name__ == "__main__":
    main()
