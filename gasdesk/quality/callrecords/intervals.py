"""Agent time from the event stream (AGENT-5, AGENT-6 inputs): logged in, away, after-call work.

Pure fold over resolved events in file order, one small state per agent:
1. logged in: from the first AGENTLOGIN/ADDMEMBER (any queue) until no membership is left;
2. paused: PAUSE/PAUSEALL opens (if not already paused), UNPAUSE/UNPAUSEALL closes; an UNPAUSE
   with no open pause pairs with nothing (README oddity 3); leaving the queues closes it too;
3. a pause that starts within `wrap_up_within` seconds of the agent's last COMPLETE*/transfer is
   after-call work (话后处理), any other pause is away time (离席).
Intervals still open at the end of the stream are dropped and counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from gasdesk.quality.callrecords.events import END_EVENTS, QueueEvent

LOGIN_EVENTS = frozenset({"AGENTLOGIN", "AGENTCALLBACKLOGIN", "ADDMEMBER"})
LOGOFF_EVENTS = frozenset({"AGENTLOGOFF", "AGENTCALLBACKLOGOFF", "REMOVEMEMBER"})
PAUSE_START = frozenset({"PAUSE", "PAUSEALL"})
PAUSE_END = frozenset({"UNPAUSE", "UNPAUSEALL"})


class IntervalKind(StrEnum):
    LOGGED_IN = "logged_in"  # 登录/签入
    AWAY = "away"  # 离席 (示忙)
    WRAP_UP = "wrap_up"  # 话后处理


@dataclass(frozen=True)
class AgentInterval:
    agent: str
    kind: IntervalKind
    start: int  # epoch seconds
    end: int


@dataclass
class _AgentState:
    queues: set[str] = field(default_factory=set)
    login_at: int | None = None
    pause_at: int | None = None
    pause_kind: IntervalKind = IntervalKind.AWAY
    last_call_end: int | None = None


@dataclass
class IntervalFold:
    """Feed events with `feed`; `open_at_end` says how many intervals never closed."""

    wrap_up_within: int
    agents: dict[str, _AgentState] = field(default_factory=dict)

    def feed(self, event: QueueEvent) -> Iterator[AgentInterval]:
        name = event.agent_name or event.agent
        if not name or name == "NONE":
            return
        state = self.agents.setdefault(name, _AgentState())
        if event.event in END_EVENTS:
            state.last_call_end = event.epoch
        elif event.event in LOGIN_EVENTS:
            _login(state, event)
        elif event.event in LOGOFF_EVENTS:
            yield from _logoff(state, name, event)
        elif event.event in PAUSE_START:
            self._pause(state, event.epoch)
        elif event.event in PAUSE_END:
            yield from _unpause(state, name, event.epoch)

    def _pause(self, state: _AgentState, at: int) -> None:
        if state.pause_at is not None:
            return
        state.pause_at = at
        ended = state.last_call_end
        wrap = ended is not None and 0 <= at - ended <= self.wrap_up_within
        state.pause_kind = IntervalKind.WRAP_UP if wrap else IntervalKind.AWAY

    def open_at_end(self) -> int:
        return sum(
            (s.login_at is not None) + (s.pause_at is not None) for s in self.agents.values()
        )


def _login(state: _AgentState, event: QueueEvent) -> None:
    state.queues.add(event.queue)
    if state.login_at is None:
        state.login_at = event.epoch


def _logoff(state: _AgentState, name: str, event: QueueEvent) -> Iterator[AgentInterval]:
    state.queues.discard(event.queue)
    if event.event != "REMOVEMEMBER":
        state.queues.clear()  # an agent logoff leaves every queue
    if state.queues:
        return
    yield from _unpause(state, name, event.epoch)
    if state.login_at is not None:
        yield AgentInterval(name, IntervalKind.LOGGED_IN, state.login_at, event.epoch)
        state.login_at = None


def _unpause(state: _AgentState, name: str, at: int) -> Iterator[AgentInterval]:
    if state.pause_at is None:
        return
    yield AgentInterval(name, state.pause_kind, state.pause_at, at)
    state.pause_at = None


def agent_intervals(events: Iterable[QueueEvent], wrap_up_within: int) -> Iterator[AgentInterval]:
    """All closed intervals of the stream, in the order they close."""
    fold = IntervalFold(wrap_up_within)
    for event in events:
        yield from fold.feed(event)
