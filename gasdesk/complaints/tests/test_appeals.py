"""Level appeals (CMP-14): window, who may file, refusal of late appeals, decisions kept."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.complaints.appeals import decide_appeal, file_appeal
from gasdesk.complaints.models import ComplaintAppeal
from gasdesk.complaints.services import set_level
from gasdesk.complaints.tests.factories import make_complaint
from gasdesk.core.errors import PermissionDeniedRule, RuleViolation

TZ = ZoneInfo("Asia/Shanghai")
LEVELLED = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)  # Friday
WINDOW_END = datetime(2026, 11, 24, 0, 0, tzinfo=TZ)  # 3 ND: 11-23 24:00

pytestmark = pytest.mark.django_db


@pytest.fixture
def levelled(packs, org, agent_a, specialist):
    with time_machine.travel(LEVELLED, tick=False):
        complaint = make_complaint(by=agent_a, target_unit=org.unit_a)
        return set_level(complaint, by=specialist, level=2)


def test_cmp_14_appeal_window_is_3_natural_days_after_the_level(levelled):
    """CMP-14: levelled Fri 2026-11-20 → appeals accepted until 2026-11-23 24:00."""
    assert levelled.appeal_due_at == WINDOW_END


def test_cmp_14_dept_admin_files_on_the_last_day(levelled, dept_admin_a):
    """CMP-14: filed 11-23 23:59 by unit A's admin → accepted, pending."""
    with time_machine.travel(WINDOW_END - timedelta(minutes=1), tick=False):
        appeal = file_appeal(levelled, by=dept_admin_a, level_requested=4, reason="迟到因暴雨")
    assert (appeal.status, appeal.level_disputed, appeal.unit_id) == (
        "pending",
        2,
        levelled.target_unit_id,
    )
    assert levelled.events.filter(kind="APPEALED").count() == 1


def test_cmp_14_late_appeal_refused_with_reason_and_nothing_changes(levelled, dept_admin_a):
    """CMP-14: 逾期申诉不予受理 — filed 11-24 00:01 is refused, the reason names the deadline."""
    late = time_machine.travel(WINDOW_END + timedelta(minutes=1), tick=False)
    with late, pytest.raises(RuleViolation) as error:
        file_appeal(levelled, by=dept_admin_a, level_requested=4, reason="迟到因暴雨")
    assert error.value.field == "filed_at"
    assert "逾期申诉不予受理" in error.value.message
    assert "2026-11-24 00:00" in error.value.message
    assert not ComplaintAppeal.objects.exists()
    assert not levelled.events.filter(kind="APPEALED").exists()


def test_cmp_14_only_the_target_departments_admin_may_appeal(levelled, dept_admin_b, specialist):
    """CMP-14: through the department's own part-time admin; others are refused."""
    with time_machine.travel(LEVELLED, tick=False):
        for user in (dept_admin_b, specialist):
            with pytest.raises(PermissionDeniedRule):
                file_appeal(levelled, by=user, level_requested=4, reason="x")
    assert not ComplaintAppeal.objects.exists()


def test_cmp_14_upheld_decision_changes_level_and_is_kept(levelled, dept_admin_a, specialist):
    """CMP-14: the decision is recorded; upheld → the requested level applies."""
    with time_machine.travel(LEVELLED + timedelta(hours=1), tick=False):
        appeal = file_appeal(levelled, by=dept_admin_a, level_requested=4, reason="迟到因暴雨")
        decide_appeal(appeal, by=specialist, upheld=True, reason="核实属实")
    appeal.refresh_from_db()
    levelled.refresh_from_db()
    assert (appeal.status, appeal.decided_by, appeal.decision_reason) == (
        "upheld",
        specialist,
        "核实属实",
    )
    assert levelled.level == 4
    event = levelled.events.get(kind="APPEAL_DECIDED")
    assert event.data == {"appeal": appeal.pk, "upheld": True, "level": 4}


def test_cmp_14_decision_is_made_once(levelled, dept_admin_a, specialist):
    with time_machine.travel(LEVELLED + timedelta(hours=1), tick=False):
        appeal = file_appeal(levelled, by=dept_admin_a, level_requested=4, reason="x")
        decide_appeal(appeal, by=specialist, upheld=False, reason="维持原级别")
        with pytest.raises(RuleViolation):
            decide_appeal(appeal, by=specialist, upheld=True, reason="改判")
    levelled.refresh_from_db()
    assert levelled.level == 2
