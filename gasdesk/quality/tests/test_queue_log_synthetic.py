"""AGENT-1: a synthetic queue_log of a few hundred real-format lines with known figures.

It covers what the real files lack: EXITWITHTIMEOUT, EXITWITHKEY, EXITEMPTY, AGENTLOGIN/LOGOFF,
PAUSEALL/UNPAUSEALL, BLINDTRANSFER and ATTENDEDTRANSFER (hotline_factories.synthetic_day).
"""

from __future__ import annotations

import pytest
from django.db.models import Sum

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.org.models import User
from gasdesk.quality.models import (
    AgentTime,
    CallExitChoice,
    CallImport,
    CallImportEvent,
    HotlineAgent,
    HotlineCall,
    QueueLogEntry,
)
from gasdesk.quality.tests.hotline_factories import import_bytes, import_text, synthetic_day
from gasdesk.quality.tests.hotline_fixtures import HotlineOrg


@pytest.fixture
def two_days(hotline_org: HotlineOrg) -> list[CallImport]:
    return [
        import_text(hotline_org.company, synthetic_day((2026, 10, 12))),
        import_text(hotline_org.company, synthetic_day((2026, 10, 13))),
    ]


def test_calls_by_exit(two_days: list[CallImport]) -> None:
    """AGENT-1: 62 calls a day: 30 completed, 10 transferred, 12 abandoned, 10 other exits."""
    exits = dict(
        HotlineCall.objects.filter(entered_on="2026-10-12")
        .values_list("exit")
        .annotate(n=Sum(1))
        .order_by()
    )
    assert exits == {
        CallExitChoice.COMPLETED: 30,
        CallExitChoice.TRANSFERRED: 10,
        CallExitChoice.ABANDONED: 12,
        CallExitChoice.TIMEOUT: 5,
        CallExitChoice.KEY: 3,
        CallExitChoice.EMPTY: 2,
    }
    assert HotlineCall.objects.count() == 124


def test_call_row_has_answer_ring_and_talk(two_days: list[CallImport]) -> None:
    """AGENT-1: the first call: entered 08:30, rung 李四 once, answered by 张三 after 3 s."""
    call = HotlineCall.objects.get(callid=synthetic_day()[4].split("|")[1])
    assert (call.answered_by, call.wait_seconds, call.ring_attempts) == ("张三", 3, 1)
    assert (call.talk_seconds, call.caller, call.queue) == (60, "13900000000", "96602")
    assert call.entered_at.astimezone(call.entered_at.tzinfo).hour in (0, 8)  # UTC or Shanghai
    assert str(call.entered_on) == "2026-10-12"


def test_report_counts_and_skips(two_days: list[CallImport]) -> None:
    """AGENT-1: 282 lines; 40 DID and 23 system lines skipped with their first line numbers."""
    report = two_days[0].report
    assert two_days[0].lines == 282
    assert report["skipped"]["non_asterisk_event"]["count"] == 40
    assert report["skipped"]["system_event"]["count"] == 23
    assert len(report["skipped"]["non_asterisk_event"]["first_lines"]) == 5
    assert two_days[0].events_imported == 282 - 63
    assert CallImportEvent.objects.filter(kind="IMPORTED").count() == 2


def test_agent_time_from_login_pause_and_wrap_up(two_days: list[CallImport]) -> None:
    """AGENT-5/6: 张三 20 × 30 s wrap-up, 李四 one 600 s away pause; both logged in 10 h."""
    day = AgentTime.objects.filter(started_on="2026-10-12")
    totals = {(t.agent_name, t.kind): t.seconds for t in day.filter(kind="logged_in")}
    assert totals == {("张三", "logged_in"): 36000, ("李四", "logged_in"): 36000}
    wrap = day.filter(kind="wrap_up")
    assert (wrap.count(), {w.agent_name for w in wrap}, {w.seconds for w in wrap}) == (
        20, {"张三"}, {30},
    )  # fmt: skip
    away = day.get(kind="away")
    assert (away.agent_name, away.seconds) == ("李四", 600)


def test_member_interface_resolved_to_name(two_days: list[CallImport]) -> None:
    """AGENT-1: SIP/2001 (ADDMEMBER/REMOVEMEMBER) is stored as 李四."""
    names = set(QueueLogEntry.objects.filter(agent="SIP/2001").values_list("agent_name", flat=True))
    assert names == {"李四"}
    assert set(HotlineAgent.objects.values_list("name", flat=True)) == {"张三", "李四"}


def test_reimport_adds_nothing(hotline_org: HotlineOrg, two_days: list[CallImport]) -> None:
    """AGENT-1: the same file again: 0 imported, all duplicates, calls and intervals unchanged."""
    before = (QueueLogEntry.objects.count(), HotlineCall.objects.count(), AgentTime.objects.count())
    again = import_text(hotline_org.company, synthetic_day((2026, 10, 12)))
    assert (again.events_imported, again.duplicates, again.calls_rebuilt) == (0, 219, 0)
    after = (QueueLogEntry.objects.count(), HotlineCall.objects.count(), AgentTime.objects.count())
    assert after == before


def test_split_file_joins_calls_across_imports(hotline_org: HotlineOrg) -> None:
    """AGENT-1: a call whose ENTERQUEUE and end are in two rotated files is one call."""
    lines = synthetic_day()
    import_text(hotline_org.company, lines[:7])
    import_text(hotline_org.company, lines[7:])
    call = HotlineCall.objects.get(callid=lines[4].split("|")[1])
    assert (call.exit, call.wait_seconds, call.talk_seconds) == ("completed", 3, 60)
    assert HotlineCall.objects.count() == 62


def test_bad_lines_are_reported_not_fatal(hotline_org: HotlineOrg) -> None:
    """AGENT-1: NULs, bad bytes, short lines, bad timestamps: reported, the good lines kept."""
    payload = (
        b"\x00\x00\x001791765000|1.1|96602|NONE|ENTERQUEUE||139|1\n"
        b"1791765005|1.1|96602|\xff\xfe|CONNECT|5|x|1\n"
        b"garbage\n"
        b"notatime|1.1|96602|NONE|ABANDON|1|1|2\n"
        b"\n"
        b"1791765065|1.1|96602|A|COMPLETEAGENT|5|60|1\n"
    )
    result = import_bytes(hotline_org.company, payload)
    assert result.report["repaired"] == {
        "nul_bytes": {"count": 1, "first_lines": [1]},
        "decode_error": {"count": 1, "first_lines": [2]},
    }
    skipped = {k: v["first_lines"] for k, v in result.report["skipped"].items()}
    assert skipped == {"too_few_fields": [3], "bad_timestamp": [4], "blank": [5]}
    assert (result.events_imported, HotlineCall.objects.get().exit) == (3, "completed")


def test_denied_import_changes_nothing(hotline_org: HotlineOrg, kl_dispatcher: User) -> None:
    """AGENT-1: a dispatcher may not import; no import row, no event row."""
    with pytest.raises(PermissionDeniedRule):
        import_text(hotline_org.company, synthetic_day(), by=kl_dispatcher)
    assert (CallImport.objects.count(), QueueLogEntry.objects.count()) == (0, 0)


def test_import_into_a_unit_is_refused(hotline_org: HotlineOrg, kl_specialist: User) -> None:
    """AGENT-1: call records belong to a company, not to a service unit."""
    with pytest.raises(RuleViolation) as caught:
        import_text(hotline_org.centre, synthetic_day(), by=kl_specialist)
    assert caught.value.field == "company"
    assert CallImport.objects.count() == 0
