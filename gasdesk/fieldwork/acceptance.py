"""Pure acceptance rules (DSP-1, DSP-2, CAL-6): by when a technician must sign for an order.

No ORM, no clock: the caller passes the assignment moment and the calendar.
- Prompt classes (维抢修类, 单户停气类, 特殊用户类): within `prompt_minutes`, day or night.
- Others: if not signed for on the day of assignment they go to the team pool at 24:00 and must
  be signed for by the pack's `pool_sign_by` time on the next day (or next working day);
  once signed for, the customer must be phoned within `contact_minutes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from gasdesk.business_calendar.periods import WorkdayCalendar
from gasdesk.standards.schema import PoolSignBy
from gasdesk.standards.sections.fieldwork import AcceptanceRules

SHANGHAI = ZoneInfo("Asia/Shanghai")
PROMPT = "prompt"
POOL = "pool"


@dataclass(frozen=True)
class AcceptancePlan:
    kind: str  # PROMPT or POOL (AssignmentKind values)
    accept_due_at: datetime
    pools_at: datetime | None  # when an unsigned pool-class order moves to the team pool
    contact_due_at: datetime | None  # known now only for prompt classes


def _next_day(day: date, sign_by: PoolSignBy, calendar: WorkdayCalendar) -> date:
    following = day + timedelta(days=1)
    if sign_by.day == "next_working_day":
        while not calendar.is_workday(following):
            following += timedelta(days=1)
    return following


def plan_acceptance(
    rules: AcceptanceRules,
    sign_by: PoolSignBy,
    *,
    business_type: str,
    assigned_at: datetime,
    calendar: WorkdayCalendar,
) -> AcceptancePlan:
    """The acceptance deadline of an assignment made at `assigned_at`."""
    if business_type in rules.prompt_business_types:
        due = assigned_at + timedelta(minutes=rules.prompt_minutes)
        return AcceptancePlan(PROMPT, due, None, due)
    day = assigned_at.astimezone(SHANGHAI).date()
    pools_at = datetime.combine(day + timedelta(days=1), time(0), SHANGHAI)
    sign_day = _next_day(day, sign_by, calendar)
    due = datetime.combine(sign_day, sign_by.at, SHANGHAI)
    return AcceptancePlan(POOL, due, pools_at, None)


def contact_deadline(
    rules: AcceptanceRules, plan_contact: datetime | None, accepted_at: datetime
) -> datetime:
    """DSP-2 "执行一小时响应": a pool-class order's customer is phoned within the prompt time
    of signing for it; a prompt class keeps the deadline set at assignment."""
    return plan_contact or accepted_at + timedelta(minutes=rules.contact_minutes)


def escalation_moment(arrival_due_at: datetime | None, lead_minutes: int) -> datetime | None:
    """EMG: when the duty leader is warned if nobody has arrived (None: no arrival deadline)."""
    if arrival_due_at is None:
        return None
    return arrival_due_at - timedelta(minutes=lead_minutes)
