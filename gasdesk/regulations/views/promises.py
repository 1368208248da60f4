"""Time-limited completion pages (TLC-1…3) and the assistance desk (HELP-1…3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gasdesk.core.errors import RuleViolation
from gasdesk.core.forms import add_rule_error
from gasdesk.core.htmx import is_htmx
from gasdesk.regulations import selectors
from gasdesk.regulations.forms import AssistanceForm, CompleteForm, PromiseForm, ReasonForm
from gasdesk.regulations.models import PromisedMatter
from gasdesk.regulations.services import assistance
from gasdesk.regulations.services import promises as svc
from gasdesk.regulations.views.common import (
    PAGE_ROWS,
    desk_rules,
    desk_unit,
    in_scope_or_404,
    user_of,
)


@login_required
def promise_list(request: HttpRequest) -> HttpResponse:
    """Open matters, nearest deadline first; `?overdue=1` is the leader's list (TLC-1) with the
    matters completed late and their reasons (TLC-3)."""
    user, now = user_of(request), timezone.now()
    overdue = request.GET.get("overdue") == "1"
    rows = selectors.leader_overdue_matters(user, now) if overdue else selectors.open_matters(user)
    late = selectors.late_matters(user)[:PAGE_ROWS] if overdue else []
    context = {"rows": rows[:PAGE_ROWS], "now": now, "overdue": overdue, "late": late}
    return render(request, "regulations/promises.html", context)


@login_required
def promise_new(request: HttpRequest) -> HttpResponse:
    form = PromiseForm(request.POST or None, user=user_of(request))
    if request.method == "POST" and form.is_valid():
        data = svc.PromiseInput(org_unit=desk_unit(request), **form.cleaned_data)
        try:
            matter = svc.promise_matter(data, by=user_of(request))
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("已登记，办结时限已计算"))
            return redirect("regulations:promise_detail", pk=matter.pk)
    return render(request, "regulations/promise_form.html", {"form": form})


def _context(matter: PromisedMatter, **forms_: Any) -> dict[str, Any]:
    return {
        "m": matter,
        "events": matter.events.select_related("by").order_by("at", "id"),
        "complete_form": forms_.get("complete") or CompleteForm(),
        "reason_form": forms_.get("reason") or ReasonForm(),
        "now": timezone.now(),
    }


@login_required
def promise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matter = in_scope_or_404(PromisedMatter.objects.visible_to(user_of(request)), pk)
    return render(request, "regulations/promise_detail.html", _context(matter))


@login_required
@require_POST
def promise_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Complete (with the written reply) or state the reason of a delay."""
    matter = in_scope_or_404(PromisedMatter.objects.visible_to(user_of(request)), pk)
    form: forms.Form
    service: Callable[..., PromisedMatter]
    if action == "complete":
        form, service = CompleteForm(request.POST), svc.complete_matter
    elif action == "explain":
        form, service = ReasonForm(request.POST), svc.explain_delay
    else:
        raise Http404
    if form.is_valid():
        try:
            service(matter, by=user_of(request), **form.cleaned_data)
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("regulations:promise_detail", pk=matter.pk)
    context = _context(matter, **{action if action == "complete" else "reason": form})
    return render(request, "regulations/promise_detail.html", context, status=400)


@login_required
def assistance_desk(request: HttpRequest) -> HttpResponse:
    """HELP-1/3: the 办不成事反映窗口 desk: record a service; missing documents listed at once."""
    rules = desk_rules(request)
    posted = request.method == "POST"
    form = AssistanceForm(request.POST or None, initial=request.GET.dict(), rules=rules)
    if posted and form.is_valid():
        data = dict(form.cleaned_data, provided=tuple(form.cleaned_data["provided"]))
        try:
            assistance.record_assistance(
                assistance.AssistanceInput(org_unit=desk_unit(request), **data), by=user_of(request)
            )
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("帮办代办已记录"))
            return redirect("regulations:assistance")
    if is_htmx(request):
        return render(request, "regulations/_assistance_form.html", {"form": form})
    rows = selectors.assistance_log(user_of(request))[:PAGE_ROWS]
    on_duty = assistance.duty_person(desk_unit(request), timezone.localdate())
    context = {"form": form, "rows": rows, "on_duty": on_duty}
    return render(request, "regulations/assistance.html", context)
