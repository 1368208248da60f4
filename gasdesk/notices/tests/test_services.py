"""SMS-1: queueing, bulk queueing, delivery, retries with the pack's backoff, manual retry."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.customers.models import Customer
from gasdesk.customers.tests.factories import make_customer
from gasdesk.notices.jobs import drain_queue
from gasdesk.notices.models import Message, MessageChannel, MessageStatus
from gasdesk.notices.services import Notice, deliver_due, enqueue_bulk, retry_message, send_notice
from gasdesk.notices.tests.factories import OUTAGE_CONTEXT, queue_outage_sms
from gasdesk.org.models import User

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
def test_sms1_queued_message_is_rendered_sent_and_logged(resident: Customer, outbox: Any) -> None:
    """SMS-1: an outage SMS goes to the customer's phone with the pack's text and hotline."""
    message = queue_outage_sms(resident)
    assert message.status == MessageStatus.QUEUED
    assert message.recipient == "13812345678"

    stats = deliver_due(now=NOW)

    message.refresh_from_db()
    assert (stats.sent, message.status, message.tries) == (1, MessageStatus.SENT, 1)
    assert message.sent_at == NOW
    assert outbox == [("13812345678", message.body)]
    assert message.body.startswith("【巢湖新奥燃气】尊敬的李秀英（户号CH30000001）：因管网维修")
    assert "0551-" in message.body or "96777" in message.body or "咨询请拨" in message.body


def test_sms1_unknown_template_is_refused_and_nothing_queued(resident: Customer) -> None:
    with pytest.raises(RuleViolation) as error:
        send_notice(Notice("no_such", {}), org_unit=resident.org_unit, by=None, customer=resident)
    assert error.value.field == "template"
    assert Message.objects.count() == 0


def test_sms1_bulk_queues_one_row_per_customer_in_one_statement(
    org: Any, resident: Customer, django_assert_max_num_queries: Any
) -> None:
    """SMS-1 bulk path: INSERT … SELECT; a customer without a phone gets the inbox instead."""
    silent = make_customer(org.unit_a)
    silent.phones.all().delete()
    ids = Customer.objects.filter(pk__in=[resident.pk, silent.pk]).values("pk")
    with django_assert_max_num_queries(6):
        count = enqueue_bulk(
            Notice("outage_planned", OUTAGE_CONTEXT, source="outage:1"),
            ids,
            org_unit=org.unit_a,
            by=None,
            now=NOW,
        )
    assert count == 2
    rows = {m.customer_id: m for m in Message.objects.all()}
    assert rows[resident.pk].channel == MessageChannel.SMS
    assert rows[resident.pk].recipient == "13812345678"
    assert rows[silent.pk].channel == MessageChannel.INBOX
    assert rows[resident.pk].context["reason"] == "管网维修"
    assert rows[resident.pk].next_try_at == NOW
    assert rows[resident.pk].status == "queued"


@time_machine.travel(NOW, tick=False)
def test_sms1_failed_send_is_retried_with_backoff_then_given_up(
    resident: Customer, outbox: Any
) -> None:
    """SMS-1: pack retry policy (gasdesk default) — waits 1, 5, 30, 120 min, 5 tries in all."""
    from gasdesk.notices.backends import MemoryBackend

    MemoryBackend.failing.add("13812345678")
    message = queue_outage_sms(resident)
    at, waits = NOW, []
    for _ in range(4):
        deliver_due(now=at)
        message.refresh_from_db()
        assert message.status == MessageStatus.FAILED
        assert message.next_try_at is not None
        waits.append(int((message.next_try_at - at).total_seconds() // 60))
        at = message.next_try_at
    assert waits == [1, 5, 30, 120]
    assert deliver_due(now=at - timedelta(seconds=1)).total == 0  # not due yet
    deliver_due(now=at)
    message.refresh_from_db()
    assert (message.status, message.tries, message.next_try_at) == (MessageStatus.DEAD, 5, None)
    assert message.last_error == "provider refused the number"
    assert outbox == []


@time_machine.travel(NOW, tick=False)
def test_sms1_manual_retry_requeues_a_given_up_message(
    resident: Customer, outbox: Any, dispatcher_a: User
) -> None:
    from gasdesk.notices.backends import MemoryBackend

    MemoryBackend.failing.add("13812345678")
    message = queue_outage_sms(resident)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.DEAD, tries=5)
    MemoryBackend.failing.clear()

    retry_message(Message.objects.get(pk=message.pk), by=dispatcher_a, now=NOW)
    deliver_due(now=NOW)

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(outbox) == 1
    with pytest.raises(ConcurrentChange):
        retry_message(message, by=dispatcher_a, now=NOW)


@time_machine.travel(NOW, tick=False)
def test_manual_retry_denied_to_technician_changes_nothing(
    resident: Customer, technician_a: User
) -> None:
    message = queue_outage_sms(resident)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.DEAD, tries=5)
    with pytest.raises(PermissionDeniedRule):
        retry_message(Message.objects.get(pk=message.pk), by=technician_a, now=NOW)
    assert Message.objects.get(pk=message.pk).status == MessageStatus.DEAD


def test_drain_job_delivers_the_whole_queue_in_batches(
    org: Any, resident: Customer, outbox: Any
) -> None:
    for _ in range(3):
        make_customer(org.unit_a)
    enqueue_bulk(
        Notice("inspection_notice", {"date": "2026年11月23日"}),
        Customer.objects.values("pk"),
        org_unit=org.unit_a,
        by=None,
        now=NOW,
    )
    assert drain_queue(now=NOW) == 4
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 4
    assert len(outbox) == 4
