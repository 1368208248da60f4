"""Pure rules of the counter regulations (APPT-5/7/8, NOTIFY-2/7, TLC-2, HELP-2/4, MGR-4).

No ORM and no clock: callers pass the pack section and the instants. Handbook numbers come in
through the pack objects only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from gasdesk.business_calendar.periods import SHANGHAI, add_months
from gasdesk.standards.sections.regulations import (
    AppointmentRules,
    AssistanceRules,
    NotifyMatter,
    NotifyRules,
    RequiredDocument,
)


@dataclass(frozen=True)
class AppointmentTimes:
    """When staff must be ready (APPT-5/7) and from when a no-show has given up (APPT-8)."""

    ready_by_at: datetime
    forfeit_after_at: datetime


def appointment_times(
    start: datetime, *, at_counter: bool, rules: AppointmentRules
) -> AppointmentTimes:
    """Counter appointments: staff ready N minutes early; home visits: arrive before the time."""
    lead = rules.counter_ready_before_minutes if at_counter else rules.home_arrive_before_minutes
    return AppointmentTimes(
        ready_by_at=start - timedelta(minutes=lead),
        forfeit_after_at=start + timedelta(minutes=rules.forfeit_after_minutes),
    )


def has_forfeited(forfeit_after_at: datetime, moment: datetime) -> bool:
    """APPT-8, CAL-8: "超过30分钟" is strictly more; arriving exactly at the limit is served."""
    return moment > forfeit_after_at


def missing_documents(
    matter: NotifyMatter, provided: Iterable[str]
) -> tuple[RequiredDocument, ...]:
    """NOTIFY-2: every required document not provided, in the pack's order, all at once."""
    have = set(provided)
    unknown = have - {d.code for d in matter.documents}
    if unknown:
        raise ValueError(f"unknown document codes: {sorted(unknown)}")
    return tuple(d for d in matter.documents if d.code not in have)


def is_repeat_visitor(visits: int, rules: NotifyRules) -> bool:
    """NOTIFY-7 (OQ-26): flagged when the return trips (visits after the first) reach the limit."""
    return visits - 1 >= rules.flag_return_trips


def on_post_by(starts_at: datetime, rules: AssistanceRules) -> datetime:
    """HELP-2: a helper is on post the pack's minutes before the shift (提前十分钟到岗)."""
    return starts_at - timedelta(minutes=rules.on_post_before_minutes)


def window_helpers_in_band(count: int, rules: AssistanceRules) -> bool:
    """HELP-2: the window helpers taking turns at the desk on a day (轮流1-2名)."""
    return rules.window_helpers_min <= count <= rules.window_helpers_max


def needs_off_post_study(score: int, rules: AssistanceRules) -> bool:
    """HELP-4: a score that does not reach the pass mark ("达不到") means off-post study."""
    return score < rules.test_pass_score


def next_visit_due(last_visit: date | None, planned_on: date, every_months: int) -> date:
    """MGR-4: the next visit is due `every_months` after the last one; a first visit in the
    current period (by its end: planned day + the period)."""
    anchor = last_visit or planned_on
    moment = datetime(anchor.year, anchor.month, anchor.day, tzinfo=SHANGHAI)
    return add_months(moment, every_months).date()


def upcoming_days(today: date, days_ahead: int) -> Sequence[date]:
    """Today and the next `days_ahead` days: the window of care reminders."""
    return [today + timedelta(days=n) for n in range(days_ahead + 1)]
