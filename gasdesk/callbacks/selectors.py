"""Reads shared by pages, API and the KPI issue: the agent's daily list (日清日结, CB-6), follow-up
forms, programme plans, a task's history and satisfaction by callback group (CB-9).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from gasdesk.business_calendar.periods import day_of, end_of, to_shanghai
from gasdesk.callbacks.generation import day_bounds
from gasdesk.callbacks.models import (
    CallbackEvent,
    CallbackPlan,
    CallbackTask,
    FollowUpForm,
    FollowUpStatus,
    PlanStatus,
    Satisfaction,
    TaskStatus,
)
from gasdesk.complaints.selectors import visible_complaints
from gasdesk.core.errors import RuleViolation
from gasdesk.customers.models import Customer
from gasdesk.workorders.selectors import customer_orders

if TYPE_CHECKING:
    from gasdesk.org.models import User

LIST_LIMIT = 200
PLAN_ORDER_LIMIT = 10
ANSWERED_STATUSES = (TaskStatus.DONE,)
SATISFACTION_KEYS = ("group_code", "business_type", "caller_level")  # caller_level: CB-15


def _light(qs: QuerySet[CallbackTask]) -> QuerySet[CallbackTask]:
    return qs.select_related("work_order", "customer", "org_unit", "agent")


def visible_tasks(user: User) -> QuerySet[CallbackTask]:
    """Every task in the user's scope, newest first (API list)."""
    return _light(CallbackTask.objects.visible_to(user))


@dataclass(frozen=True)
class DayList:
    """日清日结: what the agent must finish today, what is late, and what is already done."""

    overdue: list[CallbackTask]
    due_today: list[CallbackTask]
    upcoming: list[CallbackTask]
    done_today: list[CallbackTask]
    complaints: list[Any]


def agent_day_list(user: User, now: datetime) -> DayList:
    """Open tasks by due time (cb_task_open_due_idx) split around now and today's 24:00, the
    tasks closed today (cb_task_done_idx) and the complaints owed a callback: three queries,
    LIST_LIMIT rows each at most."""
    scoped = CallbackTask.objects.visible_to(user)
    open_rows = list(
        _light(scoped.filter(status=TaskStatus.OPEN)).order_by("due_at", "id")[:LIST_LIMIT]
    )
    start, _end = day_bounds(to_shanghai(now).date())
    done = list(
        _light(scoped.filter(done_at__gte=start, done_at__lte=now)).order_by("-done_at")[
            :LIST_LIMIT
        ]
    )
    today_ends = end_of(day_of(now))
    return DayList(
        overdue=[t for t in open_rows if t.due_at <= now],
        due_today=[t for t in open_rows if now < t.due_at <= today_ends],
        upcoming=[t for t in open_rows if t.due_at > today_ends],
        done_today=done,
        complaints=complaint_callbacks_due(user),
    )


def complaint_callbacks_due(user: User) -> list[Any]:
    """Closed complaints whose (second) callback is still owed (CMP-15), read through the
    complaints app's selector; the complaint's own page records the callback."""
    first = Q(callback_due_at__isnull=False, callback_at__isnull=True)
    second = Q(second_callback_due_at__isnull=False, second_callback_at__isnull=True)
    qs = visible_complaints(user).filter(first | second)
    return list(qs.order_by("callback_due_at", "id")[:LIST_LIMIT])


def task_detail(user: User, pk: int) -> CallbackTask:
    """One task in scope (DoesNotExist outside it)."""
    return _light(CallbackTask.objects.visible_to(user)).select_related("batch").get(pk=pk)


def task_timeline(task: CallbackTask) -> QuerySet[CallbackEvent]:
    return task.events.select_related("by").order_by("at", "id")


def visible_follow_ups(user: User, *, open_only: bool = False) -> QuerySet[FollowUpForm]:
    """Forms of the user's units (a department sees its own), earliest due first."""
    qs = FollowUpForm.objects.visible_to(user).select_related(
        "task", "task__work_order", "org_unit", "answered_by"
    )
    if open_only:
        qs = qs.filter(status=FollowUpStatus.OPEN)
    return qs.order_by("status", "due_at", "id")


def visible_plans(
    user: User, *, pending_only: bool = False, kind: str = "", status: str = ""
) -> QuerySet[CallbackPlan]:
    """Plans of the user's scope by planned date: pending ones (not yet reviewed), or those of
    one kind and status (reviewed plans by kind are the kept records, CB-14)."""
    qs = CallbackPlan.objects.visible_to(user).select_related(
        "customer", "org_unit", "submitted_by", "reviewed_by"
    )
    if pending_only and not status:
        qs = qs.exclude(status=PlanStatus.REVIEWED)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_on", "id")


def visible_customer(user: User, account_no: str) -> Customer:
    """The customer a plan is prepared for, by account number, in the user's scope."""
    customer = Customer.objects.visible_to(user).filter(account_no=account_no.strip()).first()
    if customer is None:
        raise RuleViolation("account_no", f"未找到户号为“{account_no}”的客户")
    return customer


def visible_customer_by_id(user: User, pk: int) -> Customer:
    customer = Customer.objects.visible_to(user).filter(pk=pk).first()
    if customer is None:
        raise RuleViolation("customer", "未找到该客户")
    return customer


def plan_detail(user: User, pk: int) -> CallbackPlan:
    """One plan in scope (DoesNotExist outside it)."""
    return visible_plans(user).get(pk=pk)


def plan_timeline(plan: CallbackPlan) -> QuerySet[CallbackEvent]:
    """Who planned, scheduled, recorded, submitted, approved or returned, and when (RPT-4)."""
    return plan.events.select_related("by").order_by("at", "id")


def plan_materials(user: User, plan: CallbackPlan) -> list[Any]:
    """CB-13 回访资料: the services the customer received (newest orders first)."""
    return list(customer_orders(user, plan.customer_id, limit=PLAN_ORDER_LIMIT))


def satisfaction_by_group(
    user: User,
    first: date,
    last: date,
    *,
    by: str = "group_code",
    per_unit: bool = False,
) -> list[dict[str, Any]]:
    """Callback satisfaction = satisfied / answered per callback group (or business type, or the
    caller's service level, CB-15) and,
    optionally, per unit, over callbacks done in [first, last] (CB-9; 001 art. 12 (四) rates).

    One aggregate query on cb_task_done_idx; unreachable and replaced tasks are not answered
    and do not count. Rows: {key, org_unit_id?, answered, satisfied}.
    """
    if by not in SATISFACTION_KEYS:
        raise ValueError(by)
    start, _ = day_bounds(first)
    _, end = day_bounds(last)
    keys = [by, "org_unit_id"] if per_unit else [by]
    rows = (
        CallbackTask.objects.visible_to(user)
        .filter(status__in=ANSWERED_STATUSES, done_at__gte=start, done_at__lt=end)
        .values(*keys)
        .annotate(
            answered=Count("id"),
            satisfied=Count("id", filter=Q(result=Satisfaction.SATISFIED)),
        )
        .order_by(*keys)
    )
    return list(rows)
