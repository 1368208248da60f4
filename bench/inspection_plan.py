"""Generate a year's safety-inspection plan for 1 million customers (INSP-1) on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench_h \\
        .venv/bin/python bench/inspection_plan.py --customers 1000000 --year 2027

Reuses (or creates) the population of bench/outage_notify.py: units of 50,000 customers (1 in
50 commercial), two technicians per unit. Then times `generate_inspection_plan` on the
company: one INSERT … SELECT per unit (frequency from the pack, NTILE per technician, even
spread over the year's periods), with a tqdm bar per unit. A plan already made for the year
is dropped first, so the run can be repeated. Prints visits, households, rate and the
distribution (visits per month, max per technician-day).
"""

from __future__ import annotations

import argparse
import sys

from _common import emit, load_text, print_table, relation_size, setup, timed
from outage_notify import PER_UNIT, ensure_population, planner_user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2027)
    args = parser.parse_args()
    setup()
    from tqdm import tqdm

    from gasdesk.campaigns.models import InspectionPlan
    from gasdesk.campaigns.services.inspections import generate_inspection_plan

    with timed() as population:
        company, units = ensure_population(max(1, -(-args.customers // PER_UNIT)))
    by = planner_user(company)
    InspectionPlan.objects.filter(org_unit=company, year=args.year).delete()
    bar = tqdm(total=len(units), desc="生成安检计划", unit="片区", file=sys.stderr)
    with bar, timed() as clock:
        plan = generate_inspection_plan(
            company, args.year, by=by, progress=lambda done, total: bar.update(1)
        )
    spread = _spread(plan.pk)
    rows: list[list[object]] = [
        ["population (first run only)", f"{population.seconds:.1f} s", ""],
        ["units", len(units), ""],
        ["planned households", f"{plan.planned_households:,}", ""],
        ["planned visits", f"{plan.planned_visits:,}", relation_size("campaigns_inspectionvisit")],
        [
            "generate plan",
            f"{clock.seconds:.1f} s",
            f"{plan.planned_visits / clock.seconds:,.0f} visits/s",
        ],
        ["visits per month (min–max)", f"{spread['month_min']:,}–{spread['month_max']:,}", ""],
        ["max visits per technician-day", spread["tech_day_max"], ""],
    ]
    print(load_text())
    print_table(["figure", "value", "rate"], rows)
    emit(
        "inspection_plan",
        {
            "households": plan.planned_households,
            "visits": plan.planned_visits,
            "seconds": round(clock.seconds, 1),
            **spread,
        },
    )


def _spread(plan_id: int) -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT min(n), max(n) FROM (SELECT count(*) n FROM campaigns_inspectionvisit
               WHERE plan_id = %s GROUP BY date_trunc('month', planned_on)) m""",
            [plan_id],
        )
        month_min, month_max = cursor.fetchone()
        cursor.execute(
            """SELECT max(n) FROM (SELECT count(*) n FROM campaigns_inspectionvisit
               WHERE plan_id = %s GROUP BY technician_id, planned_on) d""",
            [plan_id],
        )
        (tech_day_max,) = cursor.fetchone()
    return {"month_min": month_min, "month_max": month_max, "tech_day_max": tech_day_max}


if __name__ == "__main__":
    main()
