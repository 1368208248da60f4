"""AGENT-1: the real IssabelPBX queue_log files import in place, oddities survived, idempotent.

Counts verified by hand with awk over the files (NULs stripped): 33 ENTERQUEUE, 3 CONNECT
(waits 6, 5, 6 s), 30 ABANDON, 1 RINGNOANSWER (Sathish), 33 DID, 482 CONFIGRELOAD + 98 QUEUESTART
in synk_bug and 3 system lines in the simularent file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gasdesk.quality.models import CallExitChoice, HotlineAgent, HotlineCall, QueueLogEntry
from gasdesk.quality.tests.hotline_factories import REAL_DIR, import_path
from gasdesk.quality.tests.hotline_fixtures import HotlineOrg

SYNK_BUG = [
    "karthik0112__synk_bug__queue_log-20220707",
    "karthik0112__synk_bug__queue_log-20220801",
    "karthik0112__synk_bug__queue_log-20220901",
    "karthik0112__synk_bug__queue_log-20221005",
    "karthik0112__synk_bug__queue_log",
]
EMPTY_FILE = "simularent__asterisk-for-speech-to-text__queue_log.1"

pytestmark = pytest.mark.skipif(
    not (REAL_DIR / SYNK_BUG[0]).exists(), reason="real queue_log files not present"
)


def _import_series(company: object) -> list[object]:
    return [import_path(company, REAL_DIR / name) for name in SYNK_BUG]  # type: ignore[arg-type]


def _skipped(call_import: object, reason: str) -> int:
    counts = call_import.report["skipped"].get(reason, {"count": 0})  # type: ignore[attr-defined]
    return int(counts["count"])


def test_real_series_gives_33_calls_3_answered_30_abandoned(hotline_org: HotlineOrg) -> None:
    """AGENT-1: 33 calls, 3 answered by Sathish, 30 abandoned in the queue."""
    _import_series(hotline_org.company)
    calls = HotlineCall.objects.filter(company=hotline_org.company)
    assert calls.count() == 33
    assert calls.filter(is_answered=True).count() == 3
    assert set(calls.filter(is_answered=True).values_list("answered_by", flat=True)) == {"Sathish"}
    assert sorted(calls.filter(is_answered=True).values_list("wait_seconds", flat=True)) == [
        5,
        6,
        6,
    ]
    assert calls.filter(exit=CallExitChoice.ABANDONED).count() == 30
    assert calls.filter(exit=CallExitChoice.COMPLETED).count() == 3


def test_nul_lines_survive_and_are_reported(hotline_org: HotlineOrg) -> None:
    """AGENT-1: the three NUL-prefixed QUEUESTART lines are repaired, reported, never fatal."""
    imports = _import_series(hotline_org.company)
    repaired = {i.file_name: i.report["repaired"] for i in imports}  # type: ignore[attr-defined]
    assert repaired["karthik0112__synk_bug__queue_log-20220801"] == {
        "nul_bytes": {"count": 1, "first_lines": [189]}
    }
    assert repaired["karthik0112__synk_bug__queue_log-20221005"]["nul_bytes"]["first_lines"] == [33]
    assert repaired["karthik0112__synk_bug__queue_log"]["nul_bytes"]["first_lines"] == [120]


def test_skips_are_counted_by_reason(hotline_org: HotlineOrg) -> None:
    """AGENT-1: DID (non-Asterisk) and CONFIGRELOAD/QUEUESTART lines are skipped and counted."""
    imports = _import_series(hotline_org.company)
    did = sum(_skipped(i, "non_asterisk_event") for i in imports)
    system = sum(_skipped(i, "system_event") for i in imports)
    lines = sum(i.lines for i in imports)  # type: ignore[attr-defined]
    assert (did, system, lines) == (33, 580, 923)


def test_reimport_adds_nothing(hotline_org: HotlineOrg) -> None:
    """AGENT-1: importing the same five files again adds 0 events and leaves 33 calls."""
    _import_series(hotline_org.company)
    entries = QueueLogEntry.objects.count()
    again = _import_series(hotline_org.company)
    assert [i.events_imported for i in again] == [0, 0, 0, 0, 0]  # type: ignore[attr-defined]
    assert sum(i.duplicates for i in again) == entries  # type: ignore[attr-defined]
    assert QueueLogEntry.objects.count() == entries
    assert HotlineCall.objects.count() == 33


def test_one_agent_under_two_names_resolved(hotline_org: HotlineOrg) -> None:
    """AGENT-1: ADDMEMBER SIP/1001 is stored as the member name logged in the same second."""
    _import_series(hotline_org.company)
    adds = QueueLogEntry.objects.filter(event="ADDMEMBER", agent="SIP/1001")
    assert set(adds.values_list("agent_name", flat=True)) == {"Karthik", "karthik", "Sathish"}
    assert not HotlineAgent.objects.filter(name__startswith="SIP/").exists()


def test_unpause_without_pause_makes_no_away_time(hotline_org: HotlineOrg) -> None:
    """AGENT-6: the 60 UNPAUSE/UNPAUSEALL without a PAUSE pair with nothing."""
    from gasdesk.quality.models import AgentTime

    _import_series(hotline_org.company)
    assert not AgentTime.objects.exclude(kind="logged_in").exists()
    assert AgentTime.objects.filter(kind="logged_in").count() > 0


def test_empty_file_imports_nothing(hotline_org: Path) -> None:
    """AGENT-1: a file with only system lines gives an import with 0 events, 0 calls."""
    result = import_path(hotline_org.company, REAL_DIR / EMPTY_FILE, source="simularent")  # type: ignore[attr-defined]
    assert (result.lines, result.events_parsed, result.calls_rebuilt) == (3, 0, 0)
    assert result.report["skipped"]["system_event"]["count"] == 3
