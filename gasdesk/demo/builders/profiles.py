"""Demo customer profiles derived from a pack's tier rules (CUST-1, CUST-3, CUST-4, CB-3).

Pure: no ORM and no clock (the caller passes `today` and the seed). Volumes are not hard-coded
per tier: for each tier the pack's own rule is read and a volume inside its band is drawn, then
checked with `evaluate_tier`, so every tier the pack defines appears whatever its thresholds.
Only the demo's own mix (how many of each tier, residential volumes) is fixed here.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from faker import Faker

from gasdesk.customers.models import MeterKind
from gasdesk.customers.tiering import CustomerFacts, evaluate_tier
from gasdesk.standards.schema import Area, Category, CustomerFlag, Tier, TierRule, TierSection

# Demo mix, not a handbook rule: share of customers aimed at each ruled tier (the rest get the
# section's default), with a floor so a small demo still shows every tier.
TIER_MIX: dict[Tier, float] = {Tier.VIP: 0.02, Tier.IMPORTANT: 0.03, Tier.KEY: 0.05}
OTHER_TIER_SHARE = 0.03
MIN_PER_TIER = 3
COMMERCIAL_SHARE_OF_DEFAULT = 0.1
# Typical household use in m³/day, and a commercial ceiling when the pack has no volume rule.
RESIDENTIAL_VOLUME = (0.2, 3.0)
COMMERCIAL_FALLBACK_CEILING = Decimal(300)
SECOND_PHONE_SHARE = 0.3
SIDE_FLAG_SHARE = {
    CustomerFlag.HAZARD: 0.02,
    CustomerFlag.KEY_CARE: 0.02,
    CustomerFlag.COMPLAINED: 0.03,
}
INSTITUTION_FLAGS = frozenset(
    {CustomerFlag.GOVERNMENT, CustomerFlag.MEDIA, CustomerFlag.GOV_INFLUENTIAL}
)
INSTITUTIONS = {
    CustomerFlag.GOVERNMENT: ("人民政府机关事务管理局", "人民政府办公室食堂", "公安局"),
    CustomerFlag.MEDIA: ("日报社", "广播电视台", "融媒体中心"),
    CustomerFlag.GOV_INFLUENTIAL: ("人民医院", "第一中学", "供电公司"),
}
COMMUNITIES = ("阳光", "锦绣", "和平", "东湖", "金色", "翠竹", "幸福", "滨湖", "凤凰", "世纪")
COMMUNITY_SUFFIXES = ("花园", "小区", "家园", "新村", "公寓", "苑")
MAX_ATTEMPTS = 5
CENT = Decimal("0.01")
OLDEST_METER_DAYS = 12 * 365


@dataclass(frozen=True)
class OutletSlot:
    """Where customers live: the outlet's unit code, its share, address prefix and area."""

    unit_code: str
    share: float
    place: str
    city: str
    area: Area


@dataclass(frozen=True)
class CustomerProfile:
    account_no: str
    unit_code: str
    name: str
    category: Category
    volume_m3_per_day: Decimal
    flags: frozenset[CustomerFlag]
    phones: tuple[str, ...]
    address: str
    area: Area
    id_number: str
    meter_no: str
    meter_kind: MeterKind
    installed_on: date
    aimed_tier: Tier

    @property
    def contract_volume_m3_per_day(self) -> Decimal:
        """Households rarely sign a volume contract; businesses contract what they use."""
        return self.volume_m3_per_day if self.category == Category.COMMERCIAL else Decimal(0)


def customer_profiles(
    *,
    section: TierSection,
    count: int,
    outlets: Sequence[OutletSlot],
    account_prefix: str,
    seed: str,
    today: date,
) -> list[CustomerProfile]:
    """`count` customers of one company; the same arguments always give the same list."""
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    weights = [slot.share for slot in outlets]
    profiles = []
    for n, tier in enumerate(_tier_plan(section, count, rng), start=1):
        slot = rng.choices(outlets, weights=weights)[0]
        category, volume, flags = _facts_for(section, tier, rng)
        profiles.append(
            CustomerProfile(
                account_no=f"{account_prefix}{n:08d}",
                unit_code=slot.unit_code,
                name=_name(category, flags, slot.city, fake, rng),
                category=category,
                volume_m3_per_day=volume,
                flags=flags,
                phones=_phones(fake, rng),
                address=_address(category, slot.place, fake, rng),
                area=slot.area,
                id_number=fake.ssn() if category == Category.RESIDENTIAL else "",
                meter_no=f"{rng.randrange(10**9, 10**10)}",
                meter_kind=_meter_kind(category, rng),
                installed_on=today - timedelta(days=rng.randint(30, OLDEST_METER_DAYS)),
                aimed_tier=tier,
            )
        )
    return profiles


def _tier_plan(section: TierSection, count: int, rng: random.Random) -> list[Tier]:
    """The aimed tier of each customer: the ruled tiers by TIER_MIX, the default for the rest."""
    plan: list[Tier] = []
    for tier in dict.fromkeys(rule.tier for rule in section.rules):
        if tier != section.default:
            share = TIER_MIX.get(tier, OTHER_TIER_SHARE)
            plan.extend([tier] * max(MIN_PER_TIER, round(count * share)))
    plan = plan[:count]
    plan.extend([section.default] * (count - len(plan)))
    rng.shuffle(plan)
    return plan


def _facts_for(
    section: TierSection, tier: Tier, rng: random.Random
) -> tuple[Category, Decimal, frozenset[CustomerFlag]]:
    """Facts aimed at `tier`, confirmed with the pack's own evaluation (first match wins)."""
    rule = next((r for r in section.rules if r.tier == tier), None)
    facts = _draw(section, rule, rng)
    for _ in range(MAX_ATTEMPTS):
        if evaluate_tier(section, facts).tier == tier:
            break
        facts = _draw(section, rule, rng)
    return facts.category, facts.actual, facts.flags


def _draw(section: TierSection, rule: TierRule | None, rng: random.Random) -> CustomerFacts:
    flags = {flag for flag, share in SIDE_FLAG_SHARE.items() if rng.random() < share}
    if rule is not None and rule.flags_any:
        flags.add(rng.choice(rule.flags_any))
    category = _category(rule, flags, rng)
    if rule is not None and rule.volume:
        volume = _volume_in_band(rule, rng)
    else:
        volume = _ordinary_volume(section, category, rng)
    return CustomerFacts(category=category, contract=volume, actual=volume, flags=frozenset(flags))


def _category(rule: TierRule | None, flags: set[CustomerFlag], rng: random.Random) -> Category:
    """The rule's category; institutions (government, media …) are commercial accounts."""
    if rule is not None and rule.categories:
        return rng.choice(rule.categories)
    if flags & INSTITUTION_FLAGS:
        return Category.COMMERCIAL
    if rule is None and rng.random() < COMMERCIAL_SHARE_OF_DEFAULT:
        return Category.COMMERCIAL
    return Category.RESIDENTIAL


def _volume_in_band(rule: TierRule, rng: random.Random) -> Decimal:
    """A volume strictly inside the rule's band (half-open bounds, CAL-8 style)."""
    lows = [t.value_m3_per_day for t in rule.volume if t.op in (">", ">=")]
    highs = [t.value_m3_per_day for t in rule.volume if t.op in ("<", "<=")]
    low = max(lows, default=Decimal(0))
    high = min(highs, default=low * 2 if low else COMMERCIAL_FALLBACK_CEILING)
    return _between(low, high, rng)


def _ordinary_volume(section: TierSection, category: Category, rng: random.Random) -> Decimal:
    """Below every volume threshold of the section, so volume alone lifts no tier."""
    if category == Category.RESIDENTIAL:
        low, high = RESIDENTIAL_VOLUME
        return _between(Decimal(str(low)), Decimal(str(high)), rng)
    thresholds = [
        test.value_m3_per_day
        for rule in section.rules
        for test in rule.volume
        if test.op in (">", ">=")
    ]
    ceiling = min(thresholds, default=COMMERCIAL_FALLBACK_CEILING)
    return _between(ceiling / 20, ceiling * Decimal("0.8"), rng)


def _between(low: Decimal, high: Decimal, rng: random.Random) -> Decimal:
    fraction = Decimal(str(round(rng.uniform(0.1, 0.9), 4)))
    return (low + (high - low) * fraction).quantize(CENT)


def _name(
    category: Category, flags: frozenset[CustomerFlag], city: str, fake: Faker, rng: random.Random
) -> str:
    institution = min(INSTITUTION_FLAGS & flags, default=None)
    if institution is not None:
        return city + rng.choice(INSTITUTIONS[institution])
    if category == Category.COMMERCIAL:
        return str(fake.company())
    return str(fake.name())


def _phones(fake: Faker, rng: random.Random) -> tuple[str, ...]:
    first = str(fake.phone_number())
    if rng.random() < SECOND_PHONE_SHARE:
        return (first, str(fake.phone_number()))
    return (first,)


def _address(category: Category, place: str, fake: Faker, rng: random.Random) -> str:
    street = f"{place}{fake.street_name()}{rng.randint(1, 399)}号"
    if category == Category.COMMERCIAL:
        return street
    community = rng.choice(COMMUNITIES) + rng.choice(COMMUNITY_SUFFIXES)
    room = (
        f"{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
    )
    return f"{street}{community}{room}"


def _meter_kind(category: Category, rng: random.Random) -> MeterKind:
    if category == Category.COMMERCIAL:
        return MeterKind.FLOW
    return rng.choice((MeterKind.ORDINARY, MeterKind.PREPAID, MeterKind.SMART))
