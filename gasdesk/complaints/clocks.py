"""Complaint clocks (CMP-4, CMP-8…CMP-12, CMP-15; SPEC 5.2): pure, the caller passes the times.

Each function returns the deadline of one step from the pack's ComplaintRules and its start
event; natural and working days use business_calendar.periods.add_period (Civil Code 201/203).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from gasdesk.business_calendar.periods import (
    DEFAULT_OPTIONS,
    PeriodOptions,
    WorkdayCalendar,
    add_period,
)
from gasdesk.standards.schema import Commitment, StartEvent
from gasdesk.standards.sections.complaints import ComplaintPeriod, ComplaintRules


@dataclass(frozen=True)
class ClockContext:
    """The calendar and the pack's period conventions every clock needs."""

    calendar: WorkdayCalendar
    options: PeriodOptions = DEFAULT_OPTIONS

    def after(self, start: datetime, period: ComplaintPeriod) -> datetime:
        return add_period(start, period.amount, period.unit, self.calendar, self.options)


def basis(period: ComplaintPeriod, start: datetime, due: datetime) -> dict[str, object]:
    """What a stored deadline was computed from (shown on the detail page, kept for audits)."""
    return {
        "amount": period.amount,
        "unit": period.unit.value,
        "start_at": start.isoformat(),
        "due_at": due.isoformat(),
        "source": period.source,
    }


def registration_clocks(
    rules: ComplaintRules, received_at: datetime, ctx: ClockContext
) -> dict[str, tuple[datetime, ComplaintPeriod]]:
    """Clocks known at acceptance: route, response, closure (facts clear) and solution."""
    clocks = rules.clocks
    return {
        "route": (ctx.after(received_at, clocks.route), clocks.route),
        "response": (ctx.after(received_at, clocks.response), clocks.response),
        "closure": (ctx.after(received_at, clocks.closure_clear), clocks.closure_clear),
        "solution": (ctx.after(received_at, clocks.solution), clocks.solution),
    }


def levelling_clocks(
    rules: ComplaintRules,
    received_at: datetime,
    *,
    level: int,
    needs_investigation: bool,
    ctx: ClockContext,
) -> dict[str, tuple[datetime, ComplaintPeriod]]:
    """Clocks the specialist's findings change: closure (clear vs investigation) and the
    level's own response target (level 1: at once, CMP-8)."""
    clocks = rules.clocks
    closure = clocks.closure_investigation if needs_investigation else clocks.closure_clear
    response = rules.level(level).response or clocks.response
    return {
        "closure": (ctx.after(received_at, closure), closure),
        "response": (ctx.after(received_at, response), response),
    }


def commitment_deadlines(
    commitments: tuple[Commitment, ...], received_at: datetime, ctx: ClockContext
) -> list[dict[str, object]]:
    """CMP-12: the published commitments a complaint is held to (巢湖 C11a/C11b), each counted
    from receipt; shown on the complaint and kept in its deadline basis."""
    rows: list[dict[str, object]] = []
    for item in commitments:
        if item.start_event != StartEvent.RECEIVED:
            continue
        due = add_period(received_at, item.amount, item.unit, ctx.calendar, ctx.options)
        rows.append(
            {
                "code": item.code,
                "title": item.title,
                "clock": item.clock.value,
                "amount": item.amount,
                "unit": item.unit.value,
                "start_at": received_at.isoformat(),
                "due_at": due.isoformat(),
                "source": item.source,
            }
        )
    return rows
