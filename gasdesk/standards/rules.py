"""Pure rules read off a pack: a commitment's effective amount (STD-2) and trial status (STD-6).

No ORM and no clock: callers pass the tier, the area and the day.
"""

from __future__ import annotations

import calendar
from datetime import date

from gasdesk.standards.schema import Area, Commitment, Pack, PackStatus, Tier


def effective_amount(commitment: Commitment, *, tier: Tier, area: Area) -> int:
    """The amount that sets an order's deadline.

    1. The tier override replaces the published amount (by_tier).
    2. The area override replaces that (by_area): the area is a travel limit, e.g. C9c's 50 min
       for remote areas, which a tier promise cannot shorten.
    3. STD-2: where the government sets a value, the stricter one wins. Every commitment is a
       deadline, so the stricter value is the smaller amount.
    """
    amount = commitment.by_tier.get(tier, commitment.amount)
    amount = commitment.by_area.get(area, amount)
    if commitment.government_amount is not None:
        amount = min(amount, commitment.government_amount)
    return amount


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the month's last day (CAL-7)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def trial_ends_on(effective_from: date, trial_months: int | None) -> date | None:
    """STD-6: the first day a trial counts as definitive ("6个月内若无修订，则自动转入实施").

    None when the trial has no length (trial until revised) or there is no trial.
    """
    if trial_months is None:
        return None
    return add_months(effective_from, trial_months)


def pack_status_on(pack: Pack, day: date) -> PackStatus:
    """The pack's status on `day`: a trial with a length becomes definitive when it ends."""
    return _status_on(pack.status, pack.effective_from, pack.trial_months, day)


def tier_status_on(pack: Pack, day: date) -> PackStatus:
    """The tier section's status on `day`; its trial starts with the pack (004 六 6.2)."""
    return _status_on(pack.tiers.status, pack.effective_from, pack.tiers.trial_months, day)


def _status_on(
    status: PackStatus, effective_from: date, trial_months: int | None, day: date
) -> PackStatus:
    if status == "definitive":
        return "definitive"
    ends_on = trial_ends_on(effective_from, trial_months)
    return "definitive" if ends_on is not None and day >= ends_on else "trial"
