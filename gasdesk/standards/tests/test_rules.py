"""Pure rules: effective amount of a commitment (STD-2) and trial status (STD-6); no database."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from gasdesk.business_calendar.units import Unit
from gasdesk.standards.rules import (
    add_months,
    effective_amount,
    pack_status_on,
    tier_status_on,
    trial_ends_on,
)
from gasdesk.standards.schema import Area, Clock, Commitment, Tier
from gasdesk.standards.tests.factories import shipped_pack

amounts = st.integers(min_value=0, max_value=10_000)


def _commitment(amount: int = 30, **extra: Any) -> Commitment:
    return Commitment(
        code="C9b",
        title="抢险到达",
        clock=Clock.ARRIVAL,
        amount=amount,
        unit=Unit.MINUTES,
        source="test",
        **extra,
    )


def test_std_3_c9_emergency_arrival_urban_30_remote_50() -> None:
    """STD-3 C9b/C9c: the chaohu pack gives 30 min in urban areas, 50 min in remote ones."""
    (commitment,) = shipped_pack("chaohu").business_type("emergency").commitments
    assert effective_amount(commitment, tier=Tier.GENERAL, area=Area.URBAN) == 30
    assert effective_amount(commitment, tier=Tier.VIP, area=Area.REMOTE) == 50


def test_tier_override_replaces_the_published_amount() -> None:
    commitment = _commitment(by_tier={Tier.VIP: 20})
    assert effective_amount(commitment, tier=Tier.VIP, area=Area.URBAN) == 20
    assert effective_amount(commitment, tier=Tier.GENERAL, area=Area.URBAN) == 30


def test_area_override_applies_after_the_tier_override() -> None:
    commitment = _commitment(by_tier={Tier.VIP: 20}, by_area={Area.REMOTE: 50})
    assert effective_amount(commitment, tier=Tier.VIP, area=Area.REMOTE) == 50


def test_std_2_stricter_government_value_wins() -> None:
    """STD-2: a government standard stricter than the company's applies (000 item 14)."""
    commitment = _commitment(amount=4, government_amount=2)
    assert effective_amount(commitment, tier=Tier.GENERAL, area=Area.URBAN) == 2


def test_std_2_laxer_government_value_is_ignored() -> None:
    """STD-2: where the government standard is lower, the company standard applies."""
    commitment = _commitment(amount=4, government_amount=6)
    assert effective_amount(commitment, tier=Tier.GENERAL, area=Area.URBAN) == 4


def test_std_2_government_value_also_caps_area_and_tier_overrides() -> None:
    commitment = _commitment(by_area={Area.REMOTE: 50}, government_amount=40)
    assert effective_amount(commitment, tier=Tier.GENERAL, area=Area.REMOTE) == 40


@given(amount=amounts, government=st.none() | amounts, remote=st.none() | amounts)
def test_government_value_never_lengthens_a_deadline(
    amount: int, government: int | None, remote: int | None
) -> None:
    by_area = {} if remote is None else {Area.REMOTE: remote}
    with_gov = _commitment(amount, by_area=by_area, government_amount=government)
    without = _commitment(amount, by_area=by_area)
    for area in Area:
        result = effective_amount(with_gov, tier=Tier.GENERAL, area=area)
        assert result <= effective_amount(without, tier=Tier.GENERAL, area=area)
        if government is not None:
            assert result <= government


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2011, 1, 1), 6) == date(2011, 7, 1)


def test_std_6_trial_of_6_months_becomes_definitive_on_its_end_day() -> None:
    """STD-6: 004 "试行期为6个月。6个月内若无修订，则自动转入实施"."""
    assert trial_ends_on(date(2011, 1, 1), 6) == date(2011, 7, 1)
    assert trial_ends_on(date(2011, 1, 1), None) is None


def test_std_6_chaohu_tier_rules_on_trial_until_mid_2011() -> None:
    """STD-6: chaohu's 004 tier section is a 6-month trial from the pack's effective date."""
    pack = shipped_pack("chaohu")
    assert tier_status_on(pack, date(2011, 6, 30)) == "trial"
    assert tier_status_on(pack, date(2011, 7, 1)) == "definitive"
    assert pack_status_on(pack, date(2011, 1, 1)) == "definitive"


def test_std_6_open_ended_trial_stays_a_trial() -> None:
    """STD-6: 001 is 试行 with no length: a trial until a new version replaces it."""
    pack = shipped_pack("kunlun96602")
    assert pack_status_on(pack, date(2040, 1, 1)) == "trial"
