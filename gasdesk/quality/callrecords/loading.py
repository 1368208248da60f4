"""Write a parsed call-record stream to the database in batches, then rebuild the calls.

1. raw events: bulk_create(ignore_conflicts) on the unique key, so a re-import adds nothing;
2. agent intervals from the pure fold, stored the same way;
3. the calls touched by this import: one aggregate over their raw events, old rows replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, Max, Min, Q

from gasdesk.quality.callrecords.events import (
    CALL_EVENTS,
    END_EVENTS,
    TRANSFER_EVENTS,
    ParseReport,
    QueueEvent,
    Skipped,
)
from gasdesk.quality.callrecords.intervals import AgentInterval, IntervalFold
from gasdesk.quality.models import (
    AgentTime,
    CallExitChoice,
    CallImport,
    HotlineAgent,
    HotlineCall,
    QueueLogEntry,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BATCH_SIZE = 5000
REBUILD_CHUNK = 2000  # callids per aggregate query (an IN list on the call index)
Progress = Callable[[int], None]
NO_AGENT = frozenset({"", "NONE"})
EXIT_BY_EVENT = {
    "ABANDON": CallExitChoice.ABANDONED,
    "EXITWITHTIMEOUT": CallExitChoice.TIMEOUT,
    "EXITWITHKEY": CallExitChoice.KEY,
    "EXITEMPTY": CallExitChoice.EMPTY,
}


def _at(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)


ENTRY_COLUMNS = (
    "company_id", "source", "at", "callid", "queue", "agent", "agent_name", "event", "data",
    "data_hash", "caller", "wait_seconds", "talk_seconds", "ring_seconds", "call_import_id",
)  # fmt: skip


def _insert_entries_sql() -> str:
    """INSERT … ON CONFLICT DO NOTHING on the unique key: a re-imported line adds nothing.

    Raw executemany instead of bulk_create: compiling bulk_create's SQL was most of the import
    time in the 1-million-line bench (both SQLite and PostgreSQL accept this statement).
    """
    table = QueueLogEntry._meta.db_table
    marks = ", ".join(["%s"] * len(ENTRY_COLUMNS))
    return (
        f"INSERT INTO {table} ({', '.join(ENTRY_COLUMNS)}) VALUES ({marks}) "  # noqa: S608
        "ON CONFLICT DO NOTHING"
    )


def _entry_row(call_import: CallImport, event: QueueEvent) -> tuple[Any, ...]:
    data = "|".join(event.data)
    return (
        call_import.company_id,
        call_import.source,
        connection.ops.adapt_datetimefield_value(_at(event.epoch)),
        event.callid[:64],
        event.queue[:80],
        event.agent[:120],
        event.agent_name[:120],
        event.event,
        data[:500],
        hashlib.sha1(data.encode(), usedforsecurity=False).hexdigest()[:16],
        event.caller[:40],
        event.wait_seconds,
        event.talk_seconds,
        event.ring_seconds,
        call_import.pk,
    )


def _agent_time(call_import: CallImport, interval: AgentInterval) -> AgentTime:
    started = _at(interval.start)
    return AgentTime(
        company_id=call_import.company_id,
        source=call_import.source,
        agent_name=interval.agent[:120],
        kind=interval.kind.value,
        started_at=started,
        started_on=started.astimezone(SHANGHAI).date(),
        seconds=max(interval.end - interval.start, 0),
    )


class _Batches:
    """Collects rows and flushes them every BATCH_SIZE with ignore_conflicts."""

    def __init__(self, call_import: CallImport, progress: Progress | None) -> None:
        self.call_import = call_import
        self.progress = progress
        self.entries: list[tuple[Any, ...]] = []
        self.sql = _insert_entries_sql()
        self.times: list[AgentTime] = []
        self.agents: set[str] = set()
        self.intervals = 0

    def add(self, event: QueueEvent, closed: Iterable[AgentInterval]) -> None:
        self.entries.append(_entry_row(self.call_import, event))
        if event.agent_name not in NO_AGENT:
            self.agents.add(event.agent_name[:120])
        for interval in closed:
            self.times.append(_agent_time(self.call_import, interval))
        if len(self.entries) >= BATCH_SIZE:
            self.flush(event.line_no)

    def flush(self, line_no: int) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, self.entries)
        AgentTime.objects.bulk_create(self.times, ignore_conflicts=True)
        self.intervals += len(self.times)
        self.entries, self.times = [], []
        if self.progress is not None:
            self.progress(line_no)


def load_stream(
    call_import: CallImport,
    items: Iterable[QueueEvent | Skipped],
    *,
    wrap_up_within: int,
    progress: Progress | None = None,
) -> ParseReport:
    """Store every kept event and closed interval; the report counts the rest by reason."""
    report, fold = ParseReport(), IntervalFold(wrap_up_within)
    batches = _Batches(call_import, progress)
    for item in items:
        report.lines = max(report.lines, item.line_no)
        if isinstance(item, Skipped):
            report.note(item)
            continue
        report.events += 1
        report.event_counts[item.event] += 1
        batches.add(item, fold.feed(item))
    batches.flush(report.lines)
    _register_agents(call_import, batches.agents)
    call_import.intervals_added = batches.intervals
    call_import.report = {**report.as_dict(), "intervals_open_at_end": fold.open_at_end()}
    return report


def _register_agents(call_import: CallImport, names: set[str]) -> None:
    rows = [
        HotlineAgent(company_id=call_import.company_id, source=call_import.source, name=n)
        for n in sorted(names)
    ]
    HotlineAgent.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH_SIZE)


def _per_call_aggregates() -> dict[str, Any]:
    def only(*events: str) -> Q:
        return Q(event__in=events)

    return {
        "entered": Min("at", filter=only("ENTERQUEUE")),
        "first": Min("at"),
        "queue_in": Max("queue", filter=only("ENTERQUEUE")),
        "queue_any": Max("queue"),
        "caller_in": Max("caller", filter=only("ENTERQUEUE")),
        "connect_wait": Max("wait_seconds", filter=only("CONNECT")),
        "exit_wait": Max("wait_seconds", filter=only(*EXIT_BY_EVENT)),
        "answered_by": Max("agent_name", filter=only("CONNECT")),
        "talk": Max("talk_seconds", filter=only(*END_EVENTS, "TRANSFER")),
        "rings": Count("id", filter=only("RINGNOANSWER")),
        "connects": Count("id", filter=only("CONNECT")),
        "completes": Count("id", filter=only("COMPLETEAGENT", "COMPLETECALLER")),
        "transfers": Count("id", filter=only(*TRANSFER_EVENTS)),
        "last_exit": Max("event", filter=only(*EXIT_BY_EVENT)),
    }


def _exit(row: dict[str, Any]) -> CallExitChoice:
    if row["transfers"]:
        return CallExitChoice.TRANSFERRED
    if row["completes"]:
        return CallExitChoice.COMPLETED
    if row["connects"]:
        return CallExitChoice.ANSWERED
    return EXIT_BY_EVENT.get(row["last_exit"] or "", CallExitChoice.UNFINISHED)


def _call(call_import: CallImport, row: Any) -> HotlineCall:
    entered = row["entered"] or row["first"]
    answered = bool(row["connects"])
    return HotlineCall(
        company_id=call_import.company_id,
        source=call_import.source,
        callid=row["callid"],
        queue=row["queue_in"] or row["queue_any"],
        caller=row["caller_in"] or "",
        entered_at=entered,
        entered_on=entered.astimezone(SHANGHAI).date(),
        wait_seconds=row["connect_wait"] if answered else row["exit_wait"],
        is_answered=answered,
        answered_by=(row["answered_by"] or "") if answered else "",
        ring_attempts=row["rings"],
        talk_seconds=row["talk"],
        exit=_exit(row),
    )


def _touched_callids(call_import: CallImport) -> list[str]:
    rows = (
        QueueLogEntry.objects.filter(call_import=call_import, event__in=CALL_EVENTS)
        .exclude(callid="NONE")
        .values_list("callid", flat=True)
        .distinct()
        .order_by()
    )
    return list(rows.iterator(chunk_size=BATCH_SIZE))


def _rebuild_chunk(call_import: CallImport, callids: list[str]) -> int:
    scope = {"company_id": call_import.company_id, "source": call_import.source}
    rows = (
        QueueLogEntry.objects.filter(**scope, callid__in=callids, event__in=CALL_EVENTS)
        .values("callid")
        .annotate(**_per_call_aggregates())
        .order_by()
    )
    calls = [_call(call_import, row) for row in rows]
    HotlineCall.objects.filter(**scope, callid__in=callids).delete()
    HotlineCall.objects.bulk_create(calls)
    return len(calls)


def _refresh_statistics() -> None:
    """PostgreSQL: ANALYZE the raw table so the chunk queries use the call index.

    After a large load into a (nearly) empty table the planner still believes it tiny and
    scans it whole for each chunk (bench finding); ANALYZE may run inside the transaction
    and counts the rows this transaction inserted.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {QueueLogEntry._meta.db_table}")


def rebuild_calls(call_import: CallImport) -> int:
    """Replace the calls whose events this import added: per chunk of callids, one aggregate
    on the (company, source, callid) index and bulk writes.

    The callids are fetched first and passed as a list: right after a bulk load the planner's
    statistics are stale, and an IN (subquery) was planned as a nested loop (bench finding).
    """
    callids = _touched_callids(call_import)
    if len(callids) > REBUILD_CHUNK:
        _refresh_statistics()
    return sum(
        _rebuild_chunk(call_import, callids[i : i + REBUILD_CHUNK])
        for i in range(0, len(callids), REBUILD_CHUNK)
    )
