"""Daily callback generation for 100,000 completed orders of one day (CB-2…5), on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench_callbacks \\
        .venv/bin/python bench/callbacks_daily.py --orders 100000

Self-contained: migrates the database, loads the shipped packs, makes one company (巢湖 pack)
with 4 units, 20,000 customers (1 % hazard, 1 % key-care, 2 % complainants) and one template
order made through the intake service; then INSERT … SELECT generate_series creates the orders
completed on the service day, in the pack's business-type mix. Each run uses a new service day
(after the last one benched), so a re-run measures a fresh day. Timed: the job's one function
`generation.create_day_batch` (query, sampling, bulk insert of tasks and events), then the
idempotent second call (must be a no-op).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from _common import emit, print_table, setup, timed

SHANGHAI = ZoneInfo("Asia/Shanghai")
COMPANY_CODE = "BENCH-CB"
# Business types of the chaohu pack with a rough daily mix (weights sum to 100).
MIX = [
    ("meter_charging", 40),
    ("safety_inspection", 25),
    ("repair", 15),
    ("counter_service", 10),
    ("consultation", 6),
    ("pipe_modification", 2),
    ("gas_on", 1),
    ("scattered_works", 1),
]


def _world() -> tuple[Any, Any, Any]:
    """The company, its units, a hotline agent and one template order (idempotent)."""
    from gasdesk.org.models import OrgUnit
    from gasdesk.org.roles import Role
    from gasdesk.org.services import create_org_unit, create_user
    from gasdesk.standards.loading import load_all_shipped

    list(load_all_shipped())
    company = OrgUnit.objects.filter(code=COMPANY_CODE).first()
    if company is None:
        company = create_org_unit(
            name="基准燃气",
            code=COMPANY_CODE,
            kind="company",
            parent=None,
            standard_company="chaohu",
        )
        for n in range(4):
            create_org_unit(
                name=f"基准服务所{n}", code=f"{COMPANY_CODE}-{n}", kind="unit", parent=company
            )
        create_user(
            username="bench_cb_agent",
            password="bench-pw-123",
            org_unit=company,
            roles=[Role.HOTLINE_AGENT],
            display_name="基准受理员",
        )
    from gasdesk.org.models import User

    agent = User.objects.get(username="bench_cb_agent")
    return company, agent, _template(company, agent)


def _template(company: Any, agent: Any) -> Any:
    from gasdesk.workorders.intake import WorkOrderInput, create_work_order
    from gasdesk.workorders.models import WorkOrder

    found = WorkOrder.objects.filter(company=company).order_by("id").first()
    if found is not None:
        return found
    unit = company.children.order_by("id").first()
    return create_work_order(
        WorkOrderInput(
            business_type="repair",
            channel="hotline",
            description="基准模板",
            caller_name="王先生",
            caller_phone="13812345678",
            address="巢湖市1号",
            org_unit=unit,
        ),
        by=agent,
    )


CUSTOMERS_SQL = """
INSERT INTO customers_customer (org_unit_id, account_no, name, category, id_number,
    contract_volume_m3_per_day, actual_volume_m3_per_day, tier, tier_is_manual, tier_reason,
    is_active, created_at, updated_at, flag_government, flag_media, flag_gov_influential,
    flag_resident_influencer, flag_vulnerable, flag_complained, flag_stable_use, flag_easy_exit,
    flag_no_alternative, flag_pillar_industry, flag_hazard, flag_key_care)
SELECT (SELECT id FROM org_orgunit WHERE code = %(company)s || '-' || (g %% 4)),
    'BCB' || lpad(g::text, 9, '0'), '基准客户' || g, 'residential', '', 0, 0, 'general', false,
    '', true, now(), now(), false, false, false, false, false, g %% 50 = 1, false, false, false,
    false, g %% 100 = 3, g %% 100 = 7
FROM generate_series(1, %(n)s) g
ON CONFLICT (account_no) DO NOTHING
"""

ORDERS_SQL = """
INSERT INTO workorders_workorder (number, company_id, org_unit_id, assignee_id, business_type,
    business_type_name, channel, customer_id, caller_name, caller_phone, address, area, tier,
    description, first_responder_id, pack_id, status, status_before_suspend, suspend_reason,
    received_at, deadline_basis, result, completed_at, created_at, updated_at)
SELECT 'CB' || to_char(%(day)s::date, 'YYYYMMDD') || lpad(g::text, 7, '0'), t.company_id,
    c.org_unit_id, NULL, mix.code, mix.code, t.channel, c.id, t.caller_name, t.caller_phone,
    t.address, t.area, t.tier, t.description, t.first_responder_id, t.pack_id, 'completed', '',
    '', %(start)s::timestamptz + (g %% 36000) * interval '1 second', '{}'::jsonb, '已完成',
    %(start)s::timestamptz + (g %% 36000) * interval '1 second' + interval '2 hours', now(), now()
FROM generate_series(1, %(n)s) g
JOIN workorders_workorder t ON t.id = %(template)s
JOIN LATERAL (SELECT code FROM unnest(%(codes)s::text[]) WITH ORDINALITY AS m(code, k)
              WHERE k = 1 + (g %% array_length(%(codes)s::text[], 1))) mix ON true
JOIN customers_customer c ON c.account_no = 'BCB' || lpad((1 + g %% %(customers)s)::text, 9, '0')
"""


def _codes() -> list[str]:
    return [code for code, weight in MIX for _ in range(weight)]


def _next_day() -> date:
    from gasdesk.callbacks.models import CallbackBatch

    last = CallbackBatch.objects.order_by("-service_day").values_list("service_day", flat=True)
    first = last.first()
    return (first + timedelta(days=1)) if first else date(2026, 1, 5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=20_000)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection

    from gasdesk.callbacks.generation import create_day_batch
    from gasdesk.callbacks.models import CallbackEvent, CallbackTask

    call_command("migrate", verbosity=0)
    company, _agent, template = _world()
    day = _next_day()
    start = datetime.combine(day, time(8), tzinfo=SHANGHAI)
    with connection.cursor() as cursor, timed() as fill:
        cursor.execute(CUSTOMERS_SQL, {"company": COMPANY_CODE, "n": args.customers})
        cursor.execute(
            ORDERS_SQL,
            {
                "day": day,
                "start": start,
                "n": args.orders,
                "template": template.pk,
                "codes": _codes(),
                "customers": args.customers,
            },
        )
        cursor.execute("ANALYZE workorders_workorder")
    now = datetime.combine(day + timedelta(days=1), time(1), tzinfo=SHANGHAI)
    with timed() as job:
        batch = create_day_batch(company, day, now=now)
    with timed() as again:
        repeat = create_day_batch(company, day, now=now)
    if batch is None or repeat is not None:
        raise SystemExit("bench: the day was created before or twice")
    tasks = CallbackTask.objects.filter(batch=batch).count()
    events = CallbackEvent.objects.filter(task__batch=batch).count()
    rows = [
        [code, c["population"], c["ratio_percent"], c["chosen"]] for code, c in batch.counts.items()
    ]
    print(f"service day {day}: {args.orders} completed orders")
    print_table(["group", "population", "ratio %", "chosen"], rows)
    print_table(
        ["step", "seconds"],
        [
            ["insert orders (generate_series)", round(fill.seconds, 2)],
            ["create_day_batch (first run)", round(job.seconds, 2)],
            ["create_day_batch (second run, no-op)", round(again.seconds, 4)],
        ],
    )
    emit(
        "callbacks_daily",
        {
            "orders": args.orders,
            "tasks": tasks,
            "events": events,
            "job_seconds": round(job.seconds, 3),
            "repeat_seconds": round(again.seconds, 4),
        },
    )


if __name__ == "__main__":
    main()
