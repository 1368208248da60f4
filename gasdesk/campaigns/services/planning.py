"""Set-based generation of a year's inspection visits (INSP-1): one INSERT … SELECT per unit.

For the unit's active customers, the SQL
1. gives each customer the pack's visits per year (tier row first, then category);
2. orders them by primary address, so neighbours (same street, community, building) are
   adjacent, and splits each frequency group into one contiguous area per technician
   (NTILE) — the technician's route;
3. spreads each area's customers evenly over every period of the year (12 → calendar months,
   1 → the whole year): day = period start + position × period length / area size;
4. writes one visit per customer and period.
No Python loop touches the customers; PostgreSQL and SQLite run the same statement, only the
date arithmetic differs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection

from gasdesk.campaigns.rules import year_periods
from gasdesk.standards.sections.campaigns import InspectionRules

_SQL = """
WITH base AS (
    SELECT c.id AS customer_id, COALESCE(a.text, '') AS addr, {frequency} AS freq
    FROM customers_customer c
    LEFT JOIN customers_customeraddress a ON a.customer_id = c.id AND a.is_primary = %s
    WHERE c.org_unit_id = %s AND c.is_active = %s
), ranked AS (
    SELECT customer_id, addr, freq,
           NTILE({areas}) OVER (PARTITION BY freq ORDER BY addr, customer_id) AS area
    FROM base WHERE freq > 0
), placed AS (
    SELECT customer_id, freq, area,
           ROW_NUMBER() OVER (PARTITION BY freq, area ORDER BY addr, customer_id) - 1 AS pos,
           COUNT(*) OVER (PARTITION BY freq, area) AS size
    FROM ranked
), periods (freq, start_day, days) AS (VALUES {periods}){techs_cte}
INSERT INTO campaigns_inspectionvisit
    (plan_id, customer_id, org_unit_id, technician_id, planned_on, route, round,
     outcome, final_outcome, note)
SELECT %s, p.customer_id, %s, {technician}, {planned_on}, p.area, 1, 'pending', 'pending', ''
FROM placed p JOIN periods pr ON pr.freq = p.freq{techs_join}
"""


def _frequency_case(rules: InspectionRules) -> tuple[str, list[Any]]:
    """CASE giving each customer its visits per year; tier rows are tested first."""
    rows = sorted(rules.frequencies, key=lambda row: row.tier is None)
    whens: list[str] = []
    params: list[Any] = []
    for row in rows:
        if row.tier is None:
            whens.append("WHEN c.category = %s THEN %s")
            params += [row.category.value, row.visits_per_year]
        else:
            whens.append("WHEN c.category = %s AND c.tier = %s THEN %s")
            params += [row.category.value, row.tier.value, row.visits_per_year]
    return f"CASE {' '.join(whens)} ELSE 0 END", params


def _period_values(year: int, rules: InspectionRules) -> tuple[str, list[Any]]:
    frequencies = sorted({row.visits_per_year for row in rules.frequencies})
    periods = [p for f in frequencies for p in year_periods(year, f)]
    params: list[Any] = []
    for period in periods:
        params += [period.frequency, period.start_day, period.days]
    return ", ".join(["(%s, %s, %s)"] * len(periods)), params


def _planned_on() -> str:
    offset = "(pr.start_day + (p.pos * pr.days) / p.size)"
    if connection.vendor == "postgresql":
        return f"(CAST(%s AS date) + CAST({offset} AS integer))"
    return f"date(%s, '+' || {offset} || ' days')"


def insert_year_visits(
    *, plan_id: int, unit_id: int, year: int, rules: InspectionRules, technicians: list[int]
) -> int:
    """Insert the unit's round-1 visits for `year` (the count: SQLite answers -1 for WITH)."""
    frequency, freq_params = _frequency_case(rules)
    periods, period_params = _period_values(year, rules)
    areas = max(1, len(technicians))
    techs = ", ".join(["(%s, %s)"] * len(technicians))
    sql = _SQL.format(
        frequency=frequency,
        areas=areas,
        periods=periods,
        techs_cte=f", techs (area, user_id) AS (VALUES {techs})" if technicians else "",
        technician="t.user_id" if technicians else "NULL",
        planned_on=_planned_on(),
        techs_join=" LEFT JOIN techs t ON t.area = p.area" if technicians else "",
    )
    tech_params = [v for i, user in enumerate(technicians, 1) for v in (i, user)]
    params = [
        *freq_params,
        True,
        unit_id,
        True,
        *period_params,
        *tech_params,
        plan_id,
        unit_id,
        date(year, 1, 1).isoformat(),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
