"""Boundary words (CAL-1, CAL-8): the limit is inside for 以内/以上/不超过, outside for 超过."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from gasdesk.business_calendar.boundaries import exceeds, is_at_least, is_on_time, is_within
from gasdesk.business_calendar.periods import SHANGHAI


def test_arriving_exactly_30_minutes_late_is_not_more_than_30_minutes() -> None:
    """EX-18 CAL-8: appointment 14:00; arrival at 14:30:00 is served, 14:31 is forfeited."""
    limit = timedelta(minutes=30)

    assert not exceeds(timedelta(minutes=30), limit)
    assert exceeds(timedelta(minutes=31), limit)


def test_waiting_exactly_four_hours_is_within_four_hours() -> None:
    """EX-27 CAL-8: SMS 09:00, arrival 13:00 (4 h) is compliant; 13:30 (4 h 30 min) is not."""
    limit = timedelta(hours=4)

    assert is_within(timedelta(hours=4), limit)
    assert not is_within(timedelta(hours=4, minutes=30), limit)


def test_at_least_includes_the_limit() -> None:
    """CAL-8: 以上 includes the stated number (e.g. ≥ 500 m³ a day)."""
    assert is_at_least(Decimal(500), Decimal(500))
    assert not is_at_least(Decimal("499.99"), Decimal(500))


def test_an_end_event_at_the_deadline_instant_is_on_time() -> None:
    """CAL-1: met when the end event's time ≤ the deadline (2026-11-21 24:00)."""
    due_at = datetime(2026, 11, 22, tzinfo=SHANGHAI)

    assert is_on_time(due_at, due_at)
    assert not is_on_time(due_at + timedelta(microseconds=1), due_at)
