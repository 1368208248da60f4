"""Customer managers and care visits (MGR-1, MGR-4) on the 巢湖 pack's tier plan."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import time_machine

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.business_calendar.selectors import workday_calendar
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.customers.models import Customer
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.regulations.jobs import plan_all_care_visits
from gasdesk.regulations.models import CareEvent, CareVisit
from gasdesk.regulations.selectors import (
    birthday_reminders,
    customers_without_manager,
    festival_reminders,
    overdue_visits,
    visits_due,
)
from gasdesk.regulations.services.care import assign_customer_manager, record_care_visit
from gasdesk.regulations.services.common import rules_for_unit

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def customer_manager(org: Any) -> Any:
    return make_user(
        Role.HOTLINE_AGENT, org.unit_a, username="kehu_jingli", display_name="客户经理甲"
    )


def _rules(org: Any) -> Any:
    return rules_for_unit(org.unit_a, NOW)[1].managers


def test_mgr1_vip_important_key_customers_need_a_manager(
    org: Any, dispatcher_a: Any, packs: Any
) -> None:
    """MGR-1 / CUST-6: VIP, 重点, 关键 customers without a manager are listed; 一般 are not."""
    vip = make_customer(org.unit_a, tier="vip", category="commercial")
    make_customer(org.unit_a, tier="general")
    listed = list(customers_without_manager(dispatcher_a, _rules(org)))
    assert listed == [vip]


def test_mgr1_aode_every_enterprise_needs_a_manager(aode: Any) -> None:
    """MGR-1 [AD]: at least 1 specialist for every enterprise (commercial customer)."""
    enterprise = make_customer(aode.centre, category="commercial")
    make_customer(aode.centre, category="residential")
    rules = rules_for_unit(aode.centre, NOW)[1].managers
    assert list(customers_without_manager(aode.manager, rules)) == [enterprise]


def test_mgr1_assign_manager_writes_the_customer_and_an_event(
    org: Any, dispatcher_a: Any, customer_manager: Any, packs: Any
) -> None:
    customer = make_customer(org.unit_a, tier="vip", category="commercial")
    assign_customer_manager(customer, by=dispatcher_a, manager=customer_manager, reason="新客户")
    assert Customer.objects.get(pk=customer.pk).customer_manager == customer_manager
    event = CareEvent.objects.get(customer=customer)
    assert (event.kind, event.data) == (
        "MANAGER_ASSIGNED",
        {"old": None, "new": customer_manager.pk},
    )
    assert list(customers_without_manager(dispatcher_a, _rules(org))) == []


def test_mgr1_stale_assignment_loses(
    org: Any, dispatcher_a: Any, customer_manager: Any, packs: Any
) -> None:
    customer = make_customer(org.unit_a, tier="vip", category="commercial")
    stale = Customer.objects.get(pk=customer.pk)
    assign_customer_manager(customer, by=dispatcher_a, manager=customer_manager)
    other = make_user(Role.HOTLINE_AGENT, org.unit_a)
    with pytest.raises(ConcurrentChange):
        assign_customer_manager(stale, by=dispatcher_a, manager=other)
    assert Customer.objects.get(pk=customer.pk).customer_manager == customer_manager
    assert CareEvent.objects.filter(customer=customer).count() == 1


def test_mgr1_agent_may_not_assign(
    org: Any, agent_a: Any, customer_manager: Any, packs: Any
) -> None:
    customer = make_customer(org.unit_a, tier="vip")
    with pytest.raises(PermissionDeniedRule):
        assign_customer_manager(customer, by=agent_a, manager=customer_manager)
    assert Customer.objects.get(pk=customer.pk).customer_manager is None


def _vip_with_manager(
    org: Any, dispatcher_a: Any, customer_manager: Any, **fields: Any
) -> Customer:
    customer = make_customer(org.unit_a, tier="vip", category="commercial", **fields)
    return assign_customer_manager(customer, by=dispatcher_a, manager=customer_manager)


def test_mgr4_overdue_vip_visit_is_visible_to_the_managers_leader(
    org: Any, dispatcher_a: Any, dispatcher_b: Any, customer_manager: Any, packs: Any
) -> None:
    """MGR-4: VIP visited quarterly (OQ-8) — planned 2 Nov, due 2 Feb; overdue on 3 Feb, seen
    by the leader of the manager's unit, not by another unit's leader."""
    customer = _vip_with_manager(org, dispatcher_a, customer_manager)
    assert plan_all_care_visits(NOW) == 1
    assert plan_all_care_visits(NOW) == 0
    visit = CareVisit.objects.get(customer=customer)
    assert (visit.due_on, visit.visitors) == (date(2027, 2, 2), "总经理")
    assert list(overdue_visits(dispatcher_a, date(2027, 2, 2))) == []
    assert list(overdue_visits(dispatcher_a, date(2027, 2, 3))) == [visit]
    assert list(overdue_visits(dispatcher_b, date(2027, 2, 3))) == []


def test_mgr4_visit_done_plans_the_next_one(
    org: Any, dispatcher_a: Any, customer_manager: Any, packs: Any
) -> None:
    """MGR-4: 关键 customers are visited monthly; a done visit plans the next month's."""
    customer = make_customer(org.unit_a, tier="key", flag_media=True)
    assign_customer_manager(customer, by=dispatcher_a, manager=customer_manager)
    plan_all_care_visits(NOW)
    visit = CareVisit.objects.get(customer=customer)
    assert visit.due_on == date(2026, 12, 2)
    with time_machine.travel(datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI), tick=False):
        with pytest.raises(RuleViolation):
            record_care_visit(visit, by=customer_manager, note=" ")
        record_care_visit(visit, by=customer_manager, note="了解冬季用气需求")
    assert [v.due_on for v in visits_due(customer_manager)] == [date(2026, 12, 20)]


def test_mgr4_only_the_manager_or_a_leader_records_the_visit(
    org: Any, dispatcher_a: Any, customer_manager: Any, agent_a: Any, packs: Any
) -> None:
    _vip_with_manager(org, dispatcher_a, customer_manager)
    plan_all_care_visits(NOW)
    visit = CareVisit.objects.get()
    with pytest.raises(PermissionDeniedRule):
        record_care_visit(visit, by=agent_a, note="路过")
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_mgr4_birthday_and_festival_care_reminders(
    org: Any, dispatcher_a: Any, customer_manager: Any, packs: Any
) -> None:
    """MGR-4 / CUST-6: birthday and 中秋 phone care within the 3-day window."""
    _vip_with_manager(org, dispatcher_a, customer_manager, birthday=date(1970, 9, 24))
    rules = _rules(org)
    assert rules.remind_days_ahead == 3
    birthdays = birthday_reminders(customer_manager, date(2026, 9, 22), rules)
    assert [(r.occasion, r.on) for r in birthdays] == [("生日", date(2026, 9, 24))]
    assert birthday_reminders(customer_manager, date(2026, 9, 20), rules) == []
    festivals = festival_reminders(customer_manager, date(2026, 9, 22), rules, workday_calendar())
    assert [(r.occasion, r.on) for r in festivals] == [("中秋", date(2026, 9, 25))]
