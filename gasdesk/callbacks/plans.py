"""The second-callback programme (二次回访制度, CB-12…14, RPT-4): plans prepared from the
customer data (generated from the pack's programme, or periodic ones written by the staff),
the time agreed with the customer, the callback record (客户回访记录表), the report
(客户回访报告表) and the supervisor's review, which approves the report or returns it.

The steps are a table (STEPS); who may plan, record and report and who reviews are the pack's
(`programme.plan_roles`, `programme.review_roles`). Only packs with a `callbacks.programme`
(aode/2022) have plans; elsewhere planning is refused with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from gasdesk.business_calendar.periods import to_shanghai
from gasdesk.callbacks.models import (
    PROGRAMME_KINDS,
    CallbackEvent,
    CallbackPlan,
    PlanKind,
    PlanStatus,
    Satisfaction,
)
from gasdesk.callbacks.programme import schedule
from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.org.roles import require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.sections.callbacks import Programme, ProgrammeStep

if TYPE_CHECKING:
    from gasdesk.customers.models import Customer
    from gasdesk.org.models import OrgUnit, User

# step -> (statuses it starts from, status it leads to, event kind); the pages list a plan's
# actions from the same table.
STEPS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "record": ((PlanStatus.PLANNED,), PlanStatus.RECORDED, "RECORDED"),
    "submit": ((PlanStatus.RECORDED, PlanStatus.RETURNED), PlanStatus.SUBMITTED, "SUBMITTED"),
    "approve": ((PlanStatus.SUBMITTED,), PlanStatus.REVIEWED, "APPROVED"),
    "return": ((PlanStatus.SUBMITTED,), PlanStatus.RETURNED, "RETURNED"),
}
REVIEW_STEPS = ("approve", "return")


def allowed_steps(plan: CallbackPlan) -> list[str]:
    return [step for step, (sources, _, _) in STEPS.items() if plan.status in sources]


def programme_of(unit: OrgUnit, at: datetime) -> Programme:
    rules = pack_for_unit(unit, at).pack.callbacks
    programme = rules.programme if rules is not None else None
    if programme is None:
        raise RuleViolation("kind", "本公司服务标准没有二次回访制度")
    return programme


def _step(programme: Programme, kind: str) -> ProgrammeStep:
    for step in programme.steps:
        if step.kind == kind:
            return step
    raise RuleViolation("kind", "本公司二次回访制度没有该回访类型")


def _check_planner(by: User, unit: OrgUnit, at: datetime) -> Programme:
    programme = programme_of(unit, at)
    require_role(by, *programme.plan_roles)
    require_in_scope(by, unit)
    return programme


def _company_id(customer: Customer) -> int:
    return customer.org_unit.company_id or customer.org_unit_id


def _created(plans: list[CallbackPlan], by: User, now: datetime) -> list[CallbackPlan]:
    CallbackEvent.objects.bulk_create(
        CallbackEvent(
            plan=p, kind="PLANNED", by=by, by_name=str(by), at=now, data={"due_on": str(p.due_on)}
        )
        for p in plans
    )
    return plans


def plan_programme(
    customer: Customer, *, kind: str, start_on: date, by: User, now: datetime | None = None
) -> list[CallbackPlan]:
    """CB-12/13: every planned callback of `kind` from acceptance (售后) or gas-on (维护)."""
    now = now or timezone.now()
    step = _step(_check_planner(by, customer.org_unit, now), kind)
    if CallbackPlan.objects.filter(customer=customer, kind=kind, start_on=start_on).exists():
        raise RuleViolation("start_on", "该客户此日期的回访计划已生成")
    with transaction.atomic():
        plans = [
            CallbackPlan.objects.create(
                company_id=_company_id(customer),
                org_unit=customer.org_unit,
                customer=customer,
                kind=kind,
                sequence=row.sequence,
                start_on=start_on,
                due_on=row.due_on,
                purpose=f"{step.name}（第{row.sequence}次）",
            )
            for row in schedule(step, start_on)
        ]
        return _created(plans, by, now)


def plan_periodic(
    customer: Customer,
    *,
    by: User,
    due_on: date | None,
    purpose: str,
    content: str = "",
    now: datetime | None = None,
) -> CallbackPlan:
    """CB-12 定期回访 / CB-13: a plan the staff write from the customer data — the date, the
    purpose and the content of the callback (客户回访计划)."""
    now = now or timezone.now()
    _check_planner(by, customer.org_unit, now)
    today = to_shanghai(now).date()
    if due_on is None:
        raise RuleViolation("due_on", "请填写计划回访日期")
    if due_on < today:
        raise RuleViolation("due_on", "计划回访日期不能早于今天")
    if not purpose.strip():
        raise RuleViolation("purpose", "请填写回访目的")
    same_day = CallbackPlan.objects.filter(
        customer=customer, kind=PlanKind.PERIODIC, start_on=today
    )
    with transaction.atomic():
        plan = CallbackPlan.objects.create(
            company_id=_company_id(customer),
            org_unit=customer.org_unit,
            customer=customer,
            kind=PlanKind.PERIODIC,
            sequence=same_day.count() + 1,
            start_on=today,
            due_on=due_on,
            purpose=purpose.strip(),
            content=content.strip(),
        )
        _created([plan], by, now)
    return plan


@dataclass(frozen=True)
class PlanRequest:
    """What the staff fill in to prepare plans: the kind, and the acceptance/gas-on date of a
    programme kind or the date, purpose and content of a periodic plan."""

    kind: str
    start_on: date | None = None
    due_on: date | None = None
    purpose: str = ""
    content: str = ""


def prepare_plans(
    customer: Customer, request: PlanRequest, *, by: User, now: datetime | None = None
) -> list[CallbackPlan]:
    """The one entry of the pages and the API: programme kinds from the acceptance/gas-on date,
    periodic plans from the staff's date, purpose and content."""
    if request.kind in PROGRAMME_KINDS:
        if request.start_on is None:
            raise RuleViolation("start_on", "请填写验收/通气日期")
        return plan_programme(
            customer, kind=request.kind, start_on=request.start_on, by=by, now=now
        )
    if request.kind == PlanKind.PERIODIC:
        plan = plan_periodic(
            customer,
            by=by,
            due_on=request.due_on,
            purpose=request.purpose,
            content=request.content,
            now=now,
        )
        return [plan]
    raise RuleViolation("kind", "请选择回访类型")


def _transition(
    plan: CallbackPlan, step: str, *, by: User, now: datetime, reason: str = "", **changes: Any
) -> CallbackPlan:
    """Apply `step` of STEPS with a conditional UPDATE on the status seen, and its event."""
    sources, target, kind = STEPS[step]
    if plan.status not in sources:
        raise RuleViolation("status", f"回访计划为“{plan.get_status_display()}”，不能执行此操作")
    changes["status"] = target
    with transaction.atomic():
        if CallbackPlan.objects.filter(pk=plan.pk, status=plan.status).update(**changes) != 1:
            raise ConcurrentChange()
        data = {"from": plan.status, "to": target}
        CallbackEvent.objects.create(plan=plan, kind=kind, by=by, at=now, reason=reason, data=data)
    for field, value in changes.items():
        setattr(plan, field, value)
    return plan


def schedule_plan(
    plan: CallbackPlan,
    *,
    by: User,
    agreed_at: datetime | None,
    content: str = "",
    now: datetime | None = None,
) -> CallbackPlan:
    """CB-13: the time chosen with the customer (not when the customer is busy) and the
    content prepared for the call; the time must fall within the plan (by its date)."""
    now = now or timezone.now()
    _check_planner(by, plan.org_unit, now)
    if plan.status != PlanStatus.PLANNED:
        raise RuleViolation("status", "回访已记录，不能再更改约定时间")
    if agreed_at is None:
        raise RuleViolation("agreed_at", "请填写约定回访时间")
    if agreed_at < now:
        raise RuleViolation("agreed_at", "约定回访时间不能早于现在")
    if to_shanghai(agreed_at).date() > plan.due_on:
        raise RuleViolation("agreed_at", f"约定回访时间不能晚于计划回访日期{plan.due_on}")
    changes: dict[str, Any] = {"agreed_at": agreed_at}
    if content.strip():
        changes["content"] = content.strip()
    with transaction.atomic():
        if (
            CallbackPlan.objects.filter(pk=plan.pk, status=PlanStatus.PLANNED).update(**changes)
            != 1
        ):
            raise ConcurrentChange()
        data = {"agreed_at": timezone.localtime(agreed_at).isoformat()}
        CallbackEvent.objects.create(plan=plan, kind="SCHEDULED", by=by, at=now, data=data)
    for field, value in changes.items():
        setattr(plan, field, value)
    return plan


def record_plan_callback(
    plan: CallbackPlan, *, by: User, record: str, now: datetime | None = None
) -> CallbackPlan:
    """CB-14: the 客户回访记录表 of a planned callback; whether it was made within the planned
    time (by the plan's date) is kept with it."""
    now = now or timezone.now()
    _check_planner(by, plan.org_unit, now)
    if not record.strip():
        raise RuleViolation("record", "请填写回访记录")
    on_time = to_shanghai(now).date() <= plan.due_on
    return _transition(
        plan,
        "record",
        by=by,
        now=now,
        record=record.strip(),
        recorded_by=by,
        recorded_at=now,
        is_recorded_on_time=on_time,
    )


def submit_plan_report(
    plan: CallbackPlan, *, by: User, report: str, evaluation: str, now: datetime | None = None
) -> CallbackPlan:
    """RPT-4 / CB-14: the caller's 客户回访报告表 — summary and evaluation of the callback's
    process and result — submitted to the supervisor (again after a return)."""
    now = now or timezone.now()
    _check_planner(by, plan.org_unit, now)
    if not report.strip():
        raise RuleViolation("report", "请填写回访报告（汇总与评价）")
    if evaluation not in Satisfaction.values:
        raise RuleViolation("evaluation", "请选择回访评价")
    return _transition(
        plan,
        "submit",
        by=by,
        now=now,
        report=report.strip(),
        evaluation=evaluation,
        submitted_by=by,
        submitted_at=now,
    )


def review_plan(
    plan: CallbackPlan,
    *,
    by: User,
    comment: str,
    decision: str = "approve",
    now: datetime | None = None,
) -> CallbackPlan:
    """RPT-4 / CB-14: the supervisor (主管领导) reviews the record and report and gives guidance:
    approve, or return to the caller for rework. Nobody reviews a report they submitted."""
    now = now or timezone.now()
    programme = programme_of(plan.org_unit, now)
    require_role(by, *programme.review_roles)
    require_in_scope(by, plan.org_unit)
    if decision not in REVIEW_STEPS:
        raise RuleViolation("decision", "请选择通过或退回")
    if not comment.strip():
        raise RuleViolation("comment", "请填写审查意见")
    if plan.submitted_by_id == by.pk:
        raise RuleViolation("by", "不能审查本人提交的回访报告")
    return _transition(
        plan,
        decision,
        by=by,
        now=now,
        reason=comment.strip(),
        review_comment=comment.strip(),
        reviewed_by=by,
        reviewed_at=now,
    )
