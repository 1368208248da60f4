"""METER-1/2: meters past their service life, 3-day notice, progress done / planned."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gasdesk.campaigns import selectors
from gasdesk.campaigns.models import MeterReplacement
from gasdesk.campaigns.services import meters as meter_services
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


def test_meter1_replacement_retires_the_old_meter_and_adds_the_new_one(
    org: Any, meters: dict[str, Meter], dispatcher_a: User
) -> None:
    """METER-1: done on 2026-11-20 → old M1 retired that day, N-001 a new active row of the
    same customer; the campaign row keeps pointing at the old meter (history)."""
    campaign = create_meter_campaign(
        org.unit_a, title="", as_of=date(2026, 11, 26), by=dispatcher_a, now=NOW
    )
    row = MeterReplacement.objects.get(campaign=campaign, meter=meters["old"])
    complete_replacement(row, by=dispatcher_a, new_meter_no="N-001", new_kind="smart", now=NOW)
    old = Meter.objects.get(pk=meters["old"].pk)
    assert (old.meter_no, old.retired_on) == ("M1", date(2026, 11, 20))
    new = Meter.objects.active().get(customer=old.customer)
    assert (new.meter_no, new.kind, new.installed_on) == ("N-001", "smart", date(2026, 11, 20))
    row.refresh_from_db()
    assert (row.meter_id, row.new_meter_no) == (old.pk, "N-001")


def test_meter1_a_retired_meter_is_not_offered_again(
    org: Any, meters: dict[str, Meter], dispatcher_a: User
) -> None:
    """METER-1: the next campaign (even years later) skips the replaced meter; its new meter
    (installed 2026-11-20, 10-year pack life) is not due before 2036-11-20."""
    first = create_meter_campaign(
        org.unit_a, title="", as_of=date(2026, 11, 26), by=dispatcher_a, now=NOW
    )
    row = MeterReplacement.objects.get(campaign=first, meter=meters["old"])
    complete_replacement(row, by=dispatcher_a, new_meter_no="N-001", now=NOW)

    second = create_meter_campaign(
        org.unit_a, title="", as_of=date(2026, 11, 26), by=dispatcher_a, now=NOW
    )
    assert second.planned_count == 1
    chosen = set(second.replacements.values_list("meter__meter_no", flat=True))
    assert chosen == {"M3"}
    later = create_meter_campaign(
        org.unit_a, title="", as_of=date(2036, 11, 20), by=dispatcher_a, now=NOW
    )
    chosen = set(later.replacements.values_list("meter__meter_no", flat=True))
    assert chosen == {"M2", "M3", "N-001"}


def test_meter2_no_notice_for_a_meter_replaced_meanwhile(
    org: Any, meters: dict[str, Meter], dispatcher_a: User
) -> None:
    """METER-2: a pending row whose meter was already replaced (retired) gets no SMS."""
    campaign = create_meter_campaign(
        org.unit_a, title="", as_of=date(2026, 11, 26), by=dispatcher_a, now=NOW
    )
    Meter.objects.filter(pk=meters["old"].pk).update(retired_on=date(2026, 11, 19))
    notify_meter_campaign(campaign, visit_on=date(2026, 11, 23), by=dispatcher_a, now=NOW)
    assert Message.objects.filter(template="meter_notice").count() == 1


def test_meter1_failed_replacement_rolls_back_both_meter_rows(
    org: Any, meters: dict[str, Meter], dispatcher_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """METER-1: the campaign log fails after the swap → the old meter is active again, no new
    meter row, the campaign row still pending."""
    campaign = create_meter_campaign(
        org.unit_a, title="", as_of=date(2026, 11, 26), by=dispatcher_a, now=NOW
    )
    row = MeterReplacement.objects.get(campaign=campaign, meter=meters["old"])

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("log write failed")

    monkeypatch.setattr(meter_services, "_log", boom)
    with pytest.raises(RuntimeError):
        complete_replacement(row, by=dispatcher_a, new_meter_no="N-001", now=NOW)
    customer = meters["old"].customer
    rows = list(Meter.objects.filter(customer=customer).values("meter_no", "retired_on"))
    assert rows == [{"meter_no": "M1", "retired_on": None}]
    row.refresh_from_db()
    assert (row.status, row.new_meter_no) == ("pending", "")
