"""Writes of the hotline area (AGENT-1): importing call records, linking agents to users.

An import is one transaction: the import row, the raw events, the agent intervals, the rebuilt
calls and the history event. Bad lines never abort it; they are counted in the report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, TYPE_CHECKING

from django.db import transaction

from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit, OrgUnitKind
from gasdesk.org.roles import Role, require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.quality.callrecords.csv_calls import parse_calls_csv
from gasdesk.quality.callrecords.loading import Progress, load_stream, rebuild_calls
from gasdesk.quality.callrecords.parsing import parse_queue_log
from gasdesk.quality.models import (
    CallFormat,
    CallImport,
    CallImportEvent,
    HotlineAgent,
    HotlineAgentEvent,
    QueueLogEntry,
)
from gasdesk.quality.selectors import IMPORT_ROLES, hotline_rules

if TYPE_CHECKING:
    from gasdesk.org.models import User


PARSERS = {CallFormat.QUEUE_LOG: parse_queue_log, CallFormat.CSV: parse_calls_csv}


@dataclass(frozen=True)
class CallFile:
    """What to import: an open binary file, its name, format and the source system's name."""

    stream: IO[bytes]
    name: str
    file_format: str
    source: str


def _check_input(company: OrgUnit, call_file: CallFile, by: User | None) -> None:
    if by is not None:
        require_role(by, *IMPORT_ROLES)
        require_in_scope(by, company)
    if company.kind != OrgUnitKind.COMPANY:
        raise RuleViolation("company", "话务记录须导入到公司一级")
    if call_file.file_format not in PARSERS:
        raise RuleViolation("file_format", "不支持的文件格式")
    if not call_file.source.strip() or len(call_file.source) > 60:  # noqa: PLR2004
        raise RuleViolation("source", "请填写来源系统名称(不超过60字)")


def _hashed(lines: Iterable[bytes], digest: hashlib._Hash) -> Iterator[bytes]:
    for line in lines:
        digest.update(line)
        yield line


def import_call_records(
    company: OrgUnit,
    call_file: CallFile,
    *,
    by: User | None,
    now: datetime,
    progress: Progress | None = None,
) -> CallImport:
    """Import one file idempotently and return the import row with its report.

    `by` None is the command line (an operator on the server); a user needs an import role
    and the company in scope. Steps: check, parse while storing in batches, rebuild the
    touched calls, count what was new, write the event.
    """
    _check_input(company, call_file, by)
    rules = hotline_rules(company, now)
    digest = hashlib.sha256()
    with transaction.atomic():
        call_import = CallImport.objects.create(
            company=company, source=call_file.source.strip(), file_name=call_file.name[:255],
            file_format=call_file.file_format, sha256="", started_at=now, by=by,
        )  # fmt: skip
        parse = PARSERS[CallFormat(call_file.file_format)]
        report = load_stream(
            call_import,
            parse(_hashed(call_file.stream, digest)),
            wrap_up_within=rules.wrap_up_pause_within_seconds,
            progress=progress,
        )
        _finish(call_import, digest.hexdigest(), report.lines, report.events)
        _record(call_import, by, now)
    return call_import


def _finish(call_import: CallImport, sha256: str, lines: int, events: int) -> None:
    imported = QueueLogEntry.objects.filter(call_import=call_import).count()
    call_import.sha256 = sha256
    call_import.lines = lines
    call_import.events_parsed = events
    call_import.events_imported = imported
    call_import.duplicates = events - imported
    call_import.calls_rebuilt = rebuild_calls(call_import) if imported else 0
    call_import.save()


def _record(call_import: CallImport, by: User | None, now: datetime) -> None:
    CallImportEvent.objects.create(
        call_import=call_import,
        at=now,
        by=by,
        by_name="" if by else "命令行",
        kind="IMPORTED",
        data={
            "file": call_import.file_name,
            "sha256": call_import.sha256,
            "imported": call_import.events_imported,
            "duplicates": call_import.duplicates,
        },
    )


def link_agent(
    agent: HotlineAgent, *, user: User | None, shift: str, by: User, now: datetime
) -> HotlineAgent:
    """Tie an agent name of the call system to a user and a shift (班次, the AGENT means' base).

    The link decides what a hotline agent sees (their own rows) and whom they are compared
    with; the row is locked so two supervisors editing at once cannot lose an update.
    """
    require_role(by, Role.SPECIALIST, Role.MANAGER)
    require_in_scope(by, agent.company)
    with transaction.atomic():
        locked = HotlineAgent.objects.select_for_update().get(pk=agent.pk)
        before = {"user": locked.user_id, "shift": locked.shift}
        locked.user = user
        locked.shift = shift.strip()[:40]
        locked.save(update_fields=["user", "shift"])
        HotlineAgentEvent.objects.create(
            agent=locked, at=now, by=by, kind="LINKED",
            data={"before": before, "after": {"user": locked.user_id, "shift": locked.shift}},
        )  # fmt: skip
    return locked
