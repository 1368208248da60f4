"""A plain CSV of calls → the same QueueEvent stream as queue_log (AGENT-1 input), pure.

Columns (header row required, UTF-8, extra columns ignored):
  call_id             unique id of the call in the source system
  queue               queue / skill group name
  entered_at          ISO 8601 time the call entered the queue; without offset = Asia/Shanghai
  outcome             completed | transferred | abandoned | timeout | key | empty
  agent               agent who answered (completed/transferred), else empty
  wait_seconds        seconds from entering the queue to answer or to leaving it
  talk_seconds        talk time of an answered call (0 otherwise)
  after_call_seconds  after-call work (话后处理) of the agent for this call (0 or empty: none)
  caller              calling number (optional; masked wherever it is shown)
Each row becomes ENTERQUEUE + CONNECT + COMPLETEAGENT (or the exit event), and after-call work
becomes a PAUSE at hang-up and an UNPAUSE after it, which the interval fold reads as wrap-up.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import replace
from zoneinfo import ZoneInfo

from gasdesk.quality.callrecords.events import QueueEvent, Skipped
from gasdesk.quality.callrecords.parsing import decode_line

SHANGHAI = ZoneInfo("Asia/Shanghai")
REQUIRED = ("call_id", "queue", "entered_at", "outcome", "wait_seconds")
EXIT_EVENTS = {
    "abandoned": "ABANDON",
    "timeout": "EXITWITHTIMEOUT",
    "key": "EXITWITHKEY",
    "empty": "EXITEMPTY",
}
ANSWERED = {"completed": "COMPLETEAGENT", "transferred": "BLINDTRANSFER"}


class RowError(ValueError):
    """A CSV row that cannot become events; the reason code is the message."""


def _epoch(text: str) -> int:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise RowError("bad_timestamp") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return int(moment.timestamp())


def _seconds(row: dict[str, str], column: str) -> int:
    text = (row.get(column) or "").strip() or "0"
    if not text.isdigit():
        raise RowError(f"bad_{column}")
    return int(text)


def row_events(row: dict[str, str], line_no: int) -> list[QueueEvent]:
    """One call row → its events; RowError names what is wrong with it."""
    if any(not (row.get(c) or "").strip() for c in REQUIRED):
        raise RowError("missing_column")
    outcome = row["outcome"].strip()
    if outcome not in EXIT_EVENTS and outcome not in ANSWERED:
        raise RowError("bad_outcome")
    start, wait = _epoch(row["entered_at"]), _seconds(row, "wait_seconds")
    caller = (row.get("caller") or "").strip()
    enter = QueueEvent(
        line_no=line_no,
        epoch=start,
        callid=row["call_id"].strip(),
        queue=row["queue"].strip(),
        agent="NONE",
        event="ENTERQUEUE",
        data=("", caller, "1"),
        agent_name="NONE",
        caller=caller,
    )
    if outcome in EXIT_EVENTS:
        data = ("1", "1", str(wait))
        leave = replace(enter, epoch=start + wait, event=EXIT_EVENTS[outcome], data=data)
        return [enter, replace(leave, caller="", wait_seconds=wait)]
    return [enter, *_answered(row, enter, wait, ANSWERED[outcome])]


def _answered(
    row: dict[str, str], enter: QueueEvent, wait: int, end_event: str
) -> list[QueueEvent]:
    agent = (row.get("agent") or "").strip()
    if not agent:
        raise RowError("missing_agent")
    talk, after = _seconds(row, "talk_seconds"), _seconds(row, "after_call_seconds")
    common = replace(enter, agent=agent, agent_name=agent, caller="", wait_seconds=wait)
    hung_up = enter.epoch + wait + talk
    events = [
        replace(common, epoch=enter.epoch + wait, event="CONNECT", data=(str(wait), "", "0")),
        replace(
            common, epoch=hung_up, event=end_event, data=(str(wait), str(talk), "1"),
            talk_seconds=talk,
        ),
    ]  # fmt: skip
    if after:
        pause = replace(
            common, callid="NONE", queue="NONE", epoch=hung_up, event="PAUSE",
            data=("after-call",), wait_seconds=None,
        )  # fmt: skip
        events += [pause, replace(pause, epoch=hung_up + after, event="UNPAUSE", data=())]
    return events


def parse_calls_csv(lines: Iterable[bytes]) -> Iterator[QueueEvent | Skipped]:
    """Every row → its events, or a Skipped with the reason; decoding as for queue_log."""
    texts = _decoded(lines)
    reader = csv.DictReader(text for _no, text in texts)
    for row in reader:
        line_no = reader.line_num
        try:
            yield from row_events(row, line_no)
        except RowError as error:
            yield Skipped(line_no, str(error))


def _decoded(lines: Iterable[bytes]) -> Iterator[tuple[int, str]]:
    for line_no, raw in enumerate(lines, start=1):
        text, _notes = decode_line(raw, line_no)
        yield line_no, text
