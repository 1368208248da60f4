"""Notice fixtures: the shipped packs, the memory SMS backend and customers of unit A."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gasdesk.customers.models import Customer
from gasdesk.customers.tests.factories import make_customer
from gasdesk.notices.backends import MemoryBackend


@pytest.fixture
def outbox(settings: Any) -> Iterator[list[tuple[str, str]]]:
    """SMS sent through the memory backend; numbers added to MemoryBackend.failing fail."""
    settings.GASDESK_SMS_BACKEND = "memory"
    MemoryBackend.outbox.clear()
    MemoryBackend.failing.clear()
    yield MemoryBackend.outbox
    MemoryBackend.outbox.clear()
    MemoryBackend.failing.clear()


@pytest.fixture
def resident(org: Any, packs: list[object]) -> Customer:
    return make_customer(
        org.unit_a,
        account_no="CH30000001",
        name="李秀英",
        phones=["13812345678"],
        address="巢湖市卧牛山路8号",
    )
