"""METER-1/2: meters past their service life, 3-day notice, progress done / planned."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gasdesk.campaigns import selectors
from gasdesk.campaigns.models import MeterReplacement
from gasdesk.campaigns.services.meters import (
    complete_replacement,
    create_meter_campaign,
    notify_meter_campaign,
)
from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.customers.models import Meter
from gasdesk.customers.tests.factories import make_customer
from gasdesk.notices.models import Message
from gasdesk.org.models import User

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=SH)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meters(org: Any, packs: Any) -> dict[str, Meter]:
    def meter(no: str, installed: date, life: int | None = None) -> Meter:
        customer = make_customer(org.unit_a)
        return Meter.objects.create(
            customer=customer,
            meter_no=no,
            kind="ordinary",
            installed_on=installed,
            service_life_years=life,
        )

    return {
        "old": meter("M1", date(2016, 11, 26)),  # 10 years (pack) on 2026-11-26
        "young": meter("M2", date(2016, 11, 27)),
        "own_life": meter("M3", date(2018, 6, 1), life=8),  # the meter's own 8 years
    }


def test_meter1_selects_meters_past_their_service_life(
    org: Any, meters: dict[str, Meter], dispatcher_a: User
) -> None:
    """METER-1: install date + life (meter's own, else the pack's 10 years) ≤ as_of."""
    campaign = create_meter_campaign(
        org.unit_a, title="", as_of=date(2026, 11, 26), by=dispatcher_a, now=NOW
    )
    assert campaign.planned_count == 2
    chosen = set(MeterReplacement.objects.values_list("meter__meter_no", flat=True))
    assert chosen == {"M1", "M3"}


def test_meter2_notice_needs_3_days_and_progress_counts_done(
    org: Any, meters: dict[str, Meter], dispatcher_a: User
) -> None:
    """METER-2: the visit is announced 3 days ahead; progress is done / planned."""
    campaign = create_meter_campaign(
        org.unit_a, title="", as_of=date(2026, 11, 26), by=dispatcher_a, now=NOW
    )
    with pytest.raises(RuleViolation):
        notify_meter_campaign(campaign, visit_on=date(2026, 11, 22), by=dispatcher_a, now=NOW)
    assert not Message.objects.exists()
    notify_meter_campaign(campaign, visit_on=date(2026, 11, 23), by=dispatcher_a, now=NOW)
    assert Message.objects.filter(template="meter_notice").count() == 2

    row = MeterReplacement.objects.order_by("id")[0]
    complete_replacement(row, by=dispatcher_a, new_meter_no="N-001", now=NOW)
    with pytest.raises(ConcurrentChange):
        complete_replacement(row, by=dispatcher_a, new_meter_no="N-002", now=NOW)
    progress = selectors.meter_progress(campaign)
    assert (progress.done, progress.planned, progress.percent) == (1, 2, Decimal("50.0"))
