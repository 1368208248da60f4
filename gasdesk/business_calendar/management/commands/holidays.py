"""`gasdesk holidays`: load a year's holiday notice into the override table, or show coverage.

File format (YAML), one year per file:

    year: 2027
    complete: true            # chinesecalendar lacks 2027: the file is the whole schedule
    note: 国务院办公厅关于2027年部分节假日安排的通知
    days:
      - {day: 2027-01-01, is_workday: false, name: 元旦}
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gasdesk.business_calendar.holidays import STATUTORY_YEARS
from gasdesk.business_calendar.models import HolidayOverride, HolidayYear
from gasdesk.business_calendar.services import HolidayDay, record_holiday_year
from gasdesk.core.errors import RuleViolation


class Command(BaseCommand):
    help = "Load a year of holiday overrides from YAML (load FILE) or show data coverage (status)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="replace one year's overrides with a YAML file")
        load.add_argument("file", type=Path)
        sub.add_parser("status", help="which years have holiday data")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            self._load(options["file"])
        else:
            self._status()

    def _load(self, path: Path) -> None:
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            year, days = int(document["year"]), [_day(row) for row in document.get("days") or []]
            recorded = record_holiday_year(
                year, days, complete=bool(document.get("complete")), note=document.get("note", "")
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        except RuleViolation as exc:
            raise CommandError(f"{path}: {exc.field}: {exc.message}") from exc
        self.stdout.write(
            f"{recorded.year}: {recorded.saved} saved, {recorded.removed} removed, "
            f"{'complete' if recorded.is_complete else 'corrections only'}"
        )

    def _status(self) -> None:
        self.stdout.write(f"chinesecalendar: {STATUTORY_YEARS.start}–{STATUTORY_YEARS.stop - 1}")
        complete = list(HolidayYear.objects.values_list("year", flat=True))
        self.stdout.write(f"complete from overrides: {complete or '-'}")
        self.stdout.write(f"override rows: {HolidayOverride.objects.count()}")


def _day(row: dict[str, Any]) -> HolidayDay:
    day = row["day"]
    if not isinstance(day, dt.date):
        day = dt.date.fromisoformat(str(day))
    if not isinstance(row["is_workday"], bool):
        raise ValueError(f"{day}: is_workday must be true or false")
    return HolidayDay(day=day, is_workday=row["is_workday"], name=str(row.get("name", "")))
