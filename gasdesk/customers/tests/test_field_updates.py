"""Field results in the archive (INSP-6, CB-3, METER-1, CUST-4): hazard flag and meter swap."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.customers import field_updates
from gasdesk.customers.field_updates import (
    MeterSwap,
    clear_hazard,
    mark_hazard,
    open_hazard_sources,
    replace_meter,
)
from gasdesk.customers.models import Customer, Meter, TierChange
from gasdesk.customers.services import TierPolicy
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.standards.schema import CustomerFlag, Tier, TierRule, TierSection

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(org):
    return make_user(Role.TECHNICIAN, org.unit_b, username="tech_b")


def test_insp_6_hazard_found_flags_the_customer_with_a_history_row(packs, customer_a, technician_a):
    """INSP-6: a team technician marks a hazard on a customer of the team's parent unit."""
    mark_hazard(customer_a, by=technician_a, source="inspection_hazard:1", reason="胶管老化")
    customer = Customer.objects.get(pk=customer_a.pk)
    assert customer.flag_hazard is True
    change = TierChange.objects.get(customer=customer)
    assert (change.kind, change.by, change.reason) == ("hazard_marked", technician_a, "胶管老化")
    assert change.data["source"] == "inspection_hazard:1"
    assert (change.old_tier, change.new_tier) == ("general", "general")
    assert change.data["pack_version"] == "2011"


def test_insp_6_the_same_hazard_is_not_marked_twice(packs, customer_a, technician_a):
    for _ in range(2):
        mark_hazard(customer_a, by=technician_a, source="hazard_notice:4", reason="无烟道")
    assert TierChange.objects.filter(customer=customer_a).count() == 1


def test_insp_6_flag_clears_only_when_every_open_hazard_is_rectified(
    packs, customer_a, technician_a
):
    """INSP-6: two hazards open; the flag stays until the second rectification is verified."""
    mark_hazard(customer_a, by=technician_a, source="inspection_hazard:1", reason="胶管老化")
    mark_hazard(customer_a, by=technician_a, source="hazard_notice:2", reason="热水器无烟道")
    clear_hazard(customer_a, by=technician_a, source="inspection_hazard:1")
    assert Customer.objects.get(pk=customer_a.pk).flag_hazard is True
    assert open_hazard_sources(customer_a) == ["hazard_notice:2"]
    clear_hazard(customer_a, by=technician_a, source="hazard_notice:2", reason="复查合格")
    assert Customer.objects.get(pk=customer_a.pk).flag_hazard is False
    last = TierChange.objects.latest("id")
    assert (last.kind, last.reason, last.data["remaining"]) == ("hazard_cleared", "复查合格", [])


def test_insp_6_clearing_an_unknown_hazard_changes_nothing(packs, customer_a, technician_a):
    with pytest.raises(RuleViolation) as error:
        clear_hazard(customer_a, by=technician_a, source="inspection_hazard:9")
    assert error.value.field == "source"
    assert not TierChange.objects.exists()


def test_insp_6_marking_needs_the_hazard_text(packs, customer_a, technician_a):
    with pytest.raises(RuleViolation) as error:
        mark_hazard(customer_a, by=technician_a, source="x:1", reason="  ")
    assert error.value.field == "reason"
    assert Customer.objects.get(pk=customer_a.pk).flag_hazard is False


def test_insp_6_outside_the_scope_or_role_nothing_changes(packs, customer_a, outsider, agent_a):
    for user in (outsider, agent_a):
        with pytest.raises(PermissionDeniedRule):
            mark_hazard(customer_a, by=user, source="x:1", reason="胶管老化")
    assert Customer.objects.get(pk=customer_a.pk).flag_hazard is False
    assert not TierChange.objects.exists()


def test_cust_4_hazard_flag_retiers_when_the_pack_rules_test_it(
    packs, customer_a, technician_a, monkeypatch
):
    """CUST-4: a pack whose 关键 rule lists hazard customers re-tiers on the flag, both ways."""
    section = TierSection(
        rules=(TierRule(tier=Tier.KEY, flags_any=(CustomerFlag.HAZARD,), source="test"),)
    )
    monkeypatch.setattr(
        field_updates, "tier_policy", lambda unit, at: TierPolicy(section, "test-pack")
    )
    mark_hazard(customer_a, by=technician_a, source="x:1", reason="胶管老化")
    assert Customer.objects.get(pk=customer_a.pk).tier == "key"
    clear_hazard(customer_a, by=technician_a, source="x:1")
    assert Customer.objects.get(pk=customer_a.pk).tier == "general"
    moves = list(TierChange.objects.order_by("id").values_list("old_tier", "new_tier"))
    assert moves == [("general", "key"), ("key", "general")]


def test_cust_4_a_manual_tier_is_kept_when_the_flag_changes(packs, customer_a, technician_a):
    Customer.objects.filter(pk=customer_a.pk).update(tier=Tier.VIP, tier_is_manual=True)
    mark_hazard(customer_a, by=technician_a, source="x:1", reason="胶管老化")
    assert Customer.objects.get(pk=customer_a.pk).tier == "vip"


@pytest.fixture
def old_meter(customer_a):
    return Meter.objects.create(
        customer=customer_a,
        meter_no="M-OLD-1",
        kind="ordinary",
        installed_on=date(2014, 5, 1),
        service_life_years=8,
    )


def test_meter_1_replaced_meter_is_retired_and_the_new_one_gets_its_own_row(
    packs, old_meter, technician_a
):
    """METER-1: the old row is kept, retired on the replacement day; the new meter is a new,
    active row of the same customer; the history row names both."""
    swap = MeterSwap(
        new_meter_no=" M-NEW-9 ", replaced_on=date(2026, 11, 20), new_kind="smart", source="r:1"
    )
    meter = replace_meter(old_meter, by=technician_a, swap=swap)
    old = Meter.objects.get(pk=old_meter.pk)
    assert (old.meter_no, old.kind, old.installed_on, old.service_life_years) == (
        "M-OLD-1",
        "ordinary",
        date(2014, 5, 1),
        8,
    )
    assert old.retired_on == date(2026, 11, 20)
    assert meter.pk != old_meter.pk
    new = Meter.objects.get(pk=meter.pk)
    assert (new.customer_id, new.meter_no, new.kind, new.installed_on) == (
        old_meter.customer_id,
        "M-NEW-9",
        "smart",
        date(2026, 11, 20),
    )
    assert (new.service_life_years, new.retired_on) == (None, None)
    active = Meter.objects.active().filter(customer=old_meter.customer)
    assert list(active.values_list("meter_no", flat=True)) == ["M-NEW-9"]
    change = TierChange.objects.get(kind="meter_replaced")
    assert change.data["retired"] == {
        "meter_id": old_meter.pk,
        "meter_no": "M-OLD-1",
        "kind": "ordinary",
        "installed_on": "2014-05-01",
        "retired_on": "2026-11-20",
    }
    assert (change.data["new"]["meter_id"], change.data["new"]["meter_no"]) == (new.pk, "M-NEW-9")
    assert change.by == technician_a


def test_meter_1_a_retired_meter_is_not_replaced_again(packs, old_meter, technician_a):
    """METER-1: a second replacement of the same (now retired) meter is refused, nothing moves."""
    first = MeterSwap(new_meter_no="M-NEW-9", replaced_on=date(2026, 11, 20))
    replace_meter(old_meter, by=technician_a, swap=first)
    again = MeterSwap(new_meter_no="M-NEW-10", replaced_on=date(2026, 11, 21))
    with pytest.raises(RuleViolation) as error:
        replace_meter(old_meter, by=technician_a, swap=again)
    assert error.value.field == "meter"
    assert Meter.objects.get(pk=old_meter.pk).retired_on == date(2026, 11, 20)
    assert Meter.objects.filter(customer=old_meter.customer).count() == 2
    assert TierChange.objects.filter(kind="meter_replaced").count() == 1


def test_meter_1_failure_after_the_swap_rolls_back_both_rows(
    packs, old_meter, technician_a, monkeypatch
):
    """METER-1: the history row fails → the old meter is not retired, no new meter exists."""

    def boom(**kwargs):
        raise RuntimeError("history write failed")

    monkeypatch.setattr(TierChange.objects, "create", boom)
    swap = MeterSwap(new_meter_no="M-NEW-9", replaced_on=date(2026, 11, 20))
    with pytest.raises(RuntimeError):
        replace_meter(old_meter, by=technician_a, swap=swap)
    rows = list(Meter.objects.filter(customer=old_meter.customer).values("meter_no", "retired_on"))
    assert rows == [{"meter_no": "M-OLD-1", "retired_on": None}]


@pytest.mark.parametrize(
    ("number", "day", "field"),
    [
        ("", date(2026, 11, 20), "new_meter_no"),
        ("M-OLD-1", date(2026, 11, 20), "new_meter_no"),
        ("M-NEW", date(2014, 4, 30), "replaced_on"),
    ],
)
def test_meter_1_bad_replacement_changes_nothing(
    packs, old_meter, technician_a, number, day, field
):
    with pytest.raises(RuleViolation) as error:
        replace_meter(
            old_meter, by=technician_a, swap=MeterSwap(new_meter_no=number, replaced_on=day)
        )
    assert error.value.field == field
    assert Meter.objects.get(pk=old_meter.pk).retired_on is None
    assert Meter.objects.filter(customer=old_meter.customer).count() == 1
    assert not TierChange.objects.exists()


def test_meter_1_replacement_outside_scope_is_refused(packs, old_meter, outsider):
    with pytest.raises(PermissionDeniedRule):
        replace_meter(
            old_meter, by=outsider, swap=MeterSwap(new_meter_no="N", replaced_on=date(2026, 1, 1))
        )
    assert Meter.objects.get(pk=old_meter.pk).retired_on is None
    assert Meter.objects.filter(customer=old_meter.customer).count() == 1


def test_insp_6_only_flag_tier_and_history_move(packs, customer_a, technician_a):
    """Only the flag, tier and history move (the archive's other fields are the desk's)."""
    Customer.objects.filter(pk=customer_a.pk).update(actual_volume_m3_per_day=Decimal("12.5"))
    mark_hazard(customer_a, by=technician_a, source="x:1", reason="胶管老化")
    assert Customer.objects.get(pk=customer_a.pk).actual_volume_m3_per_day == Decimal("12.5")
