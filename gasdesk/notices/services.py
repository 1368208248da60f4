"""Every write of the notice layer (SMS-1): queue one message, queue a campaign in bulk,
deliver due messages with retries and backoff, and re-queue a failed one by hand.

Delivery is separate from queueing: callers never wait for a provider, and a campaign of
100,000 customers is one INSERT … SELECT (bodies are rendered when each row is delivered).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import DateTimeField, F, IntegerField, JSONField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.customers.models import Customer, CustomerPhone
from gasdesk.notices.backends import SendFailed, send_email, sms_backend
from gasdesk.notices.models import (
    DUE_STATUSES,
    FAILED_STATUSES,
    Message,
    MessageChannel,
    MessageStatus,
)
from gasdesk.notices.rendering import render
from gasdesk.notices.sql import insert_select
from gasdesk.org.roles import Role, require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.standards.lookup import LoadedPack, loaded_pack, pack_for_unit
from gasdesk.standards.sections.notices import NoticeRules

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from gasdesk.org.models import OrgUnit, User

RETRY_ROLES = (Role.DISPATCHER, Role.SPECIALIST, Role.SYSADMIN)
LEASE = timedelta(minutes=5)  # a claimed batch not finished by then is picked up again
BODY_BATCH = 100  # rows per UPDATE … CASE of bulk_update


def notice_rules(loaded: LoadedPack) -> NoticeRules:
    rules = loaded.pack.notices
    if rules is None:
        raise RuleViolation("pack", f"服务标准包 {loaded.record} 没有客户通知模板（notices）")
    return rules


def pack_fields(loaded: LoadedPack) -> dict[str, str]:
    """Template fields every notice of the company may use (name and hotline)."""
    pack = loaded.pack
    return {
        "company_name": pack.company_name,
        "hotline": pack.hotlines[0].number if pack.hotlines else "",
    }


def _template_pack(org_unit: OrgUnit, template: str, now: datetime) -> LoadedPack:
    loaded = pack_for_unit(org_unit, now)
    if template not in notice_rules(loaded).templates:
        raise RuleViolation("template", f"服务标准包中没有通知模板“{template}”")
    return loaded


def first_phone(customer: Customer) -> str:
    phone = customer.phones.order_by("id").values_list("number", flat=True).first()
    return phone or ""


@dataclass(frozen=True)
class Notice:
    """What a caller wants said: the template code, shared fields and where it came from."""

    template: str
    context: dict[str, Any]
    source: str = ""


def send_notice(
    notice: Notice,
    *,
    org_unit: OrgUnit,
    by: User | None,
    channel: str = MessageChannel.SMS,
    customer: Customer | None = None,
    recipient: str = "",
    now: datetime | None = None,
) -> Message:
    """Queue one message; an SMS to a customer goes to their first phone (inbox if none)."""
    now = now or timezone.now()
    loaded = _template_pack(org_unit, notice.template, now)
    if channel == MessageChannel.SMS and not recipient and customer is not None:
        recipient = first_phone(customer)
        channel = MessageChannel.SMS if recipient else MessageChannel.INBOX
    if channel != MessageChannel.INBOX and not recipient:
        raise RuleViolation("recipient", "请填写接收号码或邮箱")
    return Message.objects.create(
        org_unit=customer.org_unit if customer else org_unit,
        customer=customer,
        pack=loaded.record,
        channel=channel,
        recipient=recipient,
        template=notice.template,
        context=pack_fields(loaded) | notice.context,
        source=notice.source,
        next_try_at=now,
        created_at=now,
        created_by=by,
    )


def enqueue_bulk(
    notice: Notice,
    customer_ids: QuerySet[Any],
    *,
    org_unit: OrgUnit,
    by: User | None,
    now: datetime | None = None,
) -> int:
    """Queue one SMS per customer with one INSERT … SELECT; returns the number queued.

    `customer_ids` is a queryset of customer ids (e.g. an outage's affected set). A customer
    without a phone gets the message in the self-service inbox instead. The caller checks
    role and scope; this runs inside the caller's transaction.
    """
    now = now or timezone.now()
    loaded = _template_pack(org_unit, notice.template, now)
    # The first phone on file. Ordering by `id + 0` keeps PostgreSQL on the customer_id index
    # (then a top-1 sort of a few rows); ORDER BY id alone can make it walk the primary key
    # and filter, once per customer, when the phone table's statistics are stale.
    phone = CustomerPhone.objects.filter(customer=OuterRef("pk")).order_by(F("id") + 0)
    source = Customer.objects.filter(pk__in=customer_ids).annotate(
        phone=Coalesce(Subquery(phone.values("number")[:1]), Value(""))
    )
    return insert_select(Message, source, _bulk_columns(notice, loaded, by, now))


def _bulk_columns(
    notice: Notice, loaded: LoadedPack, by: User | None, now: datetime
) -> dict[str, Any]:
    from django.db.models import Case, When

    at = Value(now, DateTimeField())
    return {
        "org_unit_id": F("org_unit_id"),
        "customer_id": F("pk"),
        "pack_id": Value(loaded.record.pk),
        "channel": Case(
            When(phone="", then=Value(MessageChannel.INBOX.value)),
            default=Value(MessageChannel.SMS.value),
        ),
        "recipient": F("phone"),
        "template": Value(notice.template),
        "context": Cast(Value(pack_fields(loaded) | notice.context, JSONField()), JSONField()),
        "body": Value(""),
        "source": Value(notice.source),
        "status": Value(MessageStatus.QUEUED.value),
        "tries": Value(0),
        "next_try_at": at,
        "last_error": Value(""),
        "created_at": at,
        "created_by_id": Value(by.pk if by else None, IntegerField()),
    }


@dataclass
class DeliveryStats:
    sent: int = 0
    failed: int = 0
    dead: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.failed + self.dead


def deliver_due(*, now: datetime | None = None, batch: int = 500) -> DeliveryStats:
    """Deliver up to `batch` due messages.

    Steps: 1. claim due rows (row locks with SKIP LOCKED on PostgreSQL, so parallel drains
    never take the same row) and mark them SENDING with a lease; 2. render and send each
    outside the transaction; 3. write each outcome: SENT, FAILED with the pack's backoff, or
    DEAD after the pack's max tries.
    """
    now = now or timezone.now()
    claimed = _claim(now, batch)
    stats = DeliveryStats()
    packs: dict[int, LoadedPack] = {}
    for message in claimed:
        if message.pack_id not in packs:
            packs[message.pack_id] = loaded_pack(message.pack_id)
        _deliver(message, packs[message.pack_id], now, stats)
    _write_outcomes(claimed, now)
    return stats


def _write_outcomes(claimed: list[Message], now: datetime) -> None:
    """Sent rows share every column but the body: one UPDATE for those columns and a narrow
    bulk_update for the bodies (Django's CASE per row grows with the batch squared)."""
    sent = [m for m in claimed if m.status == MessageStatus.SENT]
    Message.objects.filter(pk__in=[m.pk for m in sent]).update(
        status=MessageStatus.SENT,
        sent_at=now,
        next_try_at=None,
        last_error="",
        tries=F("tries") + 1,
    )
    Message.objects.bulk_update(sent, ["body"], batch_size=BODY_BATCH)
    others = [m for m in claimed if m.status != MessageStatus.SENT]
    fields = ["status", "body", "tries", "next_try_at", "last_error"]
    Message.objects.bulk_update(others, fields, batch_size=BODY_BATCH)


def _claim(now: datetime, batch: int) -> list[Message]:
    with transaction.atomic():
        rows = list(
            Message.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status__in=DUE_STATUSES, next_try_at__lte=now)
            .select_related("customer")
            .order_by("next_try_at", "id")[:batch]
        )
        Message.objects.filter(pk__in=[m.pk for m in rows]).update(
            status=MessageStatus.SENDING, next_try_at=now + LEASE
        )
    return rows


def _deliver(message: Message, loaded: LoadedPack, now: datetime, stats: DeliveryStats) -> None:
    if not message.body:
        message.body = render(_template_text(message, loaded), _fields(message))
    message.tries += 1
    try:
        _send(message)
    except SendFailed as error:
        _failed(message, loaded, now, str(error), stats)
        return
    message.status, message.sent_at, message.next_try_at = MessageStatus.SENT, now, None
    message.last_error = ""
    stats.sent += 1


def _template_text(message: Message, loaded: LoadedPack) -> str:
    sender = notice_rules(loaded).sender_name
    text = notice_rules(loaded).templates[message.template].text
    return f"【{sender}】{text}" if sender and message.channel == MessageChannel.SMS else text


def _fields(message: Message) -> dict[str, Any]:
    fields = dict(message.context)
    if message.customer is not None:
        fields.setdefault("customer_name", message.customer.name)
        fields.setdefault("account_no", message.customer.account_no)
    return fields


def _send(message: Message) -> None:
    if message.channel == MessageChannel.SMS:
        sms_backend().send(message.recipient, message.body)
    elif message.channel == MessageChannel.EMAIL:
        send_email(message.recipient, message.body)
    # INBOX: stored for the self-service page; delivering it is making it visible.


def _failed(
    message: Message, loaded: LoadedPack, now: datetime, error: str, stats: DeliveryStats
) -> None:
    policy = notice_rules(loaded).retry
    message.last_error = error[:1000]
    if message.tries >= policy.max_tries:
        message.status, message.next_try_at = MessageStatus.DEAD, None
        stats.dead += 1
        return
    wait = policy.backoff_minutes[min(message.tries, len(policy.backoff_minutes)) - 1]
    message.status, message.next_try_at = MessageStatus.FAILED, now + timedelta(minutes=wait)
    stats.failed += 1


def retry_message(message: Message, *, by: User, now: datetime | None = None) -> Message:
    """Send a failed (or given-up) message again now; one more try before it is given up."""
    require_role(by, *RETRY_ROLES)
    require_in_scope(by, message.org_unit)
    now = now or timezone.now()
    updated = Message.objects.filter(pk=message.pk, status__in=FAILED_STATUSES).update(
        status=MessageStatus.QUEUED, next_try_at=now, tries=F("tries") - 1 if message.tries else 0
    )
    if updated == 0:
        raise ConcurrentChange("该通知不是发送失败状态，无需重发")
    message.refresh_from_db()
    return message
