"""Notify 100,000 customers of a planned outage (OUT-1, SMS-1) on PostgreSQL.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE gasdesk_bench_h'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench_h .venv/bin/gasdesk migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gasdesk_bench_h \\
        .venv/bin/python bench/outage_notify.py --customers 100000

Creates its own population the first time (idempotent): a company on the chaohu pack, units
of 50,000 customers each (INSERT … SELECT generate_series: customers, a phone and a primary
address each), two technicians per unit; the first two units lie on 湖光路. Then, timed:
1. `publish_outage` of an outage selected by address (湖光路): materialise the affected set
   and queue one SMS per customer (both INSERT … SELECT, one transaction);
2. the drain: `deliver_due` in batches of 1,000 through the log backend (logger muted), with
   a tqdm bar, until the queue is empty.
Prints a table and one BENCH line.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import timedelta
from typing import Any

from _common import emit, load_text, print_table, relation_size, setup, timed

PER_UNIT = 50_000
COMPANY_CODE = "BENCHH"
STREETS = ("湖光路", "湖光路", "健康路", "卧牛山路", "半汤路")

CUSTOMERS_SQL = """
INSERT INTO customers_customer (org_unit_id, account_no, name, category, id_number,
    contract_volume_m3_per_day, actual_volume_m3_per_day, flag_government, flag_media,
    flag_gov_influential, flag_resident_influencer, flag_vulnerable, flag_complained,
    flag_stable_use, flag_easy_exit, flag_no_alternative, flag_pillar_industry, flag_hazard,
    flag_key_care, tier, tier_is_manual, tier_reason, is_active, created_at, updated_at)
SELECT %(unit)s, %(prefix)s || lpad(g::text, 6, '0'), '用户' || g,
    CASE WHEN g %% 50 = 0 THEN 'commercial' ELSE 'residential' END, '', 0, 0,
    false, false, false, false, false, false, false, false, false, false, false, false,
    'general', false, '', true, now(), now()
FROM generate_series(1, %(count)s) g
"""
PHONES_SQL = """
INSERT INTO customers_customerphone (customer_id, number, digits, digits_reversed)
SELECT c.id, n, n, reverse(n) FROM (
    SELECT id, '139' || lpad((id %% 100000000)::text, 8, '0') AS n
    FROM customers_customer WHERE org_unit_id = %(unit)s) c
"""
ADDRESS_SQL = """
INSERT INTO customers_customeraddress (customer_id, text, area, is_primary)
SELECT id, '巢湖市' || %(street)s || (id %% 500) || '号' || (id %% 20) || '栋'
    || (id %% 300) || '室', 'urban', true
FROM customers_customer WHERE org_unit_id = %(unit)s
"""


def ensure_population(units: int, per_unit: int = PER_UNIT) -> tuple[Any, list[Any]]:
    """The bench company and `units` units of `per_unit` customers (created once)."""
    from tqdm import tqdm

    from gasdesk.customers.models import Customer
    from gasdesk.org.models import OrgUnit, OrgUnitKind
    from gasdesk.org.roles import Role
    from gasdesk.org.services import create_org_unit, create_user
    from gasdesk.standards.loading import PackError, load_all_shipped

    try:
        load_all_shipped()
    except PackError as error:  # packs stored by an earlier run stay in force (immutable rows)
        print(f"packs: keeping the stored versions ({error})"[:200], file=sys.stderr)
    company = OrgUnit.objects.filter(code=COMPANY_CODE).first() or create_org_unit(
        name="巢湖新奥燃气（压测）",
        code=COMPANY_CODE,
        kind=OrgUnitKind.COMPANY,
        standard_company="chaohu",
    )
    made = []
    for n in tqdm(range(1, units + 1), desc="客户片区", unit="片区", file=sys.stderr):
        code = f"{COMPANY_CODE}-U{n:02d}"
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            unit = create_org_unit(
                name=f"压测服务所{n}", code=code, kind=OrgUnitKind.UNIT, parent=company
            )
            for t in (1, 2):
                create_user(
                    username=f"bench_h_tech{n}_{t}",
                    password="demo12345",
                    org_unit=unit,
                    roles=[Role.TECHNICIAN],
                )
        if not Customer.objects.filter(org_unit=unit).exists():
            _fill_unit(unit.pk, f"H{n:02d}", per_unit, STREETS[(n - 1) % len(STREETS)])
        made.append(unit)
    planner = OrgUnit.objects.get(code=COMPANY_CODE)
    return planner, made


def _fill_unit(unit_id: int, prefix: str, count: int, street: str) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(CUSTOMERS_SQL, {"unit": unit_id, "prefix": prefix, "count": count})
        cursor.execute(PHONES_SQL, {"unit": unit_id})
        cursor.execute(ADDRESS_SQL, {"unit": unit_id, "street": street})
    with connection.cursor() as cursor:
        for table in ("customer", "customerphone", "customeraddress"):
            cursor.execute(f"ANALYZE customers_{table}")


def planner_user(company: Any) -> Any:
    from gasdesk.org.models import User
    from gasdesk.org.roles import Role
    from gasdesk.org.services import create_user

    return User.objects.filter(username="bench_h_specialist").first() or create_user(
        username="bench_h_specialist",
        password="demo12345",
        org_unit=company,
        roles=[Role.SPECIALIST],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args()
    setup()
    logging.getLogger("gasdesk.sms").setLevel(logging.WARNING)
    from django.utils import timezone

    from gasdesk.campaigns.models import SelectionKind
    from gasdesk.campaigns.services.outages import OutageInput, create_outage, publish_outage
    from gasdesk.notices.models import Message

    units = max(2, -(-args.customers // PER_UNIT))
    with timed() as population:
        company, _ = ensure_population(units)
    by = planner_user(company)
    now = timezone.now()
    starts = now + timedelta(days=2)
    outage = create_outage(
        OutageInput(
            org_unit=company,
            title="湖光路中压管线改造（压测）",
            kind="planned",
            reason="管网改造",
            area_text="湖光路沿线",
            selection_kind=SelectionKind.ADDRESS,
            selection_value="湖光路",
            starts_at=starts,
            planned_restore_at=starts + timedelta(hours=10),
        ),
        by=by,
        now=now,
    )
    with timed() as publish:
        outage = publish_outage(outage, by=by, now=now)
    source = f"outage:{outage.pk}"
    drained = _drain(outage.affected_count)
    sent = Message.objects.filter(source=source, status="sent").count()
    rows: list[list[object]] = [
        ["population (first run only)", f"{population.seconds:.1f} s", ""],
        ["affected customers", outage.affected_count, ""],
        [
            "publish: link set + queue notices",
            f"{publish.seconds:.2f} s",
            f"{outage.affected_count / publish.seconds:,.0f} customers/s",
        ],
        [
            "drain: render + send (log backend)",
            f"{drained.seconds:.1f} s",
            f"{sent / drained.seconds:,.0f} messages/s",
        ],
        ["messages sent", sent, relation_size("notices_message")],
    ]
    print(load_text())
    print_table(["step", "time", "rate"], rows)
    emit(
        "outage_notify",
        {
            "affected": outage.affected_count,
            "publish_s": round(publish.seconds, 2),
            "drain_s": round(drained.seconds, 1),
            "sent": sent,
        },
    )


def _drain(total: int) -> Any:
    from tqdm import tqdm

    from gasdesk.notices.services import deliver_due

    with (
        timed() as clock,
        tqdm(total=total, desc="发送短信", unit="条", file=sys.stderr, mininterval=2) as bar,
    ):
        while True:
            stats = deliver_due(batch=1000)
            bar.update(stats.total)
            if stats.total == 0:
                break
    return clock


if __name__ == "__main__":
    main()
