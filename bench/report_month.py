"""The monthly service report (RPT-1/2) for a company with N orders that month, per section.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE gasdesk_bench_h3"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench_h3 .venv/bin/gasdesk migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench_h3 \\
        .venv/bin/python bench/report_month.py --count 1000000

Reuses kpi_month.py's data (company KPIB on the chaohu pack, March 2026 filled by INSERT …
SELECT generate_series; a re-run only measures). Builds the report as the company's specialist
(read only: it stores no snapshot) and prints each section's time, best of --repeat runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from calendar import monthrange

from _common import emit, print_table, setup
from kpi_month import MONTH, ensure_org, fill


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--company", default="KPIB", help="an existing company's code")
    return parser.parse_args()


def main() -> None:
    args = parse()
    setup()
    from django.utils import timezone

    from gasdesk.quality import order_facts
    from gasdesk.reports.monthly import build_monthly_report
    from gasdesk.workorders.models import WorkOrder

    company, units, user = ensure_org(args.company)
    filled = fill(company, units, user, args.count)
    orders = WorkOrder.objects.filter(company=company).count()
    now = timezone.now()  # as the facts were last refreshed (see kpi_month.measure)
    started = time.perf_counter()
    order_facts.refresh(now)
    refresh_ms = (time.perf_counter() - started) * 1000
    days = [MONTH + dt.timedelta(days=i) for i in range(monthrange(MONTH.year, MONTH.month)[1])]
    started = time.perf_counter()
    written = order_facts.rebuild_days(company.pk, days, days, now)
    month_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    order_facts.rebuild_days(company.pk, days[14:15], days[14:15], now)
    day_ms = (time.perf_counter() - started) * 1000
    print(
        f"facts: refresh {refresh_ms:.0f} ms; rebuild the month {month_ms:.0f} ms "
        f"({written:,} rows); rebuild one day {day_ms:.0f} ms"
    )
    runs = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        report = build_monthly_report(user, company, MONTH, now=now)
        runs.append((time.perf_counter() - started, report.timings_ms))
    wall, timings = min(runs, key=lambda run: run[0])
    print(f"orders of the company: {orders:,} (filled in {filled:.0f} s)")
    print_table(["section", "ms"], sorted(timings.items(), key=lambda kv: -kv[1]))
    print(f"wall {wall * 1000:.0f} ms (best of {args.repeat})")
    emit(
        "report_month",
        {
            "orders": orders,
            "wall_ms": round(wall * 1000),
            "facts_month_rebuild_ms": round(month_ms),
            "facts_day_rebuild_ms": round(day_ms),
            "facts_rows_month": written,
            **timings,
        },
    )


if __name__ == "__main__":
    main()
