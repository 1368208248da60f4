"""The shared shapes of a call-record stream: one queue event, one skipped line, the report.

Pure and strictly typed; both parsers yield these, the loader and the interval fold read them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# Events that make up a call (AGENT-1 per-call figures), by Asterisk's names.
CALL_EVENTS = frozenset(
    {
        "ENTERQUEUE",
        "CONNECT",
        "ABANDON",
        "EXITWITHTIMEOUT",
        "EXITWITHKEY",
        "EXITEMPTY",
        "COMPLETEAGENT",
        "COMPLETECALLER",
        "RINGNOANSWER",
        "RINGCANCELED",
        "TRANSFER",
        "BLINDTRANSFER",
        "ATTENDEDTRANSFER",
    }
)
# Events that change an agent's state (login, membership, pause).
AGENT_EVENTS = frozenset(
    {
        "AGENTLOGIN",
        "AGENTLOGOFF",
        "AGENTCALLBACKLOGIN",
        "AGENTCALLBACKLOGOFF",
        "ADDMEMBER",
        "REMOVEMEMBER",
        "PAUSE",
        "UNPAUSE",
        "PAUSEALL",
        "UNPAUSEALL",
    }
)
# System-wide Asterisk events with callid/queue/agent NONE: valid, but they carry no figure.
SYSTEM_EVENTS = frozenset({"QUEUESTART", "CONFIGRELOAD", "SYSCOMPAT", "INFO"})
KEPT_EVENTS = CALL_EVENTS | AGENT_EVENTS
END_EVENTS = frozenset({"COMPLETEAGENT", "COMPLETECALLER", "BLINDTRANSFER", "ATTENDEDTRANSFER"})
TRANSFER_EVENTS = frozenset({"TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER"})
EXAMPLE_LINES_KEPT = 5


@dataclass(frozen=True)
class QueueEvent:
    """One queue_log line, with the numbers its event carries pulled out by name.

    `agent` is as written; `agent_name` is the member name after resolving an interface
    (SIP/1001) to the name logged in the same second (README oddity 4).
    """

    line_no: int
    epoch: int
    callid: str
    queue: str
    agent: str
    event: str
    data: tuple[str, ...]
    agent_name: str = ""
    caller: str = ""
    wait_seconds: int | None = None
    talk_seconds: int | None = None
    ring_seconds: int | None = None


@dataclass(frozen=True)
class Skipped:
    """A line left out (or repaired and kept, when `kept`), with the reason code."""

    line_no: int
    reason: str
    detail: str = ""
    kept: bool = False


@dataclass
class ReasonCount:
    count: int = 0
    first_lines: list[int] = field(default_factory=list)


@dataclass
class ParseReport:
    """What the import met: counts by reason and the first few line numbers of each."""

    lines: int = 0
    events: int = 0
    skipped: dict[str, ReasonCount] = field(default_factory=dict)
    repaired: dict[str, ReasonCount] = field(default_factory=dict)
    event_counts: Counter[str] = field(default_factory=Counter)

    def note(self, item: Skipped) -> None:
        bucket = (self.repaired if item.kept else self.skipped).setdefault(
            item.reason, ReasonCount()
        )
        bucket.count += 1
        if len(bucket.first_lines) < EXAMPLE_LINES_KEPT:
            bucket.first_lines.append(item.line_no)

    def as_dict(self) -> dict[str, object]:
        def plain(d: dict[str, ReasonCount]) -> dict[str, object]:
            return {k: {"count": v.count, "first_lines": v.first_lines} for k, v in d.items()}

        return {
            "lines": self.lines,
            "events": self.events,
            "skipped": plain(self.skipped),
            "repaired": plain(self.repaired),
            "event_counts": dict(self.event_counts),
        }
