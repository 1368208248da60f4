"""Pure rendering of pack templates (SMS-1): `str.format_map` on the fixed field set only.

The pack loader already refuses templates that name unknown fields or use attribute, index,
format-spec or conversion syntax, so rendering never reaches anything but plain strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from gasdesk.standards.sections.notices import TEMPLATE_FIELDS

SHANGHAI = ZoneInfo("Asia/Shanghai")


class _Fields(dict[str, str]):
    """A missing field renders empty instead of raising (a customer without an address)."""

    def __missing__(self, key: str) -> str:
        return ""


def render(text: str, fields: Mapping[str, object]) -> str:
    """The message body: only TEMPLATE_FIELDS are offered, every value as text."""
    offered = _Fields({k: _text(v) for k, v in fields.items() if k in TEMPLATE_FIELDS})
    return text.format_map(offered)


def _text(value: object) -> str:
    if isinstance(value, datetime):
        return f"{value.astimezone(SHANGHAI):%Y年%m月%d日 %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y年%m月%d日}"
    return "" if value is None else str(value)


def display_time(value: datetime) -> str:
    """How times are written in notices (Asia/Shanghai, 2026年11月23日 09:00)."""
    return _text(value)


def display_date(value: date) -> str:
    return _text(value)
