"""Pure acceptance rules (DSP-1, DSP-2, CAL-6): by when a technician must sign for an order.

No ORM, no clock: the caller passes the assignment moment and the calendar.
- Prompt classes (维抢修类, 单户停气类, 特殊用户类): within `prompt_minutes`, day or night.
- Others: if not signed for on the day of assignment they go to the team pool at 24:00 and must
  be signed for by the pack's `pool_sign_by` time on the next day (or next working day);
  once signed for, the customer must be phoned within `contact_minutes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from gasdesk.business_calendar.periods import WorkdayCalendar, end_of, next_day_at, to_shanghai
from gasdesk.standards.schema import PoolSignBy
from gasdesk.standards.sections.fieldwork import AcceptanceRules

PROMPT = "prompt"
POOL = "pool"


@dataclass(frozen=True)
class AcceptancePlan:
    kind: str  # PROMPT or POOL (AssignmentKind values)
    accept_due_at: datetime
    pools_at: datetime | None  # when an unsigned pool-class order moves to the team pool
    contact_due_at: datetime | None  # known now only for prompt classes


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
    pools_at = end_of(to_shanghai(assigned_at).date())
    working = sign_by.day == "next_working_day"
    due = next_day_at(assigned_at, sign_by.at, working=working, calendar=calendar)
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
