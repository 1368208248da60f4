"""Campaign fixtures: shipped packs, the memory SMS backend, a kunlun company for INSP-5."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gasdesk.notices.backends import MemoryBackend


@pytest.fixture
def outbox(settings: Any) -> Iterator[list[tuple[str, str]]]:
    settings.GASDESK_SMS_BACKEND = "memory"
    MemoryBackend.outbox.clear()
    yield MemoryBackend.outbox
    MemoryBackend.outbox.clear()
