"""Selectors: deductions and hot spots aggregate in ONE query per period/dimension (CMP-19, 23)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.complaints.rules import rules_for
from gasdesk.complaints.selectors import (
    Period,
    annual_department_deductions,
    complaint_metrics,
    deduction_counts,
    department_deductions,
    hot_spots,
    quarter,
)
from gasdesk.complaints.services import close_complaint, record_callback, set_level
from gasdesk.complaints.tests.factories import make_complaint

TZ = ZoneInfo("Asia/Shanghai")
Q4 = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
Q3 = datetime(2026, 8, 20, 10, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def _levelled(agent, specialist, unit, level, count, at):
    with time_machine.travel(at, tick=False):
        for _ in range(count):
            set_level(make_complaint(by=agent, target_unit=unit), by=specialist, level=level)


def test_quarter_boundaries_are_shanghai_midnights():
    q4 = quarter(2026, 4)
    assert (q4.start, q4.end) == (
        datetime(2026, 10, 1, tzinfo=TZ),
        datetime(2027, 1, 1, tzinfo=TZ),
    )


def test_cmp_19_deduction_counts_is_one_aggregate_query(
    packs, agent_a, org, specialist, django_assert_num_queries
):
    """CMP-19: counts per unit and level come from one GROUP BY (EX-01 data: 7.30)."""
    for level, count in [(1, 2), (3, 3), (5, 8)]:
        _levelled(agent_a, specialist, org.unit_a, level, count, Q4)
    deduction_counts(specialist, quarter(2026, 3))  # warm the user's roles and unit
    with django_assert_num_queries(1):
        counts = deduction_counts(specialist, quarter(2026, 4))
    assert counts == {org.unit_a.pk: {1: 2, 3: 3, 5: 8}}
    rules = rules_for(org.unit_a, Q4)
    [row] = department_deductions(specialist, rules, quarter(2026, 4))
    assert row.total == Decimal("7.30")


def test_cmp_20_annual_is_sum_of_quarters(packs, agent_a, org, specialist):
    """CMP-20: Q3 6 level-5 (0.30) + Q4 6 level-5 (0.30) → 0.60 for the year (not 0.65)."""
    _levelled(agent_a, specialist, org.unit_a, 5, 6, Q3)
    _levelled(agent_a, specialist, org.unit_a, 5, 6, Q4)
    rules = rules_for(org.unit_a, Q4)
    assert annual_department_deductions(specialist, rules, 2026) == {org.unit_a.pk: Decimal("0.60")}


def test_cmp_23_hot_spots_by_unit_one_query(
    packs, agent_a, org, specialist, django_assert_num_queries
):
    with time_machine.travel(Q4, tick=False):
        for unit in (org.unit_a, org.unit_a, org.unit_b):
            make_complaint(by=agent_a, target_unit=unit)
    period = Period.of_dates(date(2026, 11, 1), date(2026, 12, 1))
    hot_spots(specialist, period, "cause")  # warm the user's roles and unit
    with django_assert_num_queries(1):
        spots = hot_spots(specialist, period, "unit", top=1)
    assert [(s.key, s.count, s.previous) for s in spots] == [(org.unit_a.name, 2, 0)]


def test_dept_admin_sees_only_own_unit_counts(packs, agent_a, org, specialist, dept_admin_b):
    _levelled(agent_a, specialist, org.unit_a, 2, 1, Q4)
    _levelled(agent_a, specialist, org.unit_b, 2, 1, Q4)
    assert deduction_counts(dept_admin_b, quarter(2026, 4)) == {org.unit_b.pk: {2: 1}}


def test_cmp_21_metrics_count_timeliness_and_satisfaction(
    packs, agent_a, specialist, committee_member
):
    """CMP-21: count, on-time closure (within the 1 ND closure clock) and satisfaction."""
    with time_machine.travel(Q4, tick=False):
        on_time = set_level(make_complaint(by=agent_a), by=specialist, level=3)
        close_complaint(on_time, by=specialist, resolution="已处理")
        record_callback(on_time, by=committee_member, result="满意", satisfied=True)
        late = set_level(make_complaint(by=agent_a), by=specialist, level=3)
        make_complaint(by=agent_a)
    with time_machine.travel(datetime(2026, 11, 22, 9, 0, tzinfo=TZ), tick=False):
        close_complaint(late, by=specialist, resolution="已处理")  # past 11-21 24:00
        record_callback(late, by=committee_member, result="不满意", satisfied=False)
    metrics = complaint_metrics(specialist, quarter(2026, 4))
    assert (metrics.count, metrics.closed, metrics.closed_on_time) == (3, 2, 1)
    assert (metrics.answered_satisfaction, metrics.satisfied) == (2, 1)
    assert metrics.timeliness_ratio == Decimal("0.5")
