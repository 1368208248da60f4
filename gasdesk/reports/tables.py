"""The report's building blocks (RPT-2): plain tables and monthly trend series, JSON-safe.

Every section is a `Table` (title, Chinese headers, rows of str/int/float/None), so the page, the
XLSX sheets and the PDF render any section the same way, and the snapshot stores them as JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gasdesk.org.models import OrgUnit, User

Cell = str | int | float | None


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""


@dataclass
class Trend:
    """One monthly series over the trend window; `values` align with the report's `months`."""

    key: str
    title: str
    unit: str
    values: list[float | None]


@dataclass(frozen=True)
class ReportContext:
    """Who reads which company's month, and the clock (pure builders take `now`)."""

    user: User
    company: OrgUnit
    month: dt.date  # first day of the reported month
    after: dt.date  # first day of the next month
    now: dt.datetime
    trend_from: dt.date  # first day of the trend window


def cell(value: Any) -> Cell:
    """A JSON-safe cell: Decimals become floats, dates ISO text, None stays empty."""
    if value is None or isinstance(value, str | int | float):
        return value  # type: ignore[no-any-return]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def percent(part: int, whole: int) -> float | None:
    """A rate in percent with two decimals; None when nothing was counted (not applicable)."""
    return round(part * 100 / whole, 2) if whole else None


def month_keys(start: dt.date, count: int) -> list[str]:
    index = start.year * 12 + start.month - 1
    return [f"{(index + i) // 12:04d}-{(index + i) % 12 + 1:02d}" for i in range(count)]


def series(rows: dict[str, float | None], months: list[str]) -> list[float | None]:
    return [rows.get(m) for m in months]


def month_key(value: dt.date | dt.datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}"
