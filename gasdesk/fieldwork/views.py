"""Field pages (DSP, EMG): the technician's day with one-tap htmx transitions, the signature
page, the printable notices, the dispatcher's unsigned list and the emergency desk.

Views stay thin: reads through selectors, writes through services.taps / services.emergencies,
service errors shown on the form that caused them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gasdesk.core.errors import RuleViolation
from gasdesk.core.forms import add_rule_error
from gasdesk.core.htmx import is_htmx
from gasdesk.fieldwork import selectors
from gasdesk.fieldwork.forms import TAP_FORMS, AlarmForm, AssignForm, PhotoForm, SignForm, TapForm
from gasdesk.fieldwork.models import Assignment, HazardNotice, NotMetNotice
from gasdesk.fieldwork.services.emergencies import AlarmInput, report_emergency
from gasdesk.fieldwork.services.taps import perform_tap
from gasdesk.fieldwork.services.visits import add_photo
from gasdesk.org.models import User
from gasdesk.workorders.models import WorkOrder


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _order_or_404(request: HttpRequest, pk: int) -> WorkOrder:
    try:
        return selectors.field_order(_user(request), pk)
    except WorkOrder.DoesNotExist:
        raise Http404(_("工单不存在或不在您的组织范围内")) from None


def _card(
    request: HttpRequest, order: WorkOrder, form: TapForm | None = None, **extra: Any
) -> HttpResponse:
    """The order's card on the technician page (the htmx swap target)."""
    assignment = Assignment.objects.filter(order=order, is_current=True).first()
    context = {"order": order, "row": assignment, "failed": form, **extra}
    status = 400 if form is not None and form.errors else 200
    return render(request, "fieldwork/_order_card.html", context, status=status)


@login_required
def my_day(request: HttpRequest) -> HttpResponse:
    """The technician's orders in route order, one card each (390 px first)."""
    rows = selectors.technician_day(_user(request), timezone.localdate())
    return render(request, "fieldwork/my_day.html", {"rows": rows, "now": timezone.now()})


def _tap_form(request: HttpRequest, action: str) -> TapForm:
    if action == "assign":
        return AssignForm(request.POST, user=_user(request))
    return TAP_FORMS[action](request.POST)


@login_required
@require_POST
def tap(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One tap: the action applied once per client token; htmx gets the fresh card."""
    order = _order_or_404(request, pk)
    if action not in TAP_FORMS:
        raise Http404
    form = _tap_form(request, action)
    if form.is_valid():
        try:
            result = perform_tap(
                order,
                action,
                by=_user(request),
                token=form.cleaned_data.get("client_token"),
                params=form.params(),
            )
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            order.refresh_from_db()
            if not is_htmx(request):
                messages.success(request, result["message"])
                return redirect(request.POST.get("next") or "fieldwork:my_day")
            return _card(request, order, message=result["message"])
    if not is_htmx(request):
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(request.POST.get("next") or "fieldwork:my_day")
    return _card(request, order, form)


@login_required
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    """WO-7: the customer signs on the phone's screen, then the order is completed."""
    order = _order_or_404(request, pk)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            perform_tap(
                order,
                "complete",
                by=_user(request),
                token=form.cleaned_data.get("client_token"),
                params=form.params(),
            )
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("已签字完工：%(number)s") % {"number": order.number})
            return redirect("fieldwork:my_day")
    status = 400 if form.errors else 200
    context = {"order": order, "form": form, "briefing": selectors.completion_rules(order)}
    return render(request, "fieldwork/sign.html", context, status=status)


@login_required
@require_POST
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order_or_404(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_photo(order, by=_user(request), upload=form.cleaned_data["photo"])
        except RuleViolation as error:
            return _card(request, order, photo_error=error.message)
        return _card(request, order, message=_("照片已上传"))
    return _card(request, order, photo_error=_("请选择照片"))


@login_required
def not_met_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """到访不遇通知单, printable (DSP-8)."""
    notice = get_object_or_404(NotMetNotice.objects.select_related("order", "technician"), pk=pk)
    order = _order_or_404(request, notice.order_id)
    return render(request, "fieldwork/not_met_notice.html", {"notice": notice, "order": order})


@login_required
def hazard_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """安全隐患整改通知书, printable."""
    notice = get_object_or_404(HazardNotice.objects.select_related("order", "issued_by"), pk=pk)
    order = _order_or_404(request, notice.order_id)
    return render(request, "fieldwork/hazard_notice.html", {"notice": notice, "order": order})


@login_required
def dispatch_board(request: HttpRequest) -> HttpResponse:
    """The team leader's list: unsigned assignments (pool and overdue marked)."""
    user = _user(request)
    context = {
        "new_orders": selectors.orders_to_assign(user)[: selectors.DAY_LIMIT],
        "rows": selectors.unsigned_assignments(user)[: selectors.DAY_LIMIT],
        "technicians": AssignForm(user=user).fields["technician"].queryset,  # type: ignore[attr-defined]
        "now": timezone.now(),
    }
    return render(request, "fieldwork/dispatch.html", context)


@login_required
def emergencies(request: HttpRequest) -> HttpResponse:
    """The emergency desk: alarm intake (24 h), open alarms, escalations."""
    user = _user(request)
    form = AlarmForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            emergency = report_emergency(AlarmInput(**form.cleaned_data), by=user)
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("已接警：%(number)s") % {"number": emergency.order.number})
            return redirect("fieldwork:emergencies")
    context = {
        "form": form,
        "open": selectors.open_emergencies(user)[:100],
        "escalations": selectors.emergency_escalations(user)[:50],
        "now": timezone.now(),
    }
    return render(
        request, "fieldwork/emergencies.html", context, status=400 if form.errors else 200
    )
