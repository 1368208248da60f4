"""The second-callback programme (二次回访制度, CB-12…14): plans generated from the pack's
programme, the callback record and report, and the supervisor's review.

Only packs with a `callbacks.programme` (aode/2022) have plans; elsewhere planning is refused
with a clear message.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from gasdesk.callbacks.models import CallbackEvent, CallbackPlan, PlanStatus
from gasdesk.callbacks.programme import schedule
from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.org.roles import Role, require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.sections.callbacks import ProgrammeStep

if TYPE_CHECKING:
    from gasdesk.customers.models import Customer
    from gasdesk.org.models import User

PLAN_ROLES = (Role.CALLBACK_AGENT, Role.SPECIALIST, Role.DEPT_ADMIN, Role.MANAGER)
REVIEW_ROLES = (Role.MANAGER,)  # 主管领导 (002 五.(五).2)


def _step(customer: Customer, kind: str, at: datetime) -> ProgrammeStep:
    rules = pack_for_unit(customer.org_unit, at).pack.callbacks
    programme = rules.programme if rules is not None else None
    if programme is None:
        raise RuleViolation("kind", "本公司服务标准没有二次回访制度")
    for step in programme.steps:
        if step.kind == kind:
            return step
    raise RuleViolation("kind", "本公司二次回访制度没有该回访类型")


def plan_programme(
    customer: Customer, *, kind: str, start_on: date, by: User, now: datetime | None = None
) -> list[CallbackPlan]:
    """CB-12/13: every planned callback of `kind` from acceptance (售后) or gas-on (维护)."""
    now = now or timezone.now()
    require_role(by, *PLAN_ROLES)
    require_in_scope(by, customer.org_unit)
    step = _step(customer, kind, now)
    if CallbackPlan.objects.filter(customer=customer, kind=kind, start_on=start_on).exists():
        raise RuleViolation("start_on", "该客户此日期的回访计划已生成")
    company_id = customer.org_unit.company_id or customer.org_unit_id
    with transaction.atomic():
        plans = [
            CallbackPlan.objects.create(
                company_id=company_id,
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
        CallbackEvent.objects.bulk_create(
            CallbackEvent(plan=p, kind="PLANNED", by=by, by_name=str(by), at=now) for p in plans
        )
    return plans


def _transition(plan: CallbackPlan, by: User, source: str, now: datetime, **changes: Any) -> None:
    with transaction.atomic():
        if CallbackPlan.objects.filter(pk=plan.pk, status=source).update(**changes) != 1:
            raise ConcurrentChange()
        kind = "RECORDED" if changes["status"] == PlanStatus.RECORDED else "REVIEWED"
        CallbackEvent.objects.create(plan=plan, kind=kind, by=by, at=now)
    for field, value in changes.items():
        setattr(plan, field, value)


def record_plan_callback(
    plan: CallbackPlan, *, by: User, record: str, report: str, now: datetime | None = None
) -> CallbackPlan:
    """CB-14: the 客户回访记录表 and 客户回访报告表 of a planned callback."""
    now = now or timezone.now()
    require_role(by, *PLAN_ROLES)
    require_in_scope(by, plan.org_unit)
    if not record.strip():
        raise RuleViolation("record", "请填写回访记录")
    if plan.status != PlanStatus.PLANNED:
        raise RuleViolation("status", "该回访计划已记录")
    _transition(
        plan,
        by,
        PlanStatus.PLANNED,
        now,
        status=PlanStatus.RECORDED,
        record=record.strip(),
        report=report.strip(),
        recorded_by=by,
        recorded_at=now,
    )
    return plan


def review_plan(
    plan: CallbackPlan, *, by: User, comment: str, now: datetime | None = None
) -> CallbackPlan:
    """CB-14: the supervisor reviews the record and report and gives guidance."""
    now = now or timezone.now()
    require_role(by, *REVIEW_ROLES)
    require_in_scope(by, plan.org_unit)
    if not comment.strip():
        raise RuleViolation("comment", "请填写审查意见")
    if plan.status != PlanStatus.RECORDED:
        raise RuleViolation("status", "回访记录和报告完成后才能审查")
    _transition(
        plan,
        by,
        PlanStatus.RECORDED,
        now,
        status=PlanStatus.REVIEWED,
        review_comment=comment.strip(),
        reviewed_by=by,
        reviewed_at=now,
    )
    return plan
