"""Plain factories for notice tests."""

from __future__ import annotations

from typing import Any

from gasdesk.customers.models import Customer
from gasdesk.notices.models import Message
from gasdesk.notices.services import Notice, send_notice

OUTAGE_CONTEXT = {
    "reason": "管网维修",
    "address": "卧牛山路",
    "start_at": "2026年11月23日 09:00",
    "end_at": "2026年11月23日 18:00",
}


def queue_outage_sms(customer: Customer, **overrides: Any) -> Message:
    notice = Notice("outage_planned", OUTAGE_CONTEXT | overrides, source="test")
    return send_notice(notice, org_unit=customer.org_unit, by=None, customer=customer)
