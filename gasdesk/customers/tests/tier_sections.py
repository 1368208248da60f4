"""Tier sections built in tests from the SPEC readings (CUST-2, CUST-3), independent of packs.

The numbers are the handbooks' (SPEC CUST-2/3, EX-43); the shipped pack files carry the same
ones with source comments and are checked against these in test_tiering.py when present.
"""

from __future__ import annotations

from decimal import Decimal

from gasdesk.standards.schema import (
    Category,
    CustomerFlag,
    Tier,
    TierRule,
    TierSection,
    VolumeTest,
)

COMMERCIAL = (Category.COMMERCIAL,)
RESIDENTIAL = (Category.RESIDENTIAL,)
INFLUENCE_004 = (
    CustomerFlag.GOVERNMENT,
    CustomerFlag.MEDIA,
    CustomerFlag.GOV_INFLUENTIAL,
    CustomerFlag.VULNERABLE,
)


def volume(basis: str, op: str, value: int) -> VolumeTest:
    return VolumeTest(basis=basis, op=op, value_m3_per_day=Decimal(value))  # type: ignore[arg-type]


def section_004(basis: str = "actual") -> TierSection:
    """CUST-3 (004 三.1): VIP ≥ 1000, 重点 ≥ 500 (commercial), 关键 by influence, else 一般."""
    return TierSection(
        rules=(
            TierRule(tier=Tier.VIP, categories=COMMERCIAL, volume=(volume(basis, ">=", 1000),)),
            TierRule(
                tier=Tier.IMPORTANT, categories=COMMERCIAL, volume=(volume(basis, ">=", 500),)
            ),
            TierRule(tier=Tier.KEY, flags_any=INFLUENCE_004, source="004 三.1"),
        )
    )


def section_000() -> TierSection:
    """CUST-2 (000 item 16): VIP actual > 1000; 重点 contract or actual in (500, 1000] or a
    residential complainant; 关键 by influence (incl. residential influencers); else 一般."""
    return TierSection(
        rules=(
            TierRule(tier=Tier.VIP, categories=COMMERCIAL, volume=(volume("actual", ">", 1000),)),
            TierRule(
                tier=Tier.IMPORTANT,
                categories=COMMERCIAL,
                volume=(volume("either", ">", 500), volume("either", "<=", 1000)),
            ),
            TierRule(
                tier=Tier.IMPORTANT, categories=RESIDENTIAL, flags_any=(CustomerFlag.COMPLAINED,)
            ),
            TierRule(tier=Tier.KEY, flags_any=(*INFLUENCE_004, CustomerFlag.RESIDENT_INFLUENCER)),
        )
    )
