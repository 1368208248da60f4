"""Streaming parser of Asterisk `queue_log` files (AGENT-1 input), pure and strictly typed.

A generator over byte lines: strip NULs (crash traces), decode (errors reported, the line kept
with replacement characters), split `epoch|callid|queue|agent|event|data…`, keep call and agent
events, skip the rest with a reason. Nothing here raises on a bad line: an odd line is reported
and the stream goes on (the real files' oddities: /work/shared/data/queue_log/README.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from gasdesk.quality.callrecords.events import (
    KEPT_EVENTS,
    SYSTEM_EVENTS,
    QueueEvent,
    Skipped,
)

MIN_FIELDS = 5  # epoch|callid|queue|agent|event
NUL = b"\x00"
PAUSE_EVENTS = frozenset({"PAUSE", "UNPAUSE", "PAUSEALL", "UNPAUSEALL"})


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _field(data: tuple[str, ...], index: int) -> int | None:
    return _int(data[index]) if len(data) > index else None


def _no_numbers(_data: tuple[str, ...]) -> dict[str, int | None]:
    return {}


def _ringing(data: tuple[str, ...]) -> dict[str, int | None]:
    ms = _field(data, 0)
    return {"ring_seconds": None if ms is None else ms // 1000}


def _transfer(data: tuple[str, ...]) -> dict[str, int | None]:
    return {"wait_seconds": _field(data, 2), "talk_seconds": _field(data, 3)}


# Where each event keeps its numbers (app_queue.c; "Queue Logs" documentation page).
_NUMBERS: dict[str, Callable[[tuple[str, ...]], dict[str, int | None]]] = {
    "CONNECT": lambda d: {"wait_seconds": _field(d, 0), "ring_seconds": _field(d, 2)},
    "COMPLETEAGENT": lambda d: {"wait_seconds": _field(d, 0), "talk_seconds": _field(d, 1)},
    "COMPLETECALLER": lambda d: {"wait_seconds": _field(d, 0), "talk_seconds": _field(d, 1)},
    "ABANDON": lambda d: {"wait_seconds": _field(d, 2)},
    "EXITWITHTIMEOUT": lambda d: {"wait_seconds": _field(d, 2)},
    "EXITEMPTY": lambda d: {"wait_seconds": _field(d, 2)},
    "EXITWITHKEY": lambda d: {"wait_seconds": _field(d, 3)},
    "RINGNOANSWER": _ringing,
    "BLINDTRANSFER": _transfer,
    "ATTENDEDTRANSFER": _transfer,
    "TRANSFER": _transfer,
}


def decode_line(raw: bytes, line_no: int) -> tuple[str, list[Skipped]]:
    """Bytes → text: NULs stripped, undecodable bytes replaced; both reported, never fatal."""
    notes: list[Skipped] = []
    if NUL in raw:
        notes.append(Skipped(line_no, "nul_bytes", f"{raw.count(NUL)} NUL", kept=True))
        raw = raw.replace(NUL, b"")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        notes.append(Skipped(line_no, "decode_error", str(error)[:120], kept=True))
        text = raw.decode("utf-8", errors="replace")
    return text.rstrip("\r\n"), notes


def parse_fields(text: str, line_no: int) -> QueueEvent | Skipped:
    """One decoded line → a kept event, or the reason it is skipped."""
    if not text.strip():
        return Skipped(line_no, "blank")
    parts = text.split("|")
    if len(parts) < MIN_FIELDS:
        return Skipped(line_no, "too_few_fields", text[:80])
    epoch = _int(parts[0])
    if epoch is None or epoch < 0:
        return Skipped(line_no, "bad_timestamp", parts[0][:40])
    event = parts[4]
    if event not in KEPT_EVENTS:
        reason = "system_event" if event in SYSTEM_EVENTS else "non_asterisk_event"
        return Skipped(line_no, reason, event[:40])
    return _event(line_no, epoch, parts)


def _event(line_no: int, epoch: int, parts: list[str]) -> QueueEvent:
    event, data = parts[4], tuple(parts[5:])
    while data and data[-1] == "":  # a trailing empty field carries nothing
        data = data[:-1]
    numbers = _NUMBERS.get(event, _no_numbers)(data)
    caller = data[1] if event == "ENTERQUEUE" and len(data) > 1 else ""
    return QueueEvent(
        line_no=line_no,
        epoch=epoch,
        callid=parts[1],
        queue=parts[2],
        agent=parts[3],
        event=event,
        data=data,
        agent_name=parts[3],
        caller=caller,
        **numbers,
    )


def parse_queue_log(lines: Iterable[bytes]) -> Iterator[QueueEvent | Skipped]:
    """Every line → zero or more notes (repairs) and one event or skip; agents resolved."""
    return resolve_member_names(_parse_lines(lines))


def _parse_lines(lines: Iterable[bytes]) -> Iterator[QueueEvent | Skipped]:
    for line_no, raw in enumerate(lines, start=1):
        text, notes = decode_line(raw, line_no)
        yield from notes
        yield parse_fields(text, line_no)


def resolve_member_names(
    items: Iterable[QueueEvent | Skipped],
) -> Iterator[QueueEvent | Skipped]:
    """Map an interface (ADDMEMBER SIP/1001) to the member name logged in the same second.

    app_queue writes ADDMEMBER/REMOVEMEMBER with the interface and the pause events right after
    with the member name (log_membername_as_agent = no). The ADDMEMBER is held back one event so
    it can carry the name; a later REMOVEMEMBER of that interface takes the last name seen.
    """
    names: dict[str, str] = {}
    held: QueueEvent | None = None
    for item in items:
        if held is not None and not isinstance(item, Skipped):
            held = _named_member(held, item, names)
            yield held
            held = None
        if isinstance(item, QueueEvent) and item.event == "ADDMEMBER":
            held = item
            continue
        yield _renamed(item, names)
    if held is not None:
        yield held


def _named_member(held: QueueEvent, nxt: QueueEvent, names: dict[str, str]) -> QueueEvent:
    if nxt.epoch == held.epoch and nxt.event in PAUSE_EVENTS and nxt.agent != held.agent:
        names[held.agent] = nxt.agent
    return _with_name(held, names.get(held.agent, held.agent))


def _renamed(item: QueueEvent | Skipped, names: dict[str, str]) -> QueueEvent | Skipped:
    if isinstance(item, QueueEvent) and item.event == "REMOVEMEMBER" and item.agent in names:
        return _with_name(item, names[item.agent])
    return item


def _with_name(event: QueueEvent, name: str) -> QueueEvent:
    return replace(event, agent_name=name)
