"""INSP-1/3/4/5/6: plan generation and spread, outcomes, repeat visits, hazards, rate, notices."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gasdesk.campaigns import selectors
from gasdesk.campaigns.models import Hazard, InspectionEvent, InspectionPlan, InspectionVisit
from gasdesk.campaigns.services.inspections import (
    generate_inspection_plan,
    record_visit_outcome,
    send_inspection_notices,
)
from gasdesk.campaigns.tests.factories import bulk_customers
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.notices.models import Message
from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=SH)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_2027(org: Any, packs: Any, dispatcher_a: User, technician_a: User) -> InspectionPlan:
    """EX-28 population: 1,000 residential and 20 commercial customers of unit A."""
    make_user(Role.TECHNICIAN, org.team_a, username="technician_a2")
    bulk_customers(org.unit_a, 1000, category="residential", prefix="R")
    bulk_customers(org.unit_a, 20, category="commercial", prefix="B")
    return generate_inspection_plan(org.unit_a, 2027, by=dispatcher_a, now=NOW)


def test_ex28_plan_for_1000_residential_and_20_commercial_has_1240_visits(
    plan_2027: InspectionPlan,
) -> None:
    """EX-28 / INSP-1: commercial monthly (20 × 12 = 240), residential yearly (1,000)."""
    assert (plan_2027.planned_visits, plan_2027.planned_households) == (1240, 1020)
    visits = InspectionVisit.objects.filter(plan=plan_2027)
    commercial = visits.filter(customer__category="commercial")
    assert commercial.count() == 240
    per_customer_months = Counter(
        (v.customer_id, v.planned_on.month) for v in commercial.only("customer_id", "planned_on")
    )
    assert len(per_customer_months) == 240  # each commercial customer once in every month
    assert {v.year for v in visits.values_list("planned_on", flat=True).distinct()} == {2027}


def test_insp1_residential_visits_are_spread_evenly_over_the_year(
    plan_2027: InspectionPlan,
) -> None:
    """INSP-1: 1,000 yearly visits over 365 days and 2 technicians: ≤ 2 per technician a day,
    every month gets its share (days / 365 × 1,000, e.g. 84.9 in January, 76.7 in February)."""
    import calendar

    rows = InspectionVisit.objects.filter(plan=plan_2027, customer__category="residential")
    by_month = Counter(d.month for d in rows.values_list("planned_on", flat=True))
    for month, count in by_month.items():
        assert abs(count - 1000 * calendar.monthrange(2027, month)[1] / 365) < 3
    assert len(by_month) == 12
    per_tech_day = Counter(rows.values_list("technician_id", "planned_on"))
    assert max(per_tech_day.values()) <= 2
    assert Counter(rows.values_list("technician_id", flat=True)).most_common()[0][1] == 500


def test_insp1_second_plan_for_the_same_year_is_refused(
    org: Any, plan_2027: InspectionPlan, dispatcher_a: User
) -> None:
    with pytest.raises(RuleViolation):
        generate_inspection_plan(org.unit_a, 2027, by=dispatcher_a, now=NOW)
    assert InspectionPlan.objects.count() == 1


def test_insp_technician_may_not_generate_a_plan(org: Any, packs: Any, technician_a: User) -> None:
    with pytest.raises(PermissionDeniedRule):
        generate_inspection_plan(org.unit_a, 2027, by=technician_a, now=NOW)
    assert not InspectionPlan.objects.exists()


def _first_visit(plan: InspectionPlan) -> InspectionVisit:
    return InspectionVisit.objects.filter(plan=plan, customer__category="residential")[0]


def test_insp4_not_at_home_gets_repeat_visits_then_gives_up(
    plan_2027: InspectionPlan, dispatcher_a: User
) -> None:
    """INSP-4: 到访不遇 → a repeat visit 7 days later, twice (pack: repeat_visits 2); the third
    miss is final."""
    visit = _first_visit(plan_2027)
    for expected_round in (2, 3):
        record_visit_outcome(visit, outcome="not_home", by=dispatcher_a, now=NOW)
        repeat = InspectionVisit.objects.get(
            root_id=visit.root_id or visit.pk, round=expected_round
        )
        assert repeat.planned_on == date(2026, 11, 27)
        visit = repeat
    record_visit_outcome(visit, outcome="not_home", by=dispatcher_a, now=NOW)
    assert visit.root_id is not None
    root = InspectionVisit.objects.get(pk=visit.root_id)
    assert root.final_outcome == "not_home"
    assert not InspectionVisit.objects.filter(root_id=root.pk, round=4).exists()


def test_insp6_hazard_gets_a_rectification_deadline(
    plan_2027: InspectionPlan, dispatcher_a: User
) -> None:
    visit = _first_visit(plan_2027)
    record_visit_outcome(visit, outcome="hazard", by=dispatcher_a, now=NOW, hazard_items="胶管老化")
    hazard = Hazard.objects.get()
    assert (hazard.items, hazard.rectify_due_on) == ("胶管老化", date(2026, 11, 27))
    assert InspectionVisit.objects.get(pk=visit.pk).final_outcome == "hazard"


def test_insp6_hazard_without_items_is_refused_and_nothing_changes(
    plan_2027: InspectionPlan, dispatcher_a: User
) -> None:
    visit = _first_visit(plan_2027)
    with pytest.raises(RuleViolation):
        record_visit_outcome(visit, outcome="hazard", by=dispatcher_a, now=NOW)
    assert InspectionVisit.objects.get(pk=visit.pk).outcome == "pending"
    assert not InspectionEvent.objects.filter(kind="VISITED").exists()


def test_insp_outcome_recorded_twice_loses_the_second_time(
    plan_2027: InspectionPlan, dispatcher_a: User
) -> None:
    visit = _first_visit(plan_2027)
    record_visit_outcome(visit, outcome="inspected", by=dispatcher_a, now=NOW)
    with pytest.raises(ConcurrentChange):
        record_visit_outcome(visit, outcome="refused", by=dispatcher_a, now=NOW)
    assert InspectionVisit.objects.get(pk=visit.pk).outcome == "inspected"


def test_insp_technician_records_only_own_visits(
    plan_2027: InspectionPlan, technician_a: User
) -> None:
    other = InspectionVisit.objects.filter(plan=plan_2027).exclude(technician=technician_a)[0]
    with pytest.raises(PermissionDeniedRule):
        record_visit_outcome(other, outcome="inspected", by=technician_a, now=NOW)
    own = InspectionVisit.objects.filter(plan=plan_2027, technician=technician_a)[0]
    assert (
        record_visit_outcome(own, outcome="inspected", by=technician_a, now=NOW).outcome
        == "inspected"
    )


def test_insp5_rate_of_80_percent_misses_the_82_percent_target(db: Any, packs: Any) -> None:
    """INSP-5: 入户安检率 = inspected / planned; 8 of 10 = 80 % < target 82 % (96602)."""
    company = make_company(standard_company="kunlun96602", name="昆仑燃气XX分公司")
    unit = make_unit(name="一所", parent=company)
    planner = make_user(Role.DISPATCHER, unit)
    bulk_customers(unit, 10, category="residential", prefix="K")
    plan = generate_inspection_plan(unit, 2026, by=planner, now=NOW)
    for visit in InspectionVisit.objects.filter(plan=plan)[:8]:
        record_visit_outcome(visit, outcome="inspected", by=planner, now=NOW)

    rate = selectors.inspection_rate(plan)

    assert (rate.year.planned, rate.year.inspected, rate.year.percent) == (10, 8, Decimal("80.0"))
    assert rate.target_percent == Decimal("82")
    assert rate.meets_target is False
    assert sum(m.planned for m in rate.months) == 10


def test_insp3_notices_go_out_3_days_ahead_once(
    org: Any, packs: Any, dispatcher_a: User, outbox: Any
) -> None:
    """INSP-3 / EX-28: visits on 2026-11-23 are notified on 2026-11-20, not on 11-19."""
    bulk_customers(org.unit_a, 3, category="residential", prefix="N")
    plan = generate_inspection_plan(org.unit_a, 2026, by=dispatcher_a, now=NOW)
    InspectionVisit.objects.filter(plan=plan).update(planned_on=date(2026, 11, 23))

    assert send_inspection_notices(now=NOW - timedelta(days=1)) == 0
    assert send_inspection_notices(now=NOW) == 3
    assert send_inspection_notices(now=NOW) == 0
    assert Message.objects.filter(template="inspection_notice").count() == 3
    assert set(InspectionVisit.objects.values_list("notice_sent_on", flat=True)) == {NOW.date()}
