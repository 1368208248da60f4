"""Callback pages (CB-6…15, RPT-4): the agent's daily list with one-click results (htmx), a
task's detail with the callback record form (the pack's items) and history, the departments'
follow-up forms, satisfaction by group, programme plans with their record, report and review.

Views stay thin: selectors read, services write, a RuleViolation becomes a message on the row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gasdesk.business_calendar.periods import to_shanghai
from gasdesk.callbacks import plans, selectors, services
from gasdesk.callbacks.forms import (
    PLAN_STEP_FORMS,
    AnswerForm,
    AttemptForm,
    PeriodForm,
    PlanCreateForm,
    PlanFilterForm,
    ResultForm,
    answer_fields,
    answered_rows,
    answers_from,
    plan_step_forms,
)
from gasdesk.callbacks.models import CallbackPlan, CallbackTask
from gasdesk.core.errors import RuleViolation
from gasdesk.core.htmx import is_htmx
from gasdesk.org.models import User


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _task_or_404(request: HttpRequest, pk: int) -> CallbackTask:
    try:
        return selectors.task_detail(_user(request), pk)
    except CallbackTask.DoesNotExist:
        raise Http404 from None


@login_required
def day_list(request: HttpRequest) -> HttpResponse:
    """日清日结: overdue first, then today's, then later ones, and what is done today."""
    now = timezone.now()
    day = selectors.agent_day_list(_user(request), now)
    return render(request, "callbacks/day_list.html", {"day": day, "now": now})


def _form_error(form: Any) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


def _row(request: HttpRequest, task: CallbackTask, error: str = "") -> HttpResponse:
    task = _task_or_404(request, task.pk)
    context = {"task": task, "error": error, "now": timezone.now()}
    return render(request, "callbacks/_task_row.html", context)


def _after_write(request: HttpRequest, task: CallbackTask, error: str) -> HttpResponse:
    """htmx: the task's row (with the error, if any); a plain form post: back to the list, or
    to the task when the record form was posted from its page."""
    if is_htmx(request):
        return _row(request, task, error)
    if error:
        messages.error(request, error)
    if request.POST.get("back") == "detail":
        return redirect("callbacks:detail", task.pk)
    return redirect("callbacks:day_list")


@login_required
@require_POST
def record_result(request: HttpRequest, pk: int) -> HttpResponse:
    task, error = _task_or_404(request, pk), ""
    form = ResultForm(request.POST)
    if not form.is_valid():
        error = _form_error(form)
    else:
        try:
            answers = answers_from(request.POST)
            services.record_result(task, by=_user(request), answers=answers, **form.cleaned_data)
        except RuleViolation as exc:
            error = exc.message
    return _after_write(request, task, error)


@login_required
@require_POST
def record_attempt(request: HttpRequest, pk: int) -> HttpResponse:
    task, error = _task_or_404(request, pk), ""
    form = AttemptForm(request.POST)
    if not form.is_valid():
        error = _form_error(form)
    else:
        try:
            services.record_failed_attempt(task, by=_user(request), **form.cleaned_data)
        except RuleViolation as exc:
            error = exc.message
    return _after_write(request, task, error)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    questions = services.task_questions(task)
    context = {
        "task": task,
        "timeline": selectors.task_timeline(task),
        "attempts": task.attempts.select_related("by"),
        "questions": answer_fields(questions),
        "answered": answered_rows(questions, task.answers),
        "performers": services.rules_of(task)[0].performers,
        "now": timezone.now(),
    }
    return render(request, "callbacks/detail.html", context)


@login_required
def follow_ups(request: HttpRequest) -> HttpResponse:
    """回访信息处理单 of the user's units, open ones first, with the answer form."""
    rows = selectors.visible_follow_ups(_user(request))[: selectors.LIST_LIMIT]
    context = {"forms": rows, "answer_form": AnswerForm(), "now": timezone.now()}
    return render(request, "callbacks/follow_ups.html", context)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    form_row = selectors.visible_follow_ups(_user(request)).filter(pk=pk).first()
    if form_row is None:
        raise Http404
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise RuleViolation("answer", _("请填写处理结果"))
        services.answer_follow_up(form_row, by=_user(request), **form.cleaned_data)
        messages.success(request, _("处理结果已反馈"))
    except RuleViolation as exc:
        messages.error(request, exc.message)
    return redirect("callbacks:follow_ups")


@login_required
def satisfaction(request: HttpRequest) -> HttpResponse:
    """Satisfied / answered per callback group over a period (the KPI issue reads the selector)."""
    form = PeriodForm(request.GET or None)
    period = form.period(to_shanghai(timezone.now()).date())
    rows = selectors.satisfaction_by_group(_user(request), **period)
    for row in rows:
        row["percent"] = round(100 * row["satisfied"] / row["answered"], 1)
    context = {"form": form, "rows": rows, "period": period}
    return render(request, "callbacks/satisfaction.html", context)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """客户回访计划: pending plans by planned date (or kept ones by kind), and a new plan."""
    filters = PlanFilterForm(request.GET or None)
    rows = selectors.visible_plans(_user(request), pending_only=True, **filters.filters())
    context: dict[str, Any] = {
        "plans": rows[: selectors.LIST_LIMIT],
        "filter_form": filters,
        "create_form": PlanCreateForm(),
    }
    return render(request, "callbacks/plans.html", context)


@login_required
@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    """CB-13: plans prepared from the customer data (by account number)."""
    form = PlanCreateForm(request.POST)
    try:
        if not form.is_valid():
            raise RuleViolation("kind", _form_error(form))
        data = dict(form.cleaned_data)
        customer = selectors.visible_customer(_user(request), data.pop("account_no"))
        made = plans.prepare_plans(customer, plans.PlanRequest(**data), by=_user(request))
        messages.success(request, _("已生成%(n)d条回访计划") % {"n": len(made)})
    except RuleViolation as exc:
        messages.error(request, exc.message)
    return redirect("callbacks:plans")


def _plan_or_404(request: HttpRequest, pk: int) -> CallbackPlan:
    try:
        return selectors.plan_detail(_user(request), pk)
    except CallbackPlan.DoesNotExist:
        raise Http404 from None


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One plan: the customer's basics and services (回访资料), the plan, record, report,
    review and the forms of the steps it allows now, and its history."""
    plan = _plan_or_404(request, pk)
    context = {
        "plan": plan,
        "orders": selectors.plan_materials(_user(request), plan),
        "timeline": selectors.plan_timeline(plan),
        "forms": plan_step_forms(plan, plans.allowed_steps(plan)),
    }
    return render(request, "callbacks/plan_detail.html", context)


@login_required
@require_POST
def plan_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Schedule, record (记录表), submit the report (报告表) or review (主管审查) one plan."""
    plan = _plan_or_404(request, pk)
    if step not in PLAN_STEP_FORMS:
        raise Http404
    form = PLAN_STEP_FORMS[step](request.POST)
    try:
        if not form.is_valid():
            raise RuleViolation(step, _form_error(form))
        PLAN_STEP_SERVICES[step](plan, by=_user(request), **form.cleaned_data)
        messages.success(request, _("已保存"))
    except RuleViolation as exc:
        messages.error(request, exc.message)
    return redirect("callbacks:plan_detail", plan.pk)


PLAN_STEP_SERVICES: dict[str, Callable[..., CallbackPlan]] = {
    "schedule": plans.schedule_plan,
    "record": plans.record_plan_callback,
    "submit": plans.submit_plan_report,
    "review": plans.review_plan,
}
