"""Which completed services get a callback (CB-2, CB-3, CB-4, CB-7, CB-16). Pure: no ORM, no clock.

Rounding rule (CB-4, EX-12): a group of N completed services with minimum ratio p % gets
⌈N × p / 100⌉ callbacks, computed on integers (p is an exact Decimal, turned into a Fraction).
Why ceil: the handbook's ratios are minimums ("原则上不能低于"), so any rounding down would call
back fewer than the rule demands; ceil is the smallest count that meets the minimum, and it gives
every non-empty group at least one callback. Floats are never used: 100 × 0.03 is
3.0000000000000004 in binary floating point and would round up to 4.

Order of the rules:
1. A service matching a 100 % rule (特殊回访: hazard, key-care and complainant customers, VIP
   repairs) is always chosen, under the first rule it matches, and is not part of its business
   group's sample, so the group's ratio counts ordinary customers only.
2. Every other service whose business type is in a sampling group is ranked by a seeded hash
   of (seed, id); the first ⌈N × p / 100⌉ of the ranking are chosen.
3. A replacement for an unreachable sampled customer (CB-7) is the next id of the same ranking
   that is not yet used, so the draw is reproducible and needs no stored random state.

The seed is "company:day:group" (see `seed_for`), so the same day's data always gives the same
sample, on any machine and Python version (blake2b, not `random`).
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from gasdesk.standards.sections.callbacks import CallbackRules, FullCallbackRule

PERCENT = 100


@dataclass(frozen=True, slots=True)
class Completed:
    """One completed service as the sampler sees it: the order id and what the rules test."""

    order_id: int
    business_type: str
    flags: frozenset[str] = frozenset()
    tier: str = ""


@dataclass(frozen=True, slots=True)
class Selection:
    """A chosen service: the group (or 100 % rule) it was chosen under and whether it is 100 %."""

    order_id: int
    group_code: str
    is_full: bool


def sample_size(population: int, ratio_percent: Decimal) -> int:
    """⌈N × p / 100⌉ in exact arithmetic (CB-4); never more than N, 0 for an empty group."""
    if population < 0:
        raise ValueError("population must not be negative")
    exact = Fraction(population) * Fraction(ratio_percent) / PERCENT
    return min(population, math.ceil(exact))


def seed_for(company: str, day: date, group_code: str) -> str:
    """The reproducible seed of one company's group on one service day."""
    return f"{company}:{day.isoformat()}:{group_code}"


def _rank_key(seed: bytes, order_id: int) -> bytes:
    return hashlib.blake2b(seed + order_id.to_bytes(8, "big"), digest_size=8).digest()


def ranking(order_ids: Iterable[int], seed: str) -> list[int]:
    """The ids in their seeded draw order (ties impossible in practice; id breaks them)."""
    key = seed.encode()
    return sorted(order_ids, key=lambda pk: (_rank_key(key, pk), pk))


def draw(order_ids: Sequence[int], ratio_percent: Decimal, seed: str) -> list[int]:
    """The sampled ids of one group: the first ⌈N × p / 100⌉ of the seeded ranking."""
    return ranking(order_ids, seed)[: sample_size(len(order_ids), ratio_percent)]


def next_replacement(order_ids: Iterable[int], used: Iterable[int], seed: str) -> int | None:
    """CB-7: the next id of the group's ranking that has not been drawn yet (None when none)."""
    taken = set(used)
    for pk in ranking(order_ids, seed):
        if pk not in taken:
            return pk
    return None


def full_rule_for(item: Completed, rules: CallbackRules) -> FullCallbackRule | None:
    """The first 100 % rule the service matches (CB-3, CB-16)."""
    for rule in rules.full_callbacks:
        if rule.business_types and item.business_type not in rule.business_types:
            continue
        if item.flags.intersection(rule.flags_any) or item.tier in rule.tiers:
            return rule
    return None


def partition(
    items: Iterable[Completed], rules: CallbackRules
) -> tuple[list[Selection], dict[str, list[int]]]:
    """Split the day into 100 % selections and, per sampling group, the ids to sample from."""
    full: list[Selection] = []
    groups: dict[str, list[int]] = defaultdict(list)
    group_of = {bt: g.code for g in rules.groups for bt in g.business_types}
    for item in items:
        rule = full_rule_for(item, rules)
        if rule is not None:
            full.append(Selection(item.order_id, rule.code, is_full=True))
        elif item.business_type in group_of:
            groups[group_of[item.business_type]].append(item.order_id)
    return full, dict(groups)


def select_for_callback(
    items: Iterable[Completed], rules: CallbackRules, *, company: str, day: date
) -> list[Selection]:
    """Every callback of one company's service day: 100 % rules first, then each group's draw."""
    full, groups = partition(items, rules)
    chosen = list(full)
    for group in rules.groups:
        ids = groups.get(group.code, [])
        is_full = group.ratio_percent == PERCENT
        seed = seed_for(company, day, group.code)
        chosen.extend(
            Selection(pk, group.code, is_full) for pk in draw(ids, group.ratio_percent, seed)
        )
    return chosen
