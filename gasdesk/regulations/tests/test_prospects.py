"""Intending customers and specialists (MGR-1, MGR-2, MGR-3) on the 奥德 pack, and the 巢湖 pack
that does not require them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.customers.models import Customer
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.regulations.models import (
    ManagerRating,
    Prospect,
    ProspectEvent,
    ProspectStatus,
)
from gasdesk.regulations.selectors import (
    customers_without_manager,
    manager_prospects,
    prospects_without_manager,
)
from gasdesk.regulations.services.common import rules_for_unit
from gasdesk.regulations.services.prospects import (
    ProspectInput,
    assign_prospect_manager,
    convert_prospect,
    drop_prospect,
    rate_manager,
    record_prospect_step,
    register_prospect,
)

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def specialist_aode(aode: Any) -> Any:
    return make_user(
        Role.HOTLINE_AGENT, aode.centre, username="zhuanyuan", display_name="服务专员甲"
    )


def _prospect(aode: Any, **overrides: Any) -> Prospect:
    data = ProspectInput(
        org_unit=aode.centre,
        company_name=overrides.pop("company_name", "科左中旗某乳业公司"),
        contact_name="王经理",
        contact_phone="13947500001",
        expected_volume_m3_per_day=overrides.pop("volume", "800"),
        **overrides,
    )
    return register_prospect(data, by=aode.agent)


def _managers(unit: Any) -> Any:
    return rules_for_unit(unit, NOW)[1].managers


def test_mgr1_aode_every_intending_customer_and_enterprise_needs_a_specialist(aode: Any) -> None:
    """MGR-1 [AD]: at least 1 specialist for every intending customer and every enterprise:
    both lists name those without one, and a specialist takes them off the list."""
    unmanaged = _prospect(aode)
    enterprise = make_customer(aode.centre, category="commercial")
    rules = _managers(aode.centre)
    assert rules.required_for_prospects is True
    assert list(prospects_without_manager(aode.manager, rules)) == [unmanaged]
    assert list(customers_without_manager(aode.manager, rules)) == [enterprise]


def test_mgr1_assigning_a_specialist_takes_the_prospect_off_the_list(
    aode: Any, specialist_aode: Any
) -> None:
    """MGR-1: the department head assigns the specialist; the change is in the history."""
    prospect = _prospect(aode)
    assign_prospect_manager(prospect, by=aode.manager, manager=specialist_aode)
    assert list(prospects_without_manager(aode.manager, _managers(aode.centre))) == []
    assert list(manager_prospects(specialist_aode)) == [prospect]
    event = ProspectEvent.objects.get(prospect=prospect, kind="MANAGER_ASSIGNED")
    assert event.data == {"old": None, "new": specialist_aode.pk}


def test_mgr1_a_counter_agent_cannot_assign_specialists(aode: Any, specialist_aode: Any) -> None:
    """MGR-3: specialists are managed by the department head, not by the counter."""
    prospect = _prospect(aode)
    with pytest.raises(PermissionDeniedRule):
        assign_prospect_manager(prospect, by=aode.agent, manager=specialist_aode)
    assert Prospect.objects.get().manager_id is None
    assert not ProspectEvent.objects.filter(kind="MANAGER_ASSIGNED").exists()


def test_mgr1_chaohu_pack_does_not_require_prospect_specialists(
    org: Any, dispatcher_a: Any, packs: Any
) -> None:
    """MGR-1 is 002 (奥德) only: the 巢湖 pack lists no prospects without a specialist."""
    rules = _managers(org.unit_a)
    assert rules.required_for_prospects is False
    assert list(prospects_without_manager(dispatcher_a, rules)) == []


def test_mgr1_prospect_needs_contact_and_a_valid_volume(aode: Any) -> None:
    """MGR-1: bad input names the field and records nothing."""
    with pytest.raises(RuleViolation) as error:
        _prospect(aode, volume="-5")
    assert error.value.field == "expected_volume_m3_per_day"
    with pytest.raises(RuleViolation) as error:
        _prospect(aode, company_name=" ")
    assert error.value.field == "company_name"
    assert not Prospect.objects.exists()
    assert not ProspectEvent.objects.exists()


def test_mgr1_signed_prospect_becomes_a_customer_with_its_specialist(
    aode: Any, specialist_aode: Any
) -> None:
    """MGR-1: on signing, the archive gets the customer with the specialist as its manager and
    the expected volume as contract volume; the prospect leaves the intending list."""
    prospect = _prospect(aode, manager=specialist_aode)
    customer = convert_prospect(prospect, by=aode.agent, account_no="KZ0001", category="commercial")
    stored = Customer.objects.get(account_no="KZ0001")
    assert stored == customer
    assert stored.customer_manager_id == specialist_aode.pk
    assert stored.contract_volume_m3_per_day == Decimal("800")
    assert stored.name == "科左中旗某乳业公司"
    prospect.refresh_from_db()
    assert prospect.status == ProspectStatus.SIGNED
    assert prospect.customer_id == customer.pk
    assert list(manager_prospects(specialist_aode)) == []
    assert list(customers_without_manager(aode.manager, _managers(aode.centre))) == []


def test_mgr1_conversion_with_a_bad_account_changes_nothing(aode: Any) -> None:
    """MGR-1: a conversion refused by the archive leaves the prospect intending, no event."""
    prospect = _prospect(aode)
    with pytest.raises(RuleViolation) as error:
        convert_prospect(prospect, by=aode.agent, account_no="", category="commercial")
    assert error.value.field == "account_no"
    assert Prospect.objects.get().status == ProspectStatus.INTENDING
    assert not Customer.objects.exists()
    assert not ProspectEvent.objects.filter(kind="CONVERTED").exists()


def test_mgr2_forwarding_needs_the_department_head_and_is_kept(
    aode: Any, specialist_aode: Any
) -> None:
    """MGR-2: 专员接待、并联办理 — the specialist passes the needs to a department head."""
    prospect = _prospect(aode, manager=specialist_aode)
    with pytest.raises(RuleViolation) as error:
        record_prospect_step(prospect, by=specialist_aode, step="forwarded", note="需勘查")
    assert error.value.field == "department_head"
    record_prospect_step(
        prospect,
        by=specialist_aode,
        step="forwarded",
        note="需现场勘查及报装方案",
        department_head=aode.manager,
    )
    event = ProspectEvent.objects.get(kind="STEP_FORWARDED")
    assert event.data == {"step": "forwarded", "department_head": aode.manager.pk}
    assert event.reason == "需现场勘查及报装方案"


def test_mgr2_only_the_specialist_or_a_leader_records_service(
    aode: Any, specialist_aode: Any
) -> None:
    """MGR-2: another counter agent may not write the specialist's service record."""
    prospect = _prospect(aode, manager=specialist_aode)
    with pytest.raises(PermissionDeniedRule):
        record_prospect_step(prospect, by=aode.agent, step="received", note="已受理")
    assert not ProspectEvent.objects.filter(kind__startswith="STEP_").exists()


def test_mgr2_working_mode_comes_from_the_pack(aode: Any) -> None:
    """MGR-2: 主动受理、直接服务 / 专员接待、并联办理 / 集中反馈、统一建档 (002 一.(三))."""
    mode = _managers(aode.centre).working_mode
    assert mode[0] == "主动受理、直接服务"
    assert mode[1].startswith("专员接待、并联办理")
    assert mode[2].startswith("集中反馈、统一建档")


def test_mgr_stale_assignment_loses(aode: Any, specialist_aode: Any) -> None:
    """A specialist changed by someone else meanwhile: ConcurrentChange, no event."""
    prospect = _prospect(aode)
    stale = Prospect.objects.get(pk=prospect.pk)
    assign_prospect_manager(prospect, by=aode.manager, manager=specialist_aode)
    other = make_user(Role.HOTLINE_AGENT, aode.centre, username="other")
    with pytest.raises(ConcurrentChange):
        assign_prospect_manager(stale, by=aode.manager, manager=other)
    assert ProspectEvent.objects.filter(kind="MANAGER_ASSIGNED").count() == 1


def test_mgr_dropped_prospect_needs_a_reason(aode: Any) -> None:
    prospect = _prospect(aode)
    with pytest.raises(RuleViolation):
        drop_prospect(prospect, by=aode.agent, reason="")
    drop_prospect(prospect, by=aode.agent, reason="改用电能")
    assert Prospect.objects.get().status == ProspectStatus.DROPPED
    assert list(prospects_without_manager(aode.manager, _managers(aode.centre))) == []


def test_mgr3_yearly_rating_once_per_year_by_the_department_head(
    aode: Any, specialist_aode: Any
) -> None:
    """MGR-3: each year a batch of well-rated specialists is commended; one rating per year."""
    with time_machine.travel(NOW, tick=False):
        rating = rate_manager(specialist_aode, by=aode.manager, year=2026, grade="commended")
        assert rating.grade == "commended"
        with pytest.raises(RuleViolation) as error:
            rate_manager(specialist_aode, by=aode.manager, year=2026, grade="qualified")
        assert error.value.field == "year"
    assert ManagerRating.objects.get().grade == "commended"


def test_mgr3_poor_service_needs_the_facts_and_a_leader(aode: Any, specialist_aode: Any) -> None:
    """MGR-3: poor service is notified to the department with what happened; agents cannot rate."""
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(RuleViolation) as error:
            rate_manager(specialist_aode, by=aode.manager, year=2026, grade="poor")
        assert error.value.field == "note"
        with pytest.raises(PermissionDeniedRule):
            rate_manager(specialist_aode, by=aode.agent, year=2026, grade="commended")
    assert not ManagerRating.objects.exists()
