"""AGENT-1: the plain CSV of calls gives the same calls and after-call work as queue_log."""

from __future__ import annotations

from gasdesk.quality.models import AgentTime, HotlineCall
from gasdesk.quality.tests.hotline_factories import import_text
from gasdesk.quality.tests.hotline_fixtures import HotlineOrg

HEADER = (
    "call_id,queue,entered_at,outcome,agent,wait_seconds,talk_seconds,after_call_seconds,caller"
)
ROWS = [
    "c1,96602,2026-10-12T08:30:00,completed,王五,12,95,40,13912345678",
    "c2,96602,2026-10-12 08:40:00+08:00,transferred,王五,20,30,,",
    "c3,96602,2026-10-12T08:50:00,abandoned,,33,0,0,",
    "c4,96602,2026-10-12T09:00:00,timeout,,300,,,",
    "c5,96602,2026-10-12T09:10:00,lost,,3,,,",
    "c6,96602,yesterday,completed,王五,3,1,,",
    "c7,96602,2026-10-12T09:20:00,completed,,3,1,,",
]


def test_csv_calls(hotline_org: HotlineOrg) -> None:
    """AGENT-1: 4 good rows → 4 calls; bad outcome, time and missing agent skipped by reason."""
    result = import_text(hotline_org.company, [HEADER, *ROWS], file_format="csv")
    calls = {c.callid: c for c in HotlineCall.objects.all()}
    assert set(calls) == {"c1", "c2", "c3", "c4"}
    assert (calls["c1"].exit, calls["c1"].wait_seconds, calls["c1"].talk_seconds) == (
        "completed", 12, 95,
    )  # fmt: skip
    assert (calls["c2"].exit, calls["c3"].exit, calls["c4"].exit) == (
        "transferred",
        "abandoned",
        "timeout",
    )
    assert str(calls["c1"].entered_on) == "2026-10-12"
    assert calls["c1"].entered_at.hour == 0
    skipped = {k: v["first_lines"] for k, v in result.report["skipped"].items()}
    assert skipped == {"bad_outcome": [6], "bad_timestamp": [7], "missing_agent": [8]}


def test_csv_after_call_is_wrap_up(hotline_org: HotlineOrg) -> None:
    """AGENT-5: the after_call_seconds column becomes 王五's 40 s of wrap-up."""
    import_text(hotline_org.company, [HEADER, *ROWS], file_format="csv")
    wrap = AgentTime.objects.get()
    assert (wrap.agent_name, wrap.kind, wrap.seconds) == ("王五", "wrap_up", 40)


def test_csv_reimport_adds_nothing(hotline_org: HotlineOrg) -> None:
    """AGENT-1: the same CSV twice: the second import adds 0 events."""
    import_text(hotline_org.company, [HEADER, *ROWS], file_format="csv")
    again = import_text(hotline_org.company, [HEADER, *ROWS], file_format="csv")
    assert again.events_imported == 0
    assert HotlineCall.objects.count() == 4
