"""Intending-customer pages (MGR-1…3): the prospect list with its entry form, a prospect with
its specialist's service steps, conversion to a customer, and the yearly specialist rating."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gasdesk.core.errors import RuleViolation
from gasdesk.core.forms import add_rule_error
from gasdesk.org.roles import has_role
from gasdesk.regulations import selectors
from gasdesk.regulations.forms import (
    AssignForm,
    ConvertForm,
    DropForm,
    ProspectForm,
    ProspectStepForm,
    RatingForm,
)
from gasdesk.regulations.models import Prospect
from gasdesk.regulations.services import prospects as svc
from gasdesk.regulations.services.common import LEADER_ROLES
from gasdesk.regulations.views.common import (
    PAGE_ROWS,
    desk_rules,
    desk_unit,
    in_scope_or_404,
    user_of,
)

USER_FORMS = (AssignForm, ProspectStepForm)
# action -> (form, service); the service gets the form's cleaned data as keywords.
ACTIONS: dict[str, tuple[type[forms.Form], Callable[..., Any]]] = {
    "assign": (AssignForm, svc.assign_prospect_manager),
    "step": (ProspectStepForm, svc.record_prospect_step),
    "convert": (ConvertForm, svc.convert_prospect),
    "drop": (DropForm, svc.drop_prospect),
}


def _form(name: str, request: HttpRequest, data: Any = None) -> forms.Form:
    form_class = ACTIONS[name][0]
    if form_class in USER_FORMS:
        return form_class(data, user=user_of(request))  # type: ignore[call-arg]
    return form_class(data)


@login_required
def prospect_list(request: HttpRequest) -> HttpResponse:
    """MGR-1: intending customers of the user's units; a new one with its specialist."""
    user = user_of(request)
    form = ProspectForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = svc.ProspectInput(org_unit=desk_unit(request), **form.cleaned_data)
        try:
            created = svc.register_prospect(data, by=user)
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("意向客户已登记"))
            return redirect("regulations:prospect_detail", pk=created.pk)
    rows = selectors.prospect_list(user)[:PAGE_ROWS]
    return render(request, "regulations/prospects.html", {"form": form, "rows": rows})


def _detail(request: HttpRequest, prospect: Prospect, failed: Any = None) -> dict[str, Any]:
    is_leader = has_role(user_of(request), *LEADER_ROLES)
    names = [name for name in ACTIONS if is_leader or name != "assign"]  # MGR-3: heads assign
    offered = {name: _form(name, request) for name in names}
    if failed is not None:
        offered[failed[0]] = failed[1]
    return {
        "p": prospect,
        "events": prospect.events.select_related("by").order_by("at", "id"),
        "offered": offered,
        "working_mode": desk_rules(request).managers.working_mode,
    }


@login_required
def prospect_detail(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = in_scope_or_404(selectors.prospect_list(user_of(request)), pk)
    return render(request, "regulations/prospect_detail.html", _detail(request, prospect))


@login_required
@require_POST
def prospect_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step on a prospect through its service; a refused step re-renders with the error."""
    prospect = in_scope_or_404(selectors.prospect_list(user_of(request)), pk)
    if action not in ACTIONS:
        raise Http404
    form = _form(action, request, request.POST)
    if form.is_valid():
        try:
            ACTIONS[action][1](prospect, by=user_of(request), **form.cleaned_data)
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("regulations:prospect_detail", pk=prospect.pk)
    context = _detail(request, prospect, (action, form))
    return render(request, "regulations/prospect_detail.html", context, status=400)


@login_required
@require_POST
def rate_manager(request: HttpRequest) -> HttpResponse:
    """MGR-3: the department head's yearly rating of a specialist (from the leader board)."""
    user = user_of(request)
    form = RatingForm(request.POST, user=user)
    try:
        if not form.is_valid():
            raise RuleViolation("manager", _("请完整填写年度评定"))
        data = dict(form.cleaned_data)
        svc.rate_manager(data.pop("manager"), by=user, **data)
    except RuleViolation as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("年度评定已登记"))
    return redirect("regulations:leaders")
