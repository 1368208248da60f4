"""Writes of the registers (KPI-8, ASSESS-6, ASSESS-7, SURV-5): on-site wait samples,
improvements, disciplinary outcomes and channel reviews.

Each function checks role and org scope, validates against the pack where the pack holds the
rule (discipline causes and outcomes, supervision channels), writes in one transaction and, for
improvements, appends the history event. Bad input raises `RuleViolation` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.org.models import OrgUnit
from gasdesk.org.roles import Role, require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.quality.evaluation_services import EVALUATORS
from gasdesk.quality.models_register import (
    ChannelDecision,
    ChannelReview,
    Improvement,
    ImprovementBenefit,
    ImprovementDriver,
    ImprovementEvent,
    ImprovementStep,
    StaffSanction,
    WaitSample,
)
from gasdesk.quality.supervision_selectors import company_of
from gasdesk.standards.lookup import pack_for_unit

if TYPE_CHECKING:
    from gasdesk.org.models import User

# KPI-8: inspectors and the unit's service administrators sample waits at the counter.
SAMPLERS = (Role.INSPECTOR, Role.DEPT_ADMIN, Role.SPECIALIST, Role.MANAGER)
REGISTRARS = (Role.INSPECTOR, Role.DEPT_ADMIN, Role.SPECIALIST, Role.MANAGER)
STEPS = list(ImprovementStep)


def _check(by: User, unit: OrgUnit, roles: tuple[str, ...]) -> None:
    require_role(by, *roles)
    require_in_scope(by, unit)


def record_wait_sample(
    by: User,
    unit: OrgUnit,
    *,
    sampled_at: dt.datetime,
    wait_minutes: Decimal,
    ticket: str = "",
    now: dt.datetime,
) -> WaitSample:
    """KPI-8: one customer's on-site waiting time (entered in minutes, kept in seconds)."""
    _check(by, unit, SAMPLERS)
    if wait_minutes < 0:
        raise RuleViolation("wait_minutes", "等待时间不能为负数")
    seconds = int((wait_minutes * 60).to_integral_value())
    if sampled_at > now:
        raise RuleViolation("sampled_at", "抽样时间不能晚于当前时间")
    with transaction.atomic():
        return WaitSample.objects.create(
            company=company_of(unit),
            org_unit=unit,
            sampled_at=sampled_at,
            sampled_on=timezone.localtime(sampled_at).date(),
            wait_seconds=seconds,
            ticket=ticket,
            recorded_by=by,
            recorded_at=now,
        )


@dataclass(frozen=True)
class ImprovementInput:
    unit: OrgUnit
    title: str
    driver: str
    description: str = ""


def register_improvement(by: User, data: ImprovementInput, *, now: dt.datetime) -> Improvement:
    """ASSESS-6: open an improvement at the first step (信息收集)."""
    _check(by, data.unit, REGISTRARS)
    if not data.title.strip():
        raise RuleViolation("title", "请填写改进事项")
    if data.driver not in ImprovementDriver.values:
        raise RuleViolation("driver", "请选择驱动因素")
    with transaction.atomic():
        item = Improvement.objects.create(
            company=company_of(data.unit),
            org_unit=data.unit,
            title=data.title,
            driver=data.driver,
            description=data.description,
            created_by=by,
            created_at=now,
        )
        ImprovementEvent.objects.create(
            improvement=item, by=by, at=now, kind="registered", data={"step": item.step}
        )
    return item


@dataclass(frozen=True)
class StepOutcome:
    """What the step being closed produced; benefits and period only when evaluating."""

    note: str
    benefits: tuple[str, ...] = ()
    is_success: bool = False
    applies_to_period: str = ""


def advance_improvement(
    by: User, item: Improvement, outcome: StepOutcome, *, now: dt.datetime
) -> Improvement:
    """ASSESS-6: close the current step and move to the next; the effect is set at 效果评价.

    Conditional UPDATE on (step, version): a stale page loses with `ConcurrentChange`.
    """
    _check(by, item.org_unit, REGISTRARS)
    index = STEPS.index(ImprovementStep(item.step))
    if index == len(STEPS) - 1:
        raise RuleViolation("step", "该改进事项已完成全部环节")
    if not outcome.note.strip():
        raise RuleViolation("note", "请填写本环节的工作记录")
    changes = _evaluation_fields(item, outcome)
    following = STEPS[index + 1]
    with transaction.atomic():
        updated = Improvement.objects.filter(
            pk=item.pk, step=item.step, version=item.version
        ).update(step=following, version=item.version + 1, **changes)
        if not updated:
            raise ConcurrentChange()
        ImprovementEvent.objects.create(
            improvement=item,
            by=by,
            at=now,
            kind="step_done",
            reason=outcome.note,
            data={"from": item.step, "to": following.value, **changes},
        )
    item.refresh_from_db()
    return item


def _evaluation_fields(item: Improvement, outcome: StepOutcome) -> dict[str, object]:
    if item.step != ImprovementStep.EVALUATE:
        return {}
    unknown = set(outcome.benefits) - set(ImprovementBenefit.values)
    if unknown:
        raise RuleViolation("benefits", "成效类别不在规定范围内")
    if outcome.is_success and not outcome.benefits:
        raise RuleViolation("benefits", "成果固化须说明取得成效的方面")
    if outcome.applies_to_period and not _is_month(outcome.applies_to_period):
        raise RuleViolation("applies_to_period", "计入绩效期间格式为 YYYY-MM")
    return {
        "benefits": list(outcome.benefits),
        "is_success": outcome.is_success,
        "applies_to_period": outcome.applies_to_period,
    }


def _is_month(text: str) -> bool:
    try:
        dt.datetime.strptime(text, "%Y-%m")  # noqa: DTZ007 — a month label, not a moment
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class SanctionInput:
    staff: User
    cause: str
    outcome: str
    decided_on: dt.date
    facts: str
    amount: Decimal | None = None
    reference: str = ""


def record_sanction(by: User, data: SanctionInput, *, now: dt.datetime) -> StaffSanction:
    """ASSESS-7: an outcome against a person; the pack says which outcomes a cause allows."""
    unit = data.staff.org_unit
    if unit is None:
        raise RuleViolation("staff", "当事人未分配部门")
    _check(by, unit, EVALUATORS)
    loaded = pack_for_unit(unit, now)
    rules = loaded.pack.scorecard.discipline if loaded.pack.scorecard else None
    if rules is None:
        raise RuleViolation("cause", "服务标准包未配置奖惩规则")
    try:
        cause = rules.cause(data.cause)
    except KeyError as error:
        raise RuleViolation("cause", "请选择标准包规定的事由") from error
    if data.outcome not in cause.outcomes:
        raise RuleViolation("outcome", "该事由不适用此处理结果")
    if not data.facts.strip():
        raise RuleViolation("facts", "请填写事实")
    if data.amount is not None and (data.outcome != "fine" or data.amount <= 0):
        raise RuleViolation("amount", "仅经济惩戒填写金额，且须大于0")
    with transaction.atomic():
        return StaffSanction.objects.create(
            company=company_of(unit),
            org_unit=unit,
            staff=data.staff,
            cause=data.cause,
            outcome=data.outcome,
            decided_on=data.decided_on,
            amount=data.amount,
            reference=data.reference,
            facts=data.facts,
            pack_version=loaded.record.version,
            recorded_by=by,
            recorded_at=now,
        )


def review_channel(
    by: User,
    company: OrgUnit,
    *,
    channel: str,
    decision: str,
    effect: str,
    reviewed_on: dt.date,
    now: dt.datetime,
) -> ChannelReview:
    """SURV-5: a channel's periodic review; `exit` retires it until a later review keeps it."""
    _check(by, company, EVALUATORS)
    rules = pack_for_unit(company, now).pack.scorecard
    supervision = rules.supervision if rules else None
    if supervision is None or channel not in {c.code for c in supervision.channels}:
        raise RuleViolation("channel", "请选择标准包规定的监督渠道")
    if decision not in ChannelDecision.values:
        raise RuleViolation("decision", "请选择评估结论")
    if not effect.strip():
        raise RuleViolation("effect", "请填写作用评估")
    with transaction.atomic():
        return ChannelReview.objects.create(
            company=company_of(company),
            channel=channel,
            decision=decision,
            effect=effect,
            reviewed_on=reviewed_on,
            reviewed_by=by,
        )
