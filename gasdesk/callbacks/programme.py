"""The second-callback programme's schedule (CB-12, CB-13). Pure: pack step + start date in,
planned callbacks out.

After-sale (售后回访): the first callback within `first_within_months` of project acceptance,
then one every `repeat_every_months` until `repeat_for_months` (the warranty) have passed.
Maintenance (维护回访): one callback within `first_within_months` of gas-on and handover.
Each planned callback is due on the same day of month `n` months later (CAL-7 clamping), the
last day on which "within the first month" / "at least every half year" still holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from gasdesk.business_calendar.periods import SHANGHAI, add_months
from gasdesk.standards.sections.callbacks import ProgrammeStep


@dataclass(frozen=True)
class PlannedCallback:
    kind: str
    sequence: int  # 1 = first callback of the kind for this start
    months_after: int
    due_on: date


def _months_later(start_on: date, months: int) -> date:
    return add_months(datetime.combine(start_on, time(12), tzinfo=SHANGHAI), months).date()


def schedule(step: ProgrammeStep, start_on: date) -> list[PlannedCallback]:
    """Every planned callback of `step` counted from `start_on` (acceptance or gas-on)."""
    offsets = [step.first_within_months]
    if step.repeat_every_months is not None and step.repeat_for_months is not None:
        offsets += list(
            range(step.repeat_every_months, step.repeat_for_months + 1, step.repeat_every_months)
        )
    ordered = sorted(set(offsets))
    return [
        PlannedCallback(step.kind, n, months, _months_later(start_on, months))
        for n, months in enumerate(ordered, start=1)
    ]
