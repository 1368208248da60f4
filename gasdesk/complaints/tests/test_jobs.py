"""The late-step scan (CMP-4, CMP-9, CMP-10, CMP-15): flags once, raises a LATE alert."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.complaints.jobs import scan_late_steps
from gasdesk.complaints.services import record_response
from gasdesk.complaints.tests.factories import make_complaint

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(packs, agent_a):
    with time_machine.travel(FRI_2140, tick=False):
        return make_complaint(by=agent_a)


def test_cmp_9_response_late_after_24_hours_flagged_once(complaint):
    """CMP-9: unanswered at Sat 21:41 (24 h + 1 min) → response late; a rerun adds nothing."""
    assert scan_late_steps(FRI_2140 + timedelta(hours=24)) == 0
    now = FRI_2140 + timedelta(hours=24, minutes=1)
    assert scan_late_steps(now) == 1
    assert scan_late_steps(now) == 0
    complaint.refresh_from_db()
    assert complaint.response_late_at == now
    event = complaint.events.get(kind="LATE")
    assert event.data["clock"] == "response"


def test_cmp_10_closure_late_after_1_natural_day_when_responded(complaint, specialist):
    """CMP-10: responded but not closed by 2026-11-21 24:00 → closure late (1 ND)."""
    with time_machine.travel(FRI_2140 + timedelta(hours=1), tick=False):
        record_response(complaint, by=specialist)
    assert scan_late_steps(datetime(2026, 11, 22, 0, 0, tzinfo=TZ)) == 0
    assert scan_late_steps(datetime(2026, 11, 22, 0, 1, tzinfo=TZ)) == 1
    complaint.refresh_from_db()
    assert complaint.closure_late_at is not None
    assert complaint.response_late_at is None
