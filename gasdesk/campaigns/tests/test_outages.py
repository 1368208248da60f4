"""OUT-1/2 and SMS-1: publishing planned outages, notices, restoration deadline, bands."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gasdesk.campaigns import selectors
from gasdesk.campaigns.jobs import flag_overdue_restorations
from gasdesk.campaigns.models import Outage, OutageCustomer, OutageEvent, OutageKind, OutageStatus
from gasdesk.campaigns.services.outages import publish_outage, restore_outage
from gasdesk.campaigns.tests.factories import make_outage
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.customers.tests.factories import make_customer
from gasdesk.notices.models import Message
from gasdesk.notices.services import deliver_due
from gasdesk.org.models import User

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=SH)

pytestmark = pytest.mark.django_db


@pytest.fixture
def street(org: Any, packs: Any) -> list[Any]:
    """Two customers on 卧牛山路 (affected) and one elsewhere."""
    return [
        make_customer(org.unit_a, address="巢湖市卧牛山路1号", phones=["13800000001"]),
        make_customer(org.team_a, address="巢湖市卧牛山路3号2栋", phones=["13800000002"]),
        make_customer(org.unit_a, address="巢湖市健康路9号", phones=["13800000003"]),
    ]


def test_out1_outage_23_hours_ahead_is_refused_and_nothing_changes(
    org: Any, street: list[Any], dispatcher_a: User
) -> None:
    """OUT-1: a planned outage needs 24 h notice; 23 h ahead is refused in Chinese."""
    outage = make_outage(org.unit_a, dispatcher_a, starts_at=NOW + timedelta(hours=23), now=NOW)

    with pytest.raises(RuleViolation) as error:
        publish_outage(outage, by=dispatcher_a, now=NOW)

    assert error.value.field == "starts_at"
    assert "至少提前24小时通知客户" in error.value.message
    assert Outage.objects.get(pk=outage.pk).status == OutageStatus.DRAFT
    assert not OutageCustomer.objects.exists()
    assert not Message.objects.exists()
    assert list(OutageEvent.objects.values_list("kind", flat=True)) == ["CREATED"]


def test_out1_outage_24_hours_ahead_is_published_and_affected_customers_notified(
    org: Any, street: list[Any], dispatcher_a: User, outbox: Any
) -> None:
    """OUT-1 / SMS-1: 24 h ahead publishes; the address selection is materialised and each
    affected customer gets the outage SMS, logged."""
    outage = make_outage(org.unit_a, dispatcher_a, starts_at=NOW + timedelta(hours=24), now=NOW)

    outage = publish_outage(outage, by=dispatcher_a, now=NOW)

    assert outage.status == OutageStatus.PUBLISHED
    assert outage.affected_count == 2
    assert outage.restore_due_at == NOW + timedelta(hours=48)
    linked = set(OutageCustomer.objects.values_list("customer_id", flat=True))
    assert linked == {street[0].pk, street[1].pk}
    assert Message.objects.filter(source=f"outage:{outage.pk}").count() == 2
    deliver_due(now=NOW)
    assert sorted(number for number, _ in outbox) == ["13800000001", "13800000002"]
    assert all("将于2026年11月21日 09:00停止供气" in body for _, body in outbox)


def test_out1_emergency_outage_is_published_without_notice_period(
    org: Any, street: list[Any], dispatcher_a: User
) -> None:
    outage = make_outage(
        org.unit_a,
        dispatcher_a,
        starts_at=NOW,
        now=NOW,
        kind=OutageKind.EMERGENCY,
        selection_kind="customers",
        selection_value=f"{street[2].account_no}",
    )
    outage = publish_outage(outage, by=dispatcher_a, now=NOW)
    assert outage.affected_count == 1
    assert Message.objects.get().template == "outage_emergency"


def test_out1_publishing_twice_loses_the_second_time(
    org: Any, street: list[Any], dispatcher_a: User
) -> None:
    outage = make_outage(org.unit_a, dispatcher_a, starts_at=NOW + timedelta(days=2), now=NOW)
    stale = Outage.objects.get(pk=outage.pk)
    publish_outage(outage, by=dispatcher_a, now=NOW)
    with pytest.raises(ConcurrentChange):
        publish_outage(stale, by=dispatcher_a, now=NOW)
    assert OutageCustomer.objects.count() == 2
    assert Message.objects.count() == 2


def test_out1_restoration_after_24_hours_is_flagged_overdue(
    org: Any, street: list[Any], dispatcher_a: User
) -> None:
    """OUT-1: supply back within 24 h of the stop; the job flags a late one once."""
    starts = NOW + timedelta(days=1)
    outage = publish_outage(
        make_outage(org.unit_a, dispatcher_a, starts_at=starts, now=NOW), by=dispatcher_a, now=NOW
    )
    assert flag_overdue_restorations(now=starts + timedelta(hours=24)) == 0
    assert flag_overdue_restorations(now=starts + timedelta(hours=24, minutes=1)) == 1
    assert flag_overdue_restorations(now=starts + timedelta(hours=25)) == 0
    outage = restore_outage(outage, by=dispatcher_a, now=starts + timedelta(hours=26))
    assert outage.status == OutageStatus.RESTORED
    assert outage.restore_overdue_at is not None
    assert OutageEvent.objects.get(outage=outage, kind="RESTORED").data["late"] is True
    assert Message.objects.filter(template="outage_restored").count() == 2


def test_out_technician_may_not_create_or_publish(
    org: Any, street: list[Any], technician_a: User
) -> None:
    with pytest.raises(PermissionDeniedRule):
        make_outage(org.unit_a, technician_a, starts_at=NOW + timedelta(days=2), now=NOW)
    assert not Outage.objects.exists()


def test_out_dispatcher_of_another_unit_is_out_of_scope(
    org: Any, street: list[Any], dispatcher_b: User
) -> None:
    with pytest.raises(PermissionDeniedRule):
        make_outage(org.unit_a, dispatcher_b, starts_at=NOW + timedelta(days=2), now=NOW)
    assert not Outage.objects.exists()


def test_out2_outage_events_per_year_are_counted_per_customer_band(
    org: Any, street: list[Any], specialist: User
) -> None:
    """OUT-2: bands ≤ 5,000 (含), 5,001–50,000 (含), > 50,000 households."""
    for count in (10, 5000, 5001, 50001):
        outage = make_outage(org.unit_a, specialist, starts_at=NOW + timedelta(days=2), now=NOW)
        Outage.objects.filter(pk=outage.pk).update(status="published", affected_count=count)
    counts = selectors.outage_band_counts(specialist, 2026, outage.pack_id)
    assert [(c.code, c.events) for c in counts] == [
        ("up_to_5000", 2),
        ("up_to_50000", 1),
        ("over_50000", 1),
    ]
    assert selectors.outage_band_counts(specialist, 2025, outage.pack_id)[0].events == 0
