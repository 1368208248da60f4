"""Complaint pages (CMP): the specialist's desk, registration, detail with timeline and
actions, and the department admin's page (appeals to file, deductions with drill-down).

Views stay thin: selectors to read, services to write, RuleViolation mapped to the form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gasdesk.complaints import appeals, selectors, services
from gasdesk.complaints.forms import (
    STEP_FORMS,
    AppealForm,
    ComplaintForm,
    DecideAppealForm,
    step_form,
)
from gasdesk.complaints.intake import register_complaint
from gasdesk.complaints.models import Complaint
from gasdesk.complaints.rules import rules_for, rules_of_pack, rules_of_pack_id
from gasdesk.complaints.tier_targets import tier_complaint_targets
from gasdesk.core.errors import RuleViolation
from gasdesk.core.forms import add_rule_error
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import has_role
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.sections.complaints import ComplaintRules

HOT_SPOT_DAYS = 30  # the desk's hot-spot strip: this month against the month before

STEP_SERVICES: dict[str, Callable[..., Complaint]] = {
    "assign": services.assign_responsible,
    "level": services.set_level,
    "validity": services.set_validity,
    "respond": services.record_response,
    "solution": services.record_solution,
    "close": services.close_complaint,
    "callback": services.record_callback,
    "archive": services.archive_complaint,
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _complaint_or_404(request: HttpRequest, pk: int) -> Complaint:
    try:
        return selectors.complaint_detail(_user(request), pk)
    except Complaint.DoesNotExist:
        raise Http404(_("投诉不存在或不在您的组织范围内")) from None


def _labelled_causes(user: User, rules: ComplaintRules | None) -> list[tuple[str, Any]]:
    """The desk's hot-spot strip, cause codes shown with the names the pack gives them."""
    spots = selectors.hot_spots(user, selectors.last_days(HOT_SPOT_DAYS), "cause", 5)
    names = {c.code: c.name for c in rules.causes} if rules else {}
    return [(names.get(s.key, s.key), s) for s in spots]


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """专员工作台: open complaints by nearest deadline, late ones highlighted, alerts, appeals,
    new complaints routed to the user's post (CMP-5/6/24), per-tier targets (CMP-25)."""
    user, now = _user(request), timezone.now()
    pack = pack_for_unit(user.org_unit, now).pack if user.org_unit is not None else None
    rules = rules_of_pack(pack) if pack is not None else None
    recent = selectors.last_days(HOT_SPOT_DAYS)
    context = {
        "rows": selectors.complaint_desk(user)[: selectors.DESK_LIMIT],
        "routed": selectors.routed_to_me(user),
        "alerts": selectors.recent_alerts(user),
        "appeals": selectors.appeals_to_decide(user),
        "hot_spots": _labelled_causes(user, rules),
        "tier_targets": tier_complaint_targets(user, pack, recent, now) if pack else [],
        "now": now,
    }
    return render(request, "complaints/desk.html", context)


def _registration_form(request: HttpRequest) -> ComplaintForm:
    user = _user(request)
    company = user.org_unit.company if user.org_unit else None
    if company is None:
        raise Http404(_("您未分配所属公司"))
    loaded = pack_for_unit(company, timezone.now())
    return ComplaintForm(
        request.POST if request.method == "POST" else None,
        units=OrgUnit.objects.subtree(company).exclude(pk=company.pk).order_by("path"),
        rules=loaded.pack.complaints,
        business_types=[(b.code, b.name) for b in loaded.pack.business_types],
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """登记投诉 (首问负责制): the logged-in user becomes the first responder."""
    form = _registration_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = register_complaint(by=_user(request), **form.cleaned_data)
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("投诉 %(n)s 已登记并转专员") % {"n": complaint.number})
            return redirect("complaints:detail", pk=complaint.pk)
    return render(request, "complaints/create.html", {"form": form})


def _detail_context(request: HttpRequest, complaint: Complaint, **extra: Any) -> dict[str, Any]:
    user = _user(request)
    steps = services.available_steps(complaint, user)
    forms_by_step = {s.action: step_form(s.action, complaint) for s in steps}
    failed = extra.pop("failed", None)
    if failed is not None:
        forms_by_step[failed[0]] = failed[1]
        extra["failed_form"] = failed[1]
    rules = rules_of_pack_id(complaint.pack_id)
    return {
        "complaint": complaint,
        "rules": rules,
        "cause": next((c for c in rules.causes if c.code == complaint.cause), None),
        "commitments": complaint.deadline_basis.get("commitments", []),
        "timeline": selectors.complaint_timeline(complaint),
        "step_forms": [(s, forms_by_step[s.action]) for s in steps],
        "appeals": complaint.appeals.select_related("filed_by").order_by("filed_at"),
        "can_appeal": appeals.may_file(complaint, user, timezone.now()),
        "can_decide": has_role(user, *appeals.DECIDERS),
        "appeal_form": AppealForm(prefix="appeal"),
        "decide_form": DecideAppealForm(prefix="decide"),
        "now": timezone.now(),
        **extra,
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_or_404(request, pk)
    return render(request, "complaints/detail.html", _detail_context(request, complaint))


def _run(request: HttpRequest, form: forms.Form, call: Callable[[], object]) -> bool:
    """Validate the form and call the service; map a RuleViolation onto the form."""
    if not form.is_valid():
        return False
    try:
        call()
    except RuleViolation as error:
        add_rule_error(form, error)
        return False
    return True


@login_required
@require_POST
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    complaint = _complaint_or_404(request, pk)
    if action not in STEP_FORMS:
        raise Http404
    form = step_form(action, complaint, request.POST)
    service = STEP_SERVICES[action]
    if _run(request, form, lambda: service(complaint, by=_user(request), **form.cleaned_data)):
        return redirect("complaints:detail", pk=pk)
    context = _detail_context(request, complaint, failed=(action, form))
    return render(request, "complaints/detail.html", context, status=400)


@login_required
@require_POST
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_or_404(request, pk)
    form = AppealForm(request.POST, prefix="appeal")
    call = lambda: appeals.file_appeal(complaint, by=_user(request), **form.cleaned_data)  # noqa: E731
    if _run(request, form, call):
        messages.success(request, _("申诉已提交"))
        return redirect("complaints:detail", pk=pk)
    context = _detail_context(request, complaint, appeal_form=form)
    return render(request, "complaints/detail.html", context, status=400)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, appeal_pk: int) -> HttpResponse:
    complaint = _complaint_or_404(request, pk)
    pending = get_object_or_404(complaint.appeals, pk=appeal_pk)
    form = DecideAppealForm(request.POST, prefix="decide")
    call = lambda: appeals.decide_appeal(pending, by=_user(request), **form.cleaned_data)  # noqa: E731
    if _run(request, form, call):
        return redirect("complaints:detail", pk=pk)
    context = _detail_context(request, complaint, decide_form=form)
    return render(request, "complaints/detail.html", context, status=400)


def _quarter_of(request: HttpRequest) -> tuple[int, int]:
    today = timezone.localdate()
    year, number = request.GET.get("year", ""), request.GET.get("quarter", "")
    if year.isdigit() and number in {"1", "2", "3", "4"}:
        return int(year), int(number)
    return today.year, (today.month - 1) // 3 + 1


@login_required
def department(request: HttpRequest) -> HttpResponse:
    """部门服务管理员: complaints still open to appeal, and the unit's quarter deductions."""
    user = _user(request)
    if user.org_unit is None:
        raise Http404(_("您未分配所属单位"))
    year, number = _quarter_of(request)
    period = selectors.quarter(year, number)
    rules = rules_for(user.org_unit, period.end - timedelta(seconds=1))
    rows = selectors.department_deductions(user, rules, period)
    unit_pk = request.GET.get("unit", "")
    drill = next((r for r in rows if str(r.unit.pk) == unit_pk), None)
    context = {
        "appealable": selectors.appealable_complaints(user, timezone.now()),
        "rows": rows,
        "year": year,
        "quarter": number,
        "drill": drill,
        **_drill_page(request, user, period, drill),
    }
    return render(request, "complaints/department.html", context)


def _drill_page(
    request: HttpRequest, user: User, period: selectors.Period, drill: Any
) -> dict[str, Any]:
    """One page of 50 of the drill-down and the next page's number (bench issue 4, K3)."""
    if drill is None:
        return {"drill_rows": [], "drill_next": None}
    page = selectors.page_number(request.GET.get("page"))
    rows, more = selectors.page_of(selectors.deduction_drilldown(user, period, drill.unit), page)
    return {"drill_rows": rows, "drill_next": page + 1 if more else None}
