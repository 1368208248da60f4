"""Customer-manager pages (MGR-1…4): the manager's portfolio with visits due and care reminders,
and the leader's board of overdue visits and customers still without a manager."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gasdesk.core.errors import RuleViolation
from gasdesk.customers.models import Customer
from gasdesk.org.roles import has_role
from gasdesk.regulations import selectors
from gasdesk.regulations.care_reminders import reminders_for
from gasdesk.regulations.forms import AssignForm, VisitForm
from gasdesk.regulations.models import CareVisit
from gasdesk.regulations.services import care
from gasdesk.regulations.services.common import LEADER_ROLES
from gasdesk.regulations.views.common import PAGE_ROWS, desk_rules, in_scope_or_404, user_of


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    """MGR-2/4: my customers, my visits due (overdue marked) and today's care reminders."""
    user = user_of(request)
    rules = desk_rules(request).managers
    context = {
        "customers": selectors.portfolio(user)[:PAGE_ROWS],
        "visits": selectors.visits_due(user)[:PAGE_ROWS],
        "reminders": reminders_for(user, rules),
        "today": timezone.localdate(),
        "visit_form": VisitForm(),
    }
    return render(request, "regulations/portfolio.html", context)


@login_required
def leader_board(request: HttpRequest) -> HttpResponse:
    """MGR-1/4: for a leader: overdue visits of the managers below, customers without one."""
    user = user_of(request)
    is_leader = has_role(user, *LEADER_ROLES)
    rules = desk_rules(request).managers
    context = {
        "is_leader": is_leader,
        "overdue": selectors.overdue_visits(user, timezone.localdate())[:PAGE_ROWS]
        if is_leader
        else [],
        "unassigned": selectors.customers_without_manager(user, rules)[:PAGE_ROWS]
        if is_leader
        else [],
        "assign_form": AssignForm(user=user),
    }
    return render(request, "regulations/leader_board.html", context)


@login_required
@require_POST
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    visit = in_scope_or_404(CareVisit.objects.visible_to(user_of(request)), pk)
    form = VisitForm(request.POST)
    try:
        note = form.cleaned_data["note"] if form.is_valid() else ""
        care.record_care_visit(visit, by=user_of(request), note=note)
    except RuleViolation as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("拜访已登记，下次拜访已排期"))
    return redirect("regulations:portfolio")


@login_required
@require_POST
def assign_manager(request: HttpRequest, customer_id: int) -> HttpResponse:
    user = user_of(request)
    customer = in_scope_or_404(Customer.objects.visible_to(user), customer_id)
    form = AssignForm(request.POST, user=user)
    try:
        if not form.is_valid():
            raise RuleViolation("manager", _("请选择客户经理"))
        care.assign_customer_manager(customer, by=user, manager=form.cleaned_data["manager"])
    except RuleViolation as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("客户经理已指定"))
    return redirect("regulations:leaders")
