"""Notice pages and API: masked lists with query budgets, failed list, retry, self-service."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from gasdesk.customers.models import Customer
from gasdesk.notices.models import Message, MessageStatus
from gasdesk.notices.services import deliver_due
from gasdesk.notices.tests.factories import queue_outage_sms
from gasdesk.org.models import User

pytestmark = pytest.mark.django_db


def _login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_log_page_masks_recipients_within_query_budget(
    resident: Customer, dispatcher_a: User, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        queue_outage_sms(resident)
    client = _login(dispatcher_a)
    with django_assert_max_num_queries(8):
        page = client.get("/notices/").content.decode()
    assert page.count("138****5678") == 3
    assert "13812345678" not in page


def test_api_lists_masked_and_failed_list_and_retry(
    resident: Customer,
    dispatcher_a: User,
    dispatcher_b: User,
    outbox: Any,
    django_assert_max_num_queries: Any,
) -> None:
    from gasdesk.notices.backends import MemoryBackend

    MemoryBackend.failing.add("13812345678")
    message = queue_outage_sms(resident)
    Message.objects.filter(pk=message.pk).update(tries=4)
    deliver_due()
    client = APIClient()
    client.force_authenticate(dispatcher_a)
    with django_assert_max_num_queries(6):
        failed = client.get("/api/v1/messages/failed/").json()["results"]
    assert [(m["id"], m["recipient"], m["status"]) for m in failed] == [
        (message.pk, "138****5678", "dead")
    ]
    other = APIClient()
    other.force_authenticate(dispatcher_b)
    assert other.post(f"/api/v1/messages/{message.pk}/retry/").status_code == 404
    assert client.post(f"/api/v1/messages/{message.pk}/retry/").status_code == 200
    assert Message.objects.get(pk=message.pk).status == MessageStatus.QUEUED


def test_self_service_needs_account_and_phone_tail(resident: Customer, outbox: Any) -> None:
    """SMS-1 self-service page: account number + last 4 digits open the customer's inbox."""
    queue_outage_sms(resident)
    deliver_due()
    cache.clear()
    client = Client()
    wrong = client.post(
        "/notices/self-service/", {"account_no": "CH30000001", "phone_tail": "0000"}
    )
    assert "户号或电话号码不正确" in wrong.content.decode()
    assert client.get("/notices/self-service/inbox/").status_code == 302
    ok = client.post("/notices/self-service/", {"account_no": "ch30000001", "phone_tail": "5678"})
    assert ok.status_code == 302
    inbox = client.get("/notices/self-service/inbox/").content.decode()
    assert "尊敬的李秀英" in inbox


def test_self_service_throttles_guessing(resident: Customer) -> None:
    cache.clear()
    client = Client()
    for _ in range(10):
        client.post("/notices/self-service/", {"account_no": "CH30000001", "phone_tail": "1111"})
    blocked = client.post(
        "/notices/self-service/", {"account_no": "CH30000001", "phone_tail": "5678"}
    )
    assert "尝试次数过多" in blocked.content.decode()
    cache.clear()
