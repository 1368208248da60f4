"""Every write to a callback task (CB-1, CB-6…11, CB-15): results with the answers to the
pack's callback items, failed attempts with retries or a replacement draw, follow-up forms and
their answers.

Who may call back is the pack's (CB-1 performers); where the pack names service levels
(CB-15 三级回访) the caller's level is stored with the result. Each service checks role and org
scope, changes the row with a conditional UPDATE on the
status and attempt count it saw (ConcurrentChange when another agent won), and writes the
CallbackEvent in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from gasdesk.business_calendar.periods import to_shanghai
from gasdesk.business_calendar.selectors import period_deadline
from gasdesk.callbacks import replacement
from gasdesk.callbacks.models import (
    FAILED_OUTCOMES,
    AttemptOutcome,
    CallbackAttempt,
    CallbackEvent,
    CallbackTask,
    FollowUpForm,
    FollowUpStatus,
    Satisfaction,
    TaskStatus,
)
from gasdesk.callbacks.questions import checked_answers, questions_for, service_level
from gasdesk.complaints.intake import register_complaint
from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.org.roles import Role, require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.standards.lookup import loaded_pack
from gasdesk.standards.sections.callbacks import CallbackRules, RetryPolicy, ServiceLevel
from gasdesk.workorders.deadlines import period_options

if TYPE_CHECKING:
    from gasdesk.org.models import User

ANSWER_ROLES = (Role.DEPT_ADMIN, Role.DISPATCHER)


def _iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()


def rules_of(task: CallbackTask) -> tuple[CallbackRules, Any]:
    """The callbacks section of the pack that created the task's batch (and the whole pack)."""
    pack = loaded_pack(task.batch.pack_id).pack
    assert pack.callbacks is not None  # a batch exists only for packs with the section
    return pack.callbacks, pack


def caller_level(by: User, rules: CallbackRules) -> ServiceLevel | None:
    """CB-15: the service level the caller calls back for (None when the pack has no levels or
    for a superuser outside the tree); a caller outside every level is refused."""
    if not rules.levels or by.org_unit is None:
        return None
    kinds = [unit.kind for unit in reversed(by.org_unit.ancestors())]
    level = service_level(rules.levels, kinds)
    if level is None:
        names = "、".join(lv.name for lv in rules.levels)
        raise RuleViolation("by", f"只有{names}的人员可以回访")
    return level


def _check_open_task(task: CallbackTask, by: User) -> ServiceLevel | None:
    """CB-1: only the pack's performers call back, within their org scope."""
    rules = rules_of(task)[0]
    require_role(by, *rules.performer_roles())
    require_in_scope(by, task.org_unit)
    if task.status != TaskStatus.OPEN:
        raise RuleViolation("status", f"该回访任务已是“{task.get_status_display()}”，不能再记录")
    return caller_level(by, rules)


def task_questions(task: CallbackTask) -> list[Any]:
    """CB-10: the items asked on this task's callback record form."""
    return questions_for(rules_of(task)[0], task.group_code)


def _update(task: CallbackTask, **changes: Any) -> None:
    """Conditional UPDATE on what the caller saw: another agent's write makes it 0 rows."""
    seen = CallbackTask.objects.filter(
        pk=task.pk, status=TaskStatus.OPEN, attempts_count=task.attempts_count
    )
    if seen.update(**changes) != 1:
        raise ConcurrentChange()
    for field, value in changes.items():
        setattr(task, field, value)


def write_event(task: CallbackTask, kind: str, by: User | None, at: datetime, **extra: Any) -> None:
    reason = extra.pop("reason", "")
    CallbackEvent.objects.create(task=task, kind=kind, by=by, at=at, reason=reason, data=extra)


def record_result(
    task: CallbackTask,
    *,
    by: User,
    satisfied: bool,
    words: str = "",
    is_complaint: bool = False,
    answers: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> CallbackTask:
    """满意/不满意 with the customer's words (CB-9) and the answers to the pack's callback
    items (CB-10); dissatisfied sends a follow-up form (CB-11); a complaint heard on the call
    also enters the complaint flow (001 art. 7 … 4) f, CMP-1). The caller's service level is
    stored where the pack has levels (CB-15).

    Satisfied only when the customer has no complaint at all, so words are required whenever
    the customer is dissatisfied (they go to the responsible department).
    """
    now = now or timezone.now()
    level = _check_open_task(task, by)
    words = words.strip()
    if not satisfied and not words:
        raise RuleViolation("words", "客户不满意时须详细记录客户意见")
    if is_complaint and satisfied:
        raise RuleViolation("is_complaint", "客户投诉时回访结果应为不满意")
    kept = checked_answers(task_questions(task), answers or {}, satisfied=satisfied)
    result = Satisfaction.SATISFIED if satisfied else Satisfaction.DISSATISFIED
    with transaction.atomic():
        _update(
            task,
            status=TaskStatus.DONE,
            result=result,
            customer_words=words,
            answers=kept,
            caller_level=level.level if level else None,
            caller_level_name=level.name if level else "",
            agent=by,
            done_at=now,
            attempts_count=task.attempts_count + 1,
            next_attempt_at=None,
        )
        CallbackAttempt.objects.create(task=task, at=now, by=by, outcome=AttemptOutcome.ANSWERED)
        write_event(
            task,
            "RESULT_RECORDED",
            by,
            now,
            result=result,
            reason=words,
            answers=kept,
            level=level.level if level else None,
        )
        if not satisfied:
            send_follow_up(task, by=by, now=now)
        if is_complaint:
            complaint = register_callback_complaint(task, by=by)
            write_event(task, "COMPLAINT_REGISTERED", by, now, complaint=complaint.number)
    return task


def register_callback_complaint(task: CallbackTask, *, by: User) -> Any:
    """A complaint found in a callback enters the complaint flow through the complaints app's
    own intake (channel 回访发现); its first responder is the callback agent."""
    order = task.work_order
    name = task.customer.name if task.customer else order.caller_name
    return register_complaint(
        by=by,
        channel="callback",
        complainant_name=name,
        address=order.address,
        phone=order.caller_phone,
        target_text=f"{task.org_unit.name} {task.business_type_name}",
        narrative=task.customer_words,
        customer=task.customer,
        work_order=order,
        target_unit=task.org_unit,
    )


def send_follow_up(task: CallbackTask, *, by: User, now: datetime) -> FollowUpForm:
    """CB-11: the opinion goes to the order's unit, due after the pack's follow-up period."""
    rules, pack = rules_of(task)
    period = rules.follow_up_due
    due_at = period_deadline(now, period.amount, period.unit, options=period_options(pack.calendar))
    form = FollowUpForm.objects.create(
        task=task,
        company_id=task.company_id,
        org_unit_id=task.org_unit_id,
        opinion=task.customer_words,
        due_at=due_at,
    )
    write_event(task, "FOLLOW_UP_SENT", by, now, form=form.pk, due_at=_iso(due_at))
    return form


def record_failed_attempt(
    task: CallbackTask,
    *,
    by: User,
    outcome: str,
    note: str = "",
    now: datetime | None = None,
) -> CallbackTask:
    """A call that did not reach the customer (CB-7, CB-8).

    Sampled task: replaced at once by the next customer of the same day's draw, the reason
    noted. 100 % task: re-dialled at another time; closed as unreachable when the customer has
    no contact details or the retry policy is exhausted. Returns the replacement task, or the
    task itself when there is none.
    """
    now = now or timezone.now()
    _check_open_task(task, by)
    if outcome not in FAILED_OUTCOMES:
        raise RuleViolation("outcome", "请选择未接通的原因")
    note = note.strip()
    if not task.is_full:
        return _replace(task, by=by, outcome=outcome, note=note, now=now)
    return _retry_or_close(task, by=by, outcome=outcome, note=note, now=now)


def _replace(task: CallbackTask, *, by: User, outcome: str, note: str, now: datetime) -> Any:
    if not note:
        raise RuleViolation("note", "重新抽调其他用户时须在回访台帐注明详细原因")
    rules, _pack = rules_of(task)
    with transaction.atomic():
        _update(
            task,
            status=TaskStatus.REPLACED,
            closed_reason=note,
            attempts_count=task.attempts_count + 1,
            next_attempt_at=None,
        )
        CallbackAttempt.objects.create(task=task, at=now, by=by, outcome=outcome, note=note)
        new = replacement.draw_replacement(task, rules, now=now)
        write_event(
            task, "REPLACED", by, now, outcome=outcome, reason=note, by_task=new.pk if new else None
        )
        if new is not None:
            write_event(new, "CREATED", by, now, selection="replacement", replaces=task.pk)
    return new or task


def _failed_days(task: CallbackTask, now: datetime) -> int:
    earlier = task.attempts.exclude(outcome=AttemptOutcome.ANSWERED).values_list("at", flat=True)
    return len({to_shanghai(at).date() for at in [*earlier, now]})


def _check_gap(task: CallbackTask, retry: RetryPolicy, now: datetime) -> None:
    last = task.attempts.order_by("-at").values_list("at", flat=True).first()
    if last is not None and now - last < timedelta(minutes=retry.min_gap_minutes):
        raise RuleViolation(
            "outcome", f"须改换其它时间再次拨打（距上次拨打至少{retry.min_gap_minutes}分钟）"
        )


def _retry_or_close(task: CallbackTask, *, by: User, outcome: str, note: str, now: datetime) -> Any:
    retry = rules_of(task)[0].retry
    _check_gap(task, retry, now)
    attempts = task.attempts_count + 1
    exhausted = (
        attempts >= retry.max_attempts and _failed_days(task, now) >= retry.min_distinct_days
    )
    closing = outcome == AttemptOutcome.NO_CONTACT or exhausted
    if closing and not note:
        raise RuleViolation("note", "确实联系不上的用户须做好详细记录")
    changes: dict[str, Any] = {"attempts_count": attempts}
    if closing:
        changes |= {"status": TaskStatus.UNREACHABLE, "closed_reason": note, "done_at": now}
        changes["next_attempt_at"] = None
    else:
        changes["next_attempt_at"] = now + timedelta(minutes=retry.min_gap_minutes)
    with transaction.atomic():
        _update(task, **changes)
        CallbackAttempt.objects.create(task=task, at=now, by=by, outcome=outcome, note=note)
        kind = "UNREACHABLE" if closing else "RETRY_SCHEDULED"
        write_event(task, kind, by, now, outcome=outcome, attempts=attempts, reason=note)
    return task


def answer_follow_up(
    form: FollowUpForm, *, by: User, answer: str, now: datetime | None = None
) -> FollowUpForm:
    """The department reports its handling (CB-11); an answer after the due time is flagged."""
    now = now or timezone.now()
    require_role(by, *ANSWER_ROLES)
    require_in_scope(by, form.org_unit)
    answer = answer.strip()
    if not answer:
        raise RuleViolation("answer", "请填写处理结果")
    if form.status != FollowUpStatus.OPEN:
        raise RuleViolation("status", "该回访信息处理单已反馈")
    is_late = now > form.due_at
    changes: dict[str, Any] = {
        "status": FollowUpStatus.ANSWERED,
        "answer": answer,
        "answered_by": by,
        "answered_at": now,
    }
    if is_late and form.late_at is None:
        changes["late_at"] = now
    with transaction.atomic():
        if (
            FollowUpForm.objects.filter(pk=form.pk, status=FollowUpStatus.OPEN).update(**changes)
            != 1
        ):
            raise ConcurrentChange()
        write_event(
            form.task, "FOLLOW_UP_ANSWERED", by, now, form=form.pk, late=is_late, reason=answer
        )
    for field, value in changes.items():
        setattr(form, field, value)
    return form
