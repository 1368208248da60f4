"""Pure tier evaluation: EX-43 under both 巢湖 readings, CUST-2/3/4, and properties."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gasdesk.customers.choices import TIER_RANK
from gasdesk.customers.tests.tier_sections import section_000, section_004, volume
from gasdesk.customers.tiering import CustomerFacts, evaluate_tier, volume_matches
from gasdesk.standards.loading import read_pack_file
from gasdesk.standards.schema import Category, CustomerFlag, Tier, TierRule, TierSection

C, R = Category.COMMERCIAL, Category.RESIDENTIAL
GOV, COMPLAINED, VULNERABLE = (
    CustomerFlag.GOVERNMENT,
    CustomerFlag.COMPLAINED,
    CustomerFlag.VULNERABLE,
)


def facts(category: Category, contract: int, actual: int, *flags: CustomerFlag) -> CustomerFacts:
    return CustomerFacts(category, Decimal(contract), Decimal(actual), frozenset(flags))


# EX-43 rows: (customer, 004 rule, 000 rule)
EX_43 = [
    pytest.param(facts(C, 0, 1200), Tier.VIP, Tier.VIP, id="commercial-actual-1200"),
    pytest.param(facts(C, 0, 1000), Tier.VIP, Tier.IMPORTANT, id="commercial-actual-1000"),
    pytest.param(facts(C, 750, 750), Tier.IMPORTANT, Tier.IMPORTANT, id="commercial-750"),
    pytest.param(facts(C, 500, 500), Tier.IMPORTANT, Tier.GENERAL, id="commercial-500"),
    pytest.param(facts(C, 450, 520), Tier.IMPORTANT, Tier.IMPORTANT, id="contract-450-actual-520"),
    pytest.param(facts(C, 300, 300, GOV), Tier.KEY, Tier.KEY, id="commercial-300-government"),
    pytest.param(
        facts(R, 0, 0, COMPLAINED), Tier.GENERAL, Tier.IMPORTANT, id="resident-complained"
    ),
    pytest.param(facts(R, 0, 0, VULNERABLE), Tier.KEY, Tier.KEY, id="resident-vulnerable"),
    pytest.param(facts(R, 0, 0), Tier.GENERAL, Tier.GENERAL, id="resident-ordinary"),
]


@pytest.mark.parametrize(("customer", "tier_004", "tier_000"), EX_43)
def test_ex43_004_rule(customer: CustomerFacts, tier_004: Tier, tier_000: Tier) -> None:
    """EX-43 / CUST-3: the 004 reading (≥ 1000 VIP, ≥ 500 重点, basis = actual)."""
    assert evaluate_tier(section_004(), customer).tier == tier_004


@pytest.mark.parametrize(("customer", "tier_004", "tier_000"), EX_43)
def test_ex43_000_item16_variant(customer: CustomerFacts, tier_004: Tier, tier_000: Tier) -> None:
    """EX-43 / CUST-2: the 000 item 16 reading (> 1000 VIP, contract or actual in (500, 1000])."""
    assert evaluate_tier(section_000(), customer).tier == tier_000


def test_ex43_contract_basis_leaves_450_520_general() -> None:
    """EX-43 / CUST-3: contract 450, actual 520 is 重点 only if the pack's basis is actual."""
    customer = facts(C, 450, 520)
    assert evaluate_tier(section_004("contract"), customer).tier == Tier.GENERAL
    assert evaluate_tier(section_004("max"), customer).tier == Tier.IMPORTANT


def test_cust4_first_matching_rule_wins_volume_before_influence() -> None:
    """CUST-4: a 1,200 m³/day government body is VIP (volume rules come before the flags)."""
    decision = evaluate_tier(section_004(), facts(C, 1200, 1200, GOV))
    assert decision.tier == Tier.VIP
    assert decision.rule_index == 0


def test_cust4_no_rule_gives_the_section_default() -> None:
    """CUST-4: nothing matched → the section default, no rule index, a reason that says so."""
    decision = evaluate_tier(section_004(), facts(R, 0, 0))
    assert decision.rule_index is None
    assert decision.tier == Tier.GENERAL
    assert "默认" in decision.explanation


def test_cust3_explanation_names_the_test_and_source() -> None:
    """CUST-3: the reason stored on the customer says which rule and which number decided."""
    assert evaluate_tier(section_004(), facts(C, 0, 600)).explanation == (
        "重点：工商户；实际日用气量 ≥ 500 m³/日"
    )
    assert evaluate_tier(section_004(), facts(R, 0, 0, GOV)).explanation == (
        "关键：属于：政府核心人物及机构、新闻媒体、对政府有影响力的部门和机构、社会弱势群体"
        "（004 三.1）"
    )


def test_cust2_either_tests_read_together_on_one_volume() -> None:
    """CUST-2: "合同或实际 >500 且 ≤1000" holds when one of the two volumes is in the band."""
    band = (volume("either", ">", 500), volume("either", "<=", 1000))
    assert volume_matches(band, facts(C, 1200, 800))
    assert not volume_matches(band, facts(C, 1200, 300))


def test_flags_and_category_must_both_hold() -> None:
    rule = TierRule(tier=Tier.IMPORTANT, categories=(R,), flags_any=(COMPLAINED,))
    section = TierSection(rules=(rule,))
    assert evaluate_tier(section, facts(C, 0, 0, COMPLAINED)).tier == Tier.GENERAL
    assert evaluate_tier(section, facts(R, 0, 0, COMPLAINED)).tier == Tier.IMPORTANT


volumes = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False)
all_facts = st.builds(
    CustomerFacts,
    category=st.sampled_from(Category),
    contract=volumes,
    actual=volumes,
    flags=st.frozensets(st.sampled_from(CustomerFlag)),
)


@given(customer=all_facts)
def test_cust4_result_is_always_one_of_the_four_tiers(customer: CustomerFacts) -> None:
    """CUST-4: every customer gets exactly one of VIP/重点/关键/一般 under either reading."""
    for section in (section_004(), section_000()):
        assert evaluate_tier(section, customer).tier in set(Tier)


@given(low=volumes, high=volumes, other=volumes)
def test_cust3_tier_is_monotone_in_volume_for_plain_commercial(
    low: Decimal, high: Decimal, other: Decimal
) -> None:
    """CUST-3: with no flags, more gas never lowers a commercial customer's tier (004 rule)."""
    low, high = min(low, high), max(low, high)
    section = section_004()

    def rank(contract: Decimal, actual: Decimal) -> int:
        return TIER_RANK[evaluate_tier(section, CustomerFacts(C, contract, actual)).tier]

    assert rank(low, low) <= rank(high, high)
    assert rank(other, low) <= rank(other, high)
    assert rank(low, other) <= rank(high, other)


STANDARDS = Path(__file__).resolve().parents[2] / "standards"
SHIPPED_CHAOHU = STANDARDS / "packs" / "chaohu" / "2011.yaml"
VARIANT_000 = STANDARDS / "tests" / "packs" / "chaohu-2011-item16.yaml"


@pytest.mark.parametrize(("customer", "tier_004", "tier_000"), EX_43)
def test_ex43_with_the_shipped_chaohu_pack(
    customer: CustomerFacts, tier_004: Tier, tier_000: Tier
) -> None:
    """EX-43 / CUST-3: the shipped 巢湖 pack (004 rule) and the 000 item-16 variant pack file."""
    shipped = read_pack_file(SHIPPED_CHAOHU).pack.tiers
    variant = read_pack_file(VARIANT_000).pack.tiers
    assert evaluate_tier(shipped, customer).tier == tier_004
    assert evaluate_tier(variant, customer).tier == tier_000
