"""Customer writes: create/update tiered by the 巢湖 pack, override, recompute (CUST-1/3/4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.customers.models import Customer, CustomerPhone, TierChange, TierChangeKind
from gasdesk.customers.services import (
    clear_tier_override,
    create_customer,
    override_tier,
    recompute_tiers,
    update_customer,
)
from gasdesk.customers.tests.factories import customer_payload, make_customer
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_user
from gasdesk.standards.schema import Tier

pytestmark = pytest.mark.usefixtures("packs")


def test_cust3_new_commercial_customer_at_650_is_important(org: Any, agent_a: Any) -> None:
    """CUST-3: 004 rule, actual 650 m³/day (≥ 500, < 1000) → 重点, with the rule as reason."""
    customer = create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload())

    customer = Customer.objects.get(pk=customer.pk)
    assert customer.tier == Tier.IMPORTANT
    assert customer.tier_is_manual is False
    assert "实际日用气量 ≥ 500 m³/日" in customer.tier_reason
    assert "004 三.1(2)" in customer.tier_reason
    assert TierChange.objects.count() == 0  # the initial tier is not a change


def test_create_normalises_phone_digits_and_defaults_the_area(org: Any, agent_a: Any) -> None:
    customer = create_customer(
        by=agent_a, org_unit=org.unit_b, data=customer_payload(account_no=" ch 0099 ")
    )

    phone = CustomerPhone.objects.get(customer=customer)
    assert (phone.number, phone.digits, phone.digits_reversed) == (
        "0551-8234 5678",
        "055182345678",
        "876543281550",
    )
    address = customer.addresses.get()
    assert (address.area, address.is_primary) == ("remote", True)  # unit B is not urban
    assert customer.account_no == "CH0099"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phones", ["12345"], "电话号码应为7–20位数字"),
        ("phones", ["138****5678"], "电话号码含掩码字符“*”，请填写完整号码"),
        ("category", "工业", "客户类别无效（民用户/工商户）"),
        ("actual_volume_m3_per_day", "-1", "日用气量必须是不小于0的数字（m³/日）"),
        ("account_no", "CH 12/3", "户号只能包含字母、数字和“-”，最长32位"),
        ("name", "  ", "请填写客户姓名或名称"),
    ],
)
def test_invalid_input_names_the_field_and_saves_nothing(
    org: Any, agent_a: Any, field: str, value: Any, message: str
) -> None:
    with pytest.raises(RuleViolation) as caught:
        create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload(**{field: value}))

    assert (caught.value.field, caught.value.message) == (field, message)
    assert Customer.objects.count() == 0
    assert CustomerPhone.objects.count() == 0


def test_duplicate_account_is_a_field_error(org: Any, agent_a: Any) -> None:
    create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload(account_no="CH1"))

    with pytest.raises(RuleViolation) as caught:
        create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload(account_no="ch1"))

    assert (caught.value.field, caught.value.message) == ("account_no", "户号已存在")
    assert Customer.objects.count() == 1


def test_dispatcher_may_not_create_customers(org: Any, dispatcher_a: Any) -> None:
    with pytest.raises(PermissionDeniedRule):
        create_customer(by=dispatcher_a, org_unit=org.unit_a, data=customer_payload())
    assert Customer.objects.count() == 0


def test_agent_of_another_company_may_not_file_into_this_one(org: Any) -> None:
    other = make_company(name="另一家燃气公司")
    outsider = make_user(Role.HOTLINE_AGENT, other)

    with pytest.raises(PermissionDeniedRule):
        create_customer(by=outsider, org_unit=org.unit_a, data=customer_payload())
    assert Customer.objects.count() == 0


def test_cust4_volume_change_moves_the_tier_and_logs_it(
    org: Any, agent_a: Any, time_machine: Any
) -> None:
    """CUST-4/CUST-3: actual 650 → 1200 m³/day moves 重点 → VIP; who, when, why are kept."""
    time_machine.move_to("2026-03-02 09:30 +08:00", tick=False)
    customer = create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload())

    updated = update_customer(customer, by=agent_a, changes={"actual_volume_m3_per_day": "1200"})

    assert updated.tier == Tier.VIP
    change = TierChange.objects.get(customer=customer)
    assert (change.old_tier, change.new_tier, change.kind) == (
        Tier.IMPORTANT,
        Tier.VIP,
        TierChangeKind.RECOMPUTED,
    )
    assert change.by == agent_a
    assert change.at.isoformat() == "2026-03-02T01:30:00+00:00"
    assert change.data == {"pack_version": "2011", "rule_index": 0}
    assert "≥ 1000" in change.reason


def test_update_without_tier_effect_writes_no_history(org: Any, agent_a: Any) -> None:
    customer = create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload())

    update_customer(customer, by=agent_a, changes={"name": "巢湖大酒店", "phones": ["13900001111"]})

    customer.refresh_from_db()
    assert customer.name == "巢湖大酒店"
    assert list(customer.phones.values_list("digits", flat=True)) == ["13900001111"]
    assert TierChange.objects.count() == 0


def test_tier_cannot_be_set_through_update(org: Any, agent_a: Any) -> None:
    customer = create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload())

    with pytest.raises(RuleViolation) as caught:
        update_customer(customer, by=agent_a, changes={"tier": "vip"})

    assert caught.value.field == "tier"
    assert Customer.objects.get().tier == Tier.IMPORTANT


def test_dispatcher_b_may_not_update_a_customer_of_unit_a(
    org: Any, agent_a: Any, dispatcher_b: Any
) -> None:
    customer = create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload())

    with pytest.raises(PermissionDeniedRule):
        update_customer(customer, by=dispatcher_b, changes={"name": "改名"})
    assert Customer.objects.get().name == customer.name


def test_cust4_override_requires_a_reason(org: Any, agent_a: Any, specialist: Any) -> None:
    """CUST-4: a manual tier without a reason is refused and nothing changes."""
    customer = create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload())

    with pytest.raises(RuleViolation) as caught:
        override_tier(customer, by=specialist, tier="vip", reason="  ")

    assert (caught.value.field, caught.value.message) == ("reason", "请填写调整原因")
    assert Customer.objects.get().tier == Tier.IMPORTANT
    assert TierChange.objects.count() == 0


def test_cust4_override_is_logged_and_survives_recomputation(
    org: Any, agent_a: Any, specialist: Any
) -> None:
    """CUST-4: a manual tier is kept when volumes change; the change says who and why."""
    customer = create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload())

    override_tier(customer, by=specialist, tier="vip", reason="市重点保障企业")
    update_customer(customer, by=agent_a, changes={"actual_volume_m3_per_day": "10"})

    customer.refresh_from_db()
    assert (customer.tier, customer.tier_is_manual, customer.tier_reason) == (
        Tier.VIP,
        True,
        "市重点保障企业",
    )
    change = TierChange.objects.get()
    assert (change.kind, change.old_tier, change.new_tier, change.reason, change.by) == (
        TierChangeKind.OVERRIDDEN,
        Tier.IMPORTANT,
        Tier.VIP,
        "市重点保障企业",
        specialist,
    )


def test_hotline_agent_may_not_override_tiers(org: Any, agent_a: Any) -> None:
    customer = create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload())

    with pytest.raises(PermissionDeniedRule):
        override_tier(customer, by=agent_a, tier="vip", reason="客户要求")
    assert Customer.objects.get().tier == Tier.IMPORTANT
    assert TierChange.objects.count() == 0


def test_cust4_clearing_the_override_recomputes(org: Any, agent_a: Any, manager: Any) -> None:
    """CUST-4: back to the pack's rule (650 m³/day → 重点), logged as override_cleared."""
    customer = create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload())
    override_tier(customer, by=manager, tier="general", reason="试点")

    cleared = clear_tier_override(customer, by=manager)

    assert (cleared.tier, cleared.tier_is_manual) == (Tier.IMPORTANT, False)
    last = TierChange.objects.latest("id")
    assert (last.kind, last.old_tier, last.new_tier) == (
        TierChangeKind.OVERRIDE_CLEARED,
        Tier.GENERAL,
        Tier.IMPORTANT,
    )


def test_clearing_a_computed_tier_is_refused(org: Any, agent_a: Any, manager: Any) -> None:
    customer = create_customer(by=agent_a, org_unit=org.unit_a, data=customer_payload())

    with pytest.raises(RuleViolation) as caught:
        clear_tier_override(customer, by=manager)

    assert caught.value.field == "tier"
    assert TierChange.objects.count() == 0


def test_cust3_recompute_fixes_stale_tiers_in_batches(org: Any) -> None:
    """CUST-3: after a pack change, 1,200 → VIP, 500 → 重点, vulnerable resident → 关键."""
    vip = make_customer(org.unit_a, category="commercial", actual_volume_m3_per_day=1200)
    important = make_customer(org.unit_b, category="commercial", actual_volume_m3_per_day=500)
    key = make_customer(org.unit_a, flag_vulnerable=True)
    plain = make_customer(org.unit_a)
    manual = make_customer(
        org.unit_a, category="commercial", actual_volume_m3_per_day=1200, tier_is_manual=True
    )

    changed = recompute_tiers(org.company, batch_size=2)

    tiers = dict(Customer.objects.values_list("pk", "tier"))
    assert changed == 3
    assert tiers == {
        vip.pk: Tier.VIP,
        important.pk: Tier.IMPORTANT,
        key.pk: Tier.KEY,
        plain.pk: Tier.GENERAL,
        manual.pk: Tier.GENERAL,
    }
    assert TierChange.objects.filter(by__isnull=True, by_name="系统").count() == 3
    assert recompute_tiers(org.company) == 0


def test_recompute_by_a_user_needs_a_bulk_role(org: Any, dispatcher_a: Any) -> None:
    make_customer(org.unit_a, category="commercial", actual_volume_m3_per_day=Decimal(1200))

    with pytest.raises(PermissionDeniedRule):
        recompute_tiers(Customer.objects.all(), by=dispatcher_a)
    assert Customer.objects.get().tier == Tier.GENERAL
