"""Which side of a limit the Chinese boundary words put the limit itself on (CAL-1, CAL-8).

Civil Code art. 1259: 以上、以下、以内、届满 (and 不超过) include the stated number;
不满、超过、以外 exclude it. Where a seed writes "(含)" the pack picks the function to match.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, TypeVar


class _Comparable(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...

    def __le__(self, other: Any, /) -> bool: ...


T = TypeVar("T", bound=_Comparable)


def is_within(actual: T, limit: T) -> bool:
    """以内 / 以下 / 不超过: the limit itself is still within."""
    return actual <= limit


def exceeds(actual: T, limit: T) -> bool:
    """超过: strictly more than the limit ("超过30分钟" is not met at exactly 30 minutes)."""
    return limit < actual


def is_at_least(actual: T, limit: T) -> bool:
    """以上 / 不低于: the limit itself counts."""
    return limit <= actual


def is_on_time(end_at: datetime, due_at: datetime) -> bool:
    """CAL-1: "within N" is met when the end event happens at or before the deadline instant."""
    return is_within(end_at, due_at)
