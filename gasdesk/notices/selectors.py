"""Reads of the notice log (SMS-1): the unit's log, the failed list, delivery progress of a
campaign, and the customer self-service inbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet

from gasdesk.customers.masking import digits_of
from gasdesk.customers.models import Customer, normalise_account_no
from gasdesk.notices.models import FAILED_STATUSES, Message, MessageChannel, MessageStatus

if TYPE_CHECKING:
    from gasdesk.org.models import User

INBOX_LIMIT = 50
MIN_PHONE_TAIL = 4  # digits of the phone the customer must give with the account number


def visible_messages(user: User) -> QuerySet[Message]:
    """The log in the user's org scope, newest first (keyset pages on id, no count)."""
    return (
        Message.objects.visible_to(user)
        .select_related("customer")
        .only(*LIST_FIELDS)
        .order_by("-id")
    )


LIST_FIELDS = (
    "id",
    "channel",
    "recipient",
    "template",
    "status",
    "tries",
    "next_try_at",
    "last_error",
    "sent_at",
    "created_at",
    "source",
    "org_unit_id",
    "customer__account_no",
    "customer__name",
)


def failed_messages(user: User) -> QuerySet[Message]:
    """Failed sends waiting for a retry and those given up (msg_failed_idx)."""
    return visible_messages(user).filter(status__in=FAILED_STATUSES)


def source_counts(source: str) -> dict[str, int]:
    """Messages of one campaign by status (msg_source_idx), e.g. {"sent": 99000, …}."""
    rows = Message.objects.filter(source=source).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def self_service_customer(account_no: str, phone_tail: str) -> Customer | None:
    """The customer whose account number matches and who has a phone ending in the tail.

    Both must match, and the tail must have at least MIN_PHONE_TAIL digits, so an account
    number alone (printed on bills) does not open anyone's messages.
    """
    tail = digits_of(phone_tail)
    account = normalise_account_no(account_no)
    if len(tail) < MIN_PHONE_TAIL or not account:
        return None
    return (
        Customer.objects.filter(account_no=account, phones__digits_reversed__startswith=tail[::-1])
        .only("id", "name", "account_no")
        .first()
    )


def customer_inbox(customer_id: int) -> list[Message]:
    """What the customer sees on the self-service page: delivered SMS and inbox messages."""
    return list(
        Message.objects.filter(
            customer_id=customer_id,
            channel__in=(MessageChannel.SMS, MessageChannel.INBOX),
            status=MessageStatus.SENT,
        )
        .only("id", "body", "sent_at", "created_at", "channel")
        .order_by("-created_at")[:INBOX_LIMIT]
    )


def status_summary(user: User) -> dict[str, Any]:
    """Counts by status in scope, for the log page's header (one GROUP BY)."""
    rows = Message.objects.visible_to(user).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}
