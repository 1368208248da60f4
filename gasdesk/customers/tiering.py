"""Customer tier evaluation (CUST-2, CUST-3, CUST-4): pure, driven by the pack's tier section.

The thresholds, comparison operators and volume basis come from the pack (the two 巢湖 texts
disagree at exactly 500 and 1,000 m³/day, CF-1), so this module only knows the *kinds* of test.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from gasdesk.customers.choices import CATEGORY_LABELS, FLAG_LABELS
from gasdesk.standards.schema import (
    TIER_LABELS,
    Category,
    CustomerFlag,
    Tier,
    TierRule,
    TierSection,
    VolumeTest,
)

_OPERATORS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}
_OPERATOR_TEXT = {">": ">", ">=": "≥", "<": "<", "<=": "≤"}
_BASIS_TEXT = {
    "contract": "合同日用气量",
    "actual": "实际日用气量",
    "max": "合同与实际日用气量较大者",
    "either": "合同或实际日用气量",
}


@dataclass(frozen=True)
class CustomerFacts:
    """What the tier rules may look at; volumes in m³/day (合同/实际日用气量)."""

    category: Category
    contract: Decimal
    actual: Decimal
    flags: frozenset[CustomerFlag] = frozenset()


@dataclass(frozen=True)
class TierDecision:
    """The tier, the index of the rule that gave it (None = the section default) and why."""

    tier: Tier
    rule_index: int | None
    explanation: str


def evaluate_tier(section: TierSection, facts: CustomerFacts) -> TierDecision:
    """CUST-4: the first rule of the section that matches decides; otherwise the default.

    The pack orders the rules (shipped: VIP → 重点 → 关键 → 一般), so an upper bound such as
    "≤ 1000" for 重点 is implied by the VIP rule before it and need not be repeated.
    """
    for index, rule in enumerate(section.rules):
        if rule_matches(rule, facts):
            return TierDecision(rule.tier, index, explain_rule(rule))
    default = section.default
    return TierDecision(default, None, f"{TIER_LABELS[default]}：未命中任何分级规则，按默认等级")


def rule_matches(rule: TierRule, facts: CustomerFacts) -> bool:
    """A rule is category AND volume tests AND (any listed flag); an empty part is no test."""
    if rule.categories and facts.category not in rule.categories:
        return False
    if rule.flags_any and not facts.flags.intersection(rule.flags_any):
        return False
    return volume_matches(rule.volume, facts)


def volume_matches(tests: Iterable[VolumeTest], facts: CustomerFacts) -> bool:
    """Volume tests of one rule.

    `contract`, `actual` and `max` tests each compare one number. The `either` tests of a rule
    are read together, as 000 item 16 words them ("合同用气量或实际用气量 >500 且 ≤1000"): they
    hold when the contract volume satisfies all of them or the actual volume does.
    """
    single = [test for test in tests if test.basis != "either"]
    either = [test for test in tests if test.basis == "either"]
    if not all(_holds(test, _volume(test.basis, facts)) for test in single):
        return False
    if not either:
        return True
    return any(all(_holds(t, volume) for t in either) for volume in (facts.contract, facts.actual))


def _volume(basis: str, facts: CustomerFacts) -> Decimal:
    if basis == "contract":
        return facts.contract
    if basis == "actual":
        return facts.actual
    return max(facts.contract, facts.actual)


def _holds(test: VolumeTest, volume: Decimal) -> bool:
    return _OPERATORS[test.op](volume, test.value_m3_per_day)


def explain_rule(rule: TierRule) -> str:
    """A one-line Chinese reason naming the rule's tests and source, stored as tier_reason."""
    parts: list[str] = []
    if rule.categories:
        parts.append("、".join(CATEGORY_LABELS[c] for c in rule.categories))
    parts.extend(
        f"{_BASIS_TEXT[t.basis]} {_OPERATOR_TEXT[t.op]} {t.value_m3_per_day:g} m³/日"
        for t in rule.volume
    )
    if rule.flags_any:
        parts.append("属于：" + "、".join(FLAG_LABELS[f] for f in rule.flags_any))
    text = f"{TIER_LABELS[rule.tier]}：" + "；".join(parts)
    return f"{text}（{rule.source}）" if rule.source else text
