"""`gasdesk import_calls <file>`: import call records (AGENT-1) and print the import report.

Formats:
  queue_log  Asterisk queue_log (epoch|callid|queue|agent|event|data…); NUL bytes, non-Asterisk
             lines (DID …) and bad lines are reported and skipped, never fatal.
  csv        a plain CSV with a header row and the columns
               call_id, queue, entered_at (ISO 8601; no offset = Asia/Shanghai),
               outcome (completed|transferred|abandoned|timeout|key|empty), agent,
               wait_seconds, talk_seconds, after_call_seconds, caller (optional).
Re-importing the same file adds nothing (each raw event is stored once).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit, OrgUnitKind
from gasdesk.quality.models import CallFormat, CallImport
from gasdesk.quality.services import CallFile, import_call_records


def count_lines(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))


def format_report(result: CallImport) -> list[str]:
    """The lines the command prints: totals, then each skip/repair reason with first lines."""
    out = [
        f"lines {result.lines}, events {result.events_parsed}, imported {result.events_imported}, "
        f"duplicates {result.duplicates}, calls rebuilt {result.calls_rebuilt}",
    ]
    for group in ("skipped", "repaired"):
        for reason, info in sorted(result.report.get(group, {}).items()):
            lines = ", ".join(str(n) for n in info["first_lines"])
            out.append(f"{group} {reason}: {info['count']} (first lines {lines})")
    return out


class Command(BaseCommand):
    help = __doc__ or ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=list(CallFormat.values), default="queue_log")
        parser.add_argument("--source", help="name of the source system (default: file name)")
        parser.add_argument("--company", required=True, help="org unit code of the company")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        company = OrgUnit.objects.filter(code=options["company"], kind=OrgUnitKind.COMPANY).first()
        if company is None:
            raise CommandError(f"no company with code {options['company']}")
        source = options["source"] or path.name
        with path.open("rb") as stream, tqdm(total=count_lines(path), unit="lines") as bar:
            call_file = CallFile(stream, path.name, options["format"], source)
            try:
                result = import_call_records(
                    company, call_file, by=None, now=timezone.now(),
                    progress=lambda n: bar.update(n - bar.n),
                )  # fmt: skip
            except RuleViolation as error:
                raise CommandError(error.message) from error
        for text in format_report(result):
            self.stdout.write(text)
