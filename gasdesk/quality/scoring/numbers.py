"""Decimal helpers shared by the scoring modules: half-up rounding, clamping, band lookup."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from gasdesk.standards.sections.scorecard import Interval

IntervalT = TypeVar("IntervalT", bound=Interval)
ZERO = Decimal(0)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """SCORE-10: published scores round half-up (Decimal's default is banker's rounding)."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))


def band_for(bands: Sequence[IntervalT], value: Decimal) -> IntervalT:
    """The one band holding `value`; the schema guarantees the bands tile the line."""
    for band in bands:
        if band.contains(value):
            return band
    raise LookupError(value)  # unreachable for validated bands


def mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, ZERO) / len(values)


def show(value: Decimal) -> str:
    """A number for an explanation: no trailing zeros, no exponent."""
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")
