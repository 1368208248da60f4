"""Customer-manager pages (MGR-1…5, CUST-5/8): the manager's portfolio (customers and intending
customers) with visits due and care reminders, the leader's board of overdue visits, customers
and prospects still without a manager and the yearly ratings, and the tier strategy table."""

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
from gasdesk.regulations.forms import AssignForm, RatingForm, VisitForm
from gasdesk.regulations.models import CareVisit
from gasdesk.regulations.services import care
from gasdesk.regulations.services.common import LEADER_ROLES
from gasdesk.regulations.views.common import PAGE_ROWS, desk_rules, in_scope_or_404, user_of


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    """MGR-2/4: my customers, my visits due (overdue marked) and today's care reminders."""
    user = user_of(request)
    rules = desk_rules(request).managers
    customers = list(selectors.portfolio(user)[:PAGE_ROWS])
    strategies = {s.tier.value: s for s in rules.strategies}
    context = {
        "customers": [(c, strategies.get(c.tier)) for c in customers],
        "prospects": selectors.manager_prospects(user)[:PAGE_ROWS],
        "visits": selectors.visits_due(user)[:PAGE_ROWS],
        "reminders": reminders_for(user, rules),
        "working_mode": rules.working_mode,
        "today": timezone.localdate(),
        "visit_form": VisitForm(),
    }
    return render(request, "regulations/portfolio.html", context)


@login_required
def tier_strategy(request: HttpRequest) -> HttpResponse:
    """CUST-5/8: each tier's strategy, service representatives, visitors and goal; CUST-9: the
    customer groups served differently (pack)."""
    rules = desk_rules(request).managers
    context = {"strategies": rules.strategies, "segments": rules.segments}
    return render(request, "regulations/tier_strategy.html", context)


@login_required
def leader_board(request: HttpRequest) -> HttpResponse:
    """MGR-1/4: for a leader: overdue visits of the managers below, customers without one."""
    user = user_of(request)
    is_leader = has_role(user, *LEADER_ROLES)
    rules = desk_rules(request).managers
    if not is_leader:
        return render(request, "regulations/leader_board.html", {"is_leader": False})
    year = timezone.localdate().year
    context = {
        "is_leader": is_leader,
        "overdue": selectors.overdue_visits(user, timezone.localdate())[:PAGE_ROWS],
        "unassigned": selectors.customers_without_manager(user, rules)[:PAGE_ROWS],
        "unassigned_prospects": selectors.prospects_without_manager(user, rules)[:PAGE_ROWS],
        "assign_form": AssignForm(user=user),
        "rating_form": RatingForm(user=user, initial={"year": year}),
        "ratings": selectors.year_ratings(user, year),
        "year": year,
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
