"""Demo callbacks (CB): the daily job's batches for the last days, worked through the callback
services (results, unanswered calls, follow-up forms answered by the departments), and the
second-callback plans where the company's pack has the programme (aode/2022).

Every write goes through the services, so events, deadlines and checks are those of the UI.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, time, timedelta

from gasdesk.business_calendar.periods import SHANGHAI, to_shanghai
from gasdesk.callbacks.generation import create_day_batch
from gasdesk.callbacks.models import CallbackTask, FollowUpForm, TaskStatus
from gasdesk.callbacks.plans import plan_programme
from gasdesk.callbacks.services import answer_follow_up, record_failed_attempt, record_result
from gasdesk.core.errors import RuleViolation
from gasdesk.customers.models import Customer
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.scoping import in_scope

# Demo mix (not handbook rules): service days left open, and which older tasks nobody has
# called yet (they show as overdue in 日清日结).
OPEN_DAYS = 3
LEFT_OPEN_EVERY = 4
DISSATISFIED_WORDS = (
    "师傅上门比约定晚了一个多小时",
    "维修后灶具火焰仍然偏小",
    "收费标准没有解释清楚",
)


def build_callbacks(
    company: OrgUnit,
    *,
    callback_agent: User,
    dept_admins: Sequence[User],
    now: datetime,
    days: int = 7,
    seed: int = 0,
) -> int:
    """Create the batches of the last `days` service days and work through the older ones;
    the last OPEN_DAYS days and every LEFT_OPEN_EVERY-th older task stay open, so the agent's
    day list shows overdue as well as due tasks. Returns tasks created."""
    rng = random.Random(seed)
    today = to_shanghai(now).date()
    for back in range(days, 0, -1):
        create_day_batch(company, today - timedelta(days=back), now=now)
    tasks = CallbackTask.objects.filter(company=company, status=TaskStatus.OPEN)
    older = tasks.filter(service_day__lt=today - timedelta(days=OPEN_DAYS)).order_by("id")
    for index, task in enumerate(older):
        if index % LEFT_OPEN_EVERY:
            _work(task, callback_agent, rng, now)
    _answer_forms(company, dept_admins, rng, now)
    _plan_programme(company, callback_agent, now)
    return CallbackTask.objects.filter(company=company).count()


def _work(task: CallbackTask, agent: User, rng: random.Random, now: datetime) -> None:
    """One call the day after the service, at a time of day spread over office hours."""
    at = datetime.combine(task.service_day + timedelta(days=1), time(9), tzinfo=SHANGHAI)
    at = min(at + timedelta(minutes=rng.randint(0, 480)), now)
    draw = rng.random()
    try:
        if draw < 0.85:
            record_result(task, by=agent, satisfied=True, now=at)
        elif draw < 0.95:
            words = rng.choice(DISSATISFIED_WORDS)
            record_result(task, by=agent, satisfied=False, words=words, now=at)
        else:
            record_failed_attempt(task, by=agent, outcome="no_answer", note="无人接听", now=at)
    except RuleViolation:
        pass  # e.g. the replacement pool of a small demo day is empty


def _answer_forms(
    company: OrgUnit, admins: Sequence[User], rng: random.Random, now: datetime
) -> None:
    """About two forms in three are answered by the unit's service admin (some late)."""
    for form in FollowUpForm.objects.filter(company=company).select_related("org_unit", "task"):
        admin = next((a for a in admins if in_scope(a, form.org_unit)), None)
        if admin is None or rng.random() > 2 / 3:
            continue
        at = min(form.created_at + timedelta(hours=rng.randint(4, 90)), now)
        answer_follow_up(form, by=admin, answer="已联系客户并整改，客户认可", now=at)


def _plan_programme(company: OrgUnit, agent: User, now: datetime) -> None:
    """After-sale plans for a few of the company's customers, accepted 40 days ago."""
    accepted = to_shanghai(now).date() - timedelta(days=40)
    for customer in Customer.objects.filter(org_unit__company=company).order_by("id")[:3]:
        try:
            plan_programme(customer, kind="after_sale", start_on=accepted, by=agent, now=now)
        except RuleViolation:
            return  # the company's pack has no programme, or the plans exist
