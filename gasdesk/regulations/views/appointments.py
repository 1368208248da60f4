"""Appointment register pages (APPT-1…10): list, request form, detail with the allowed steps
and the conduct rules, the register export (APPT-9)."""

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
from gasdesk.core.htmx import template_for
from gasdesk.org.roles import has_role
from gasdesk.regulations import selectors
from gasdesk.regulations.forms import (
    AgreeForm,
    AppointmentForm,
    BreachForm,
    ReassignForm,
    RefuseForm,
    ServeForm,
)
from gasdesk.regulations.models import Appointment, AppointmentStatus
from gasdesk.regulations.services import appointments as svc
from gasdesk.regulations.services.common import LEADER_ROLES, rules_of_record
from gasdesk.regulations.views.common import PAGE_ROWS, desk_unit, in_scope_or_404, user_of
from gasdesk.regulations.views.register_export import register_csv

# action -> (form class or None, service); the detail page offers those valid in the status.
ACTIONS: dict[str, tuple[type[forms.Form] | None, Callable[..., Appointment]]] = {
    "agree": (AgreeForm, svc.agree_appointment),
    "refuse": (RefuseForm, svc.refuse_appointment),
    "staff_arrived": (None, svc.record_staff_arrival),
    "applicant_arrived": (None, svc.record_applicant_arrival),
    "serve": (ServeForm, svc.serve_appointment),
    "forfeit": (None, svc.forfeit_appointment),
    "reassign": (ReassignForm, svc.reassign_appointment),
    "breach": (BreachForm, svc.record_conduct_breach),
}
OFFERED = {
    AppointmentStatus.REQUESTED: ("agree", "refuse"),
    AppointmentStatus.AGREED: (
        "staff_arrived",
        "applicant_arrived",
        "serve",
        "forfeit",
        "reassign",
    ),
}
USER_FORMS = (AgreeForm, RefuseForm, ReassignForm)


@login_required
def appointment_list(request: HttpRequest) -> HttpResponse:
    """The register (APPT-9) with the requests still awaiting a reply (APPT-3) on top."""
    user = user_of(request)
    rows = selectors.appointment_register(user)
    status = request.GET.get("status", "")
    if status in AppointmentStatus.values:
        rows = rows.filter(status=status)
    context = {
        "rows": rows[:PAGE_ROWS],
        "awaiting": selectors.awaiting_reply(user)[:PAGE_ROWS],
        "statuses": AppointmentStatus.choices,
        "status": status,
        "now": timezone.now(),
    }
    template = template_for(
        request, "regulations/appointments.html", "regulations/_appointment_rows.html"
    )
    return render(request, template, context)


@login_required
def appointment_new(request: HttpRequest) -> HttpResponse:
    form = AppointmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = svc.AppointmentRequest(org_unit=desk_unit(request), **form.cleaned_data)
        try:
            created = svc.request_appointment(data, by=user_of(request))
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("预约申请已登记"))
            return redirect("regulations:appointment_detail", pk=created.pk)
    return render(request, "regulations/appointment_form.html", {"form": form})


def _forms(request: HttpRequest, appointment: Appointment, failed: Any = None) -> dict[str, Any]:
    offered: dict[str, Any] = {}
    names = list(OFFERED.get(appointment.status, ()))  # type: ignore[call-overload]
    if has_role(user_of(request), *LEADER_ROLES):
        names.append("breach")
    for name in names:
        form_class = ACTIONS[name][0]
        offered[name] = _form(form_class, request, None) if form_class else None
    if failed is not None:
        offered[failed[0]] = failed[1]
    return offered


def _form(form_class: type[forms.Form], request: HttpRequest, data: Any) -> forms.Form:
    if form_class in USER_FORMS:
        return form_class(data, user=user_of(request))  # type: ignore[call-arg]
    return form_class(data)


def _detail(request: HttpRequest, appointment: Appointment, failed: Any = None) -> dict[str, Any]:
    return {
        "a": appointment,
        "events": appointment.events.select_related("by").order_by("at", "id"),
        "offered": _forms(request, appointment, failed),
        "error": failed[2] if failed else "",
        "conduct": rules_of_record(appointment.pack_id).appointments.conduct,
    }


@login_required
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = in_scope_or_404(selectors.appointment_register(user_of(request)), pk)
    return render(request, "regulations/appointment_detail.html", _detail(request, appointment))


@login_required
@require_POST
def appointment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step of the register through its service; a refused step re-renders with the error."""
    appointment = in_scope_or_404(selectors.appointment_register(user_of(request)), pk)
    if action not in ACTIONS:
        raise Http404
    form_class, service = ACTIONS[action]
    form = _form(form_class, request, request.POST) if form_class else None
    error = ""
    if form is None or form.is_valid():
        data = form.cleaned_data if form else {}
        try:
            service(appointment, by=user_of(request), **data)
        except RuleViolation as violation:
            error = violation.message
        else:
            messages.success(request, _("已保存"))
            return redirect("regulations:appointment_detail", pk=appointment.pk)
    context = _detail(request, appointment, (action, form, error))
    return render(request, "regulations/appointment_detail.html", context, status=400)


@login_required
def appointment_export(request: HttpRequest) -> HttpResponse:
    """APPT-9: the 预约服务登记表 (?kind=counter) or 上门服务登记表 (?kind=home) as CSV."""
    kind = request.GET.get("kind", "")
    return register_csv(selectors.register_rows(user_of(request), kind), kind)
