"""Campaign pages (OUT, INSP, CONN, METER): overview, outage create/publish/restore, plan
with its inspection rate, connection households, meter progress, printable notices.

Views are thin: selectors to read, services to write, RuleViolation shown as a message.
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

from gasdesk.campaigns import selectors
from gasdesk.campaigns.forms import DeclineForm, OutageForm, PlanForm, VisitOutcomeForm
from gasdesk.campaigns.models import (
    ConnectionCampaign,
    ConnectionHousehold,
    Hazard,
    InspectionVisit,
)
from gasdesk.campaigns.services import connections, inspections, outages
from gasdesk.core.errors import RuleViolation
from gasdesk.core.forms import add_rule_error
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.scoping import scope_root

LIST = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _units(user: User) -> Any:
    root = scope_root(user)
    return OrgUnit.objects.all() if root is None else OrgUnit.objects.subtree(root)


def _one(queryset: Any, pk: int) -> Any:
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404(_("记录不存在或不在您的组织范围内"))
    return row


def _act(request: HttpRequest, action: Callable[[], object], done: str) -> None:
    try:
        action()
    except RuleViolation as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "outages": selectors.visible_outages(user)[:LIST],
        "plans": selectors.visible_plans(user)[:LIST],
        "connections": selectors.visible_connections(user)[:LIST],
        "meter_campaigns": selectors.visible_meter_campaigns(user)[:LIST],
        "hazards": selectors.open_hazards(user)[:LIST],
        "now": timezone.now(),
    }
    return render(request, "campaigns/index.html", context)


@login_required
def outage_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = OutageForm(request.POST or None, units=_units(user))
    if request.method == "POST" and form.is_valid():
        try:
            outage = outages.create_outage(outages.OutageInput(**form.cleaned_data), by=user)
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            return redirect("campaigns:outage", pk=outage.pk)
    return render(request, "campaigns/form.html", {"form": form, "title": _("新建停气")})


@login_required
def outage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    outage = _one(selectors.visible_outages(_user(request)), pk)
    events = outage.events.order_by("at", "id")
    context = {"outage": outage, "events": events, "now": timezone.now()}
    return render(request, "campaigns/outage.html", context)


@login_required
@require_POST
def outage_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    outage = _one(selectors.visible_outages(_user(request)), pk)
    services = {"publish": outages.publish_outage, "restore": outages.restore_outage}
    if action not in services:
        raise Http404
    _act(request, lambda: services[action](outage, by=_user(request)), _("操作成功"))
    return redirect("campaigns:outage", pk=pk)


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PlanForm(request.POST or None, units=_units(user))
    if request.method == "POST" and form.is_valid():
        try:
            plan = inspections.generate_inspection_plan(
                form.cleaned_data["org_unit"], form.cleaned_data["year"], by=user
            )
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            return redirect("campaigns:plan", pk=plan.pk)
    return render(request, "campaigns/form.html", {"form": form, "title": _("生成安检计划")})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = _one(selectors.visible_plans(user), pk)
    context = {
        "plan": plan,
        "rate": selectors.inspection_rate(plan),
        "visits": selectors.plan_visits(user, plan).filter(outcome="pending")[:LIST],
        "outcome_form": VisitOutcomeForm(),
    }
    return render(request, "campaigns/plan.html", context)


@login_required
@require_POST
def visit_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _one(InspectionVisit.objects.visible_to(_user(request)), pk)
    form = VisitOutcomeForm(request.POST)
    if form.is_valid():
        _act(
            request,
            lambda: inspections.record_visit_outcome(visit, by=_user(request), **form.cleaned_data),
            _("已登记"),
        )
    return redirect("campaigns:plan", pk=visit.plan_id)


@login_required
def hazard_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """安全隐患整改通知书 (INSP-6), printable."""
    hazard = _one(Hazard.objects.visible_to(_user(request)).select_related("customer"), pk)
    return render(request, "campaigns/hazard_notice.html", {"hazard": hazard})


@login_required
def connection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _one(selectors.visible_connections(_user(request)), pk)
    context = {
        "campaign": campaign,
        "summary": selectors.connection_summary(campaign),
        "households": campaign.households.select_related("customer").order_by("id")[:200],
        "decline_form": DeclineForm(),
    }
    return render(request, "campaigns/connection.html", context)


@login_required
@require_POST
def connection_notify(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _one(selectors.visible_connections(_user(request)), pk)
    _act(
        request,
        lambda: connections.notify_connection(campaign, by=_user(request)),
        _("通气通知已发送"),
    )
    return redirect("campaigns:connection", pk=pk)


def _household(request: HttpRequest, pk: int) -> ConnectionHousehold:
    campaigns = ConnectionCampaign.objects.visible_to(_user(request)).values("id")
    return _one(ConnectionHousehold.objects.filter(campaign__in=campaigns), pk)


@login_required
@require_POST
def household_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    household, user = _household(request, pk), _user(request)
    steps: dict[str, Callable[[], object]] = {
        "arrive": lambda: connections.record_household_arrival(household, by=user),
        "check": lambda: connections.record_safety_check(household, by=user),
        "connect": lambda: connections.connect_household(household, by=user),
        "decline": lambda: connections.decline_household(
            household, by=user, reasons=request.POST.get("reasons", "")
        ),
    }
    if action not in steps:
        raise Http404
    _act(request, steps[action], _("已登记"))
    return redirect("campaigns:connection", pk=household.campaign_id)


@login_required
def household_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """不能通气告知书 (CONN-2): the reasons in writing, printable."""
    household = _household(request, pk)
    return render(request, "campaigns/household_notice.html", {"household": household})


@login_required
def meter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _one(selectors.visible_meter_campaigns(_user(request)), pk)
    context = {"campaign": campaign, "progress": selectors.meter_progress(campaign)}
    return render(request, "campaigns/meter.html", context)
