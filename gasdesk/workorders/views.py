"""Work-order pages (WO-1…6): intake with a deadline preview, the dispatcher queue, the order
detail with its allowed actions, and a customer's recent orders.

Views stay thin: they read through selectors, write through intake/services, and map a
RuleViolation to the form field it names. Out-of-scope records answer 404.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gasdesk.core.errors import RuleViolation
from gasdesk.core.forms import add_rule_error
from gasdesk.core.htmx import template_for
from gasdesk.core.links import pk_url
from gasdesk.customers.models import Customer
from gasdesk.customers.selectors import customer_detail
from gasdesk.org.models import User
from gasdesk.workorders import selectors, services
from gasdesk.workorders.api.serializers import status_label
from gasdesk.workorders.filters import WorkOrderFilter
from gasdesk.workorders.forms import (
    TransitionForm,
    WorkOrderForm,
    business_type_choices,
    queue_choices,
)
from gasdesk.workorders.intake import create_work_order, plan_work_order
from gasdesk.workorders.models import WorkOrder
from gasdesk.workorders.selectors import QueueLine
from gasdesk.workorders.services import available_actions
from gasdesk.workorders.templatetags.workorders_ui import (
    Wording,
    due_time,
    queue_row_html,
    row_urgency,
    tier_label,
    time_left_text,
)
from gasdesk.workorders.transitions import TRANSITIONS

QUEUE_PAGE = 50  # rows shown first; "more" doubles it up to selectors.QUEUE_LIMIT
QUEUE_FILTERS = ("number", "status", "business_type", "org_unit", "overdue")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _order_or_404(request: HttpRequest, pk: int) -> WorkOrder:
    try:
        return selectors.order_detail(_user(request), pk)
    except WorkOrder.DoesNotExist:
        raise Http404(_("工单不存在或不在您的组织范围内")) from None


def _customer_or_404(request: HttpRequest, customer_id: int) -> Customer:
    """A customer in the user's scope (the 360 prefetches are not needed here)."""
    customer = customer_detail(_user(request)).prefetch_related(None).filter(pk=customer_id).first()
    if customer is None:
        raise Http404(_("客户不存在或不在您的组织范围内"))
    return customer


def _intake_customer(request: HttpRequest) -> Customer | None:
    """The caller's customer from `?customer=`; None for a caller not (yet) in the archive."""
    raw = request.GET.get("customer", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return _customer_or_404(request, int(raw))


def _intake_form(request: HttpRequest, data: QueryDict | None) -> WorkOrderForm:
    """The intake form, its business types from the pack of the customer's (or user's) unit."""
    user = _user(request)
    customer = _intake_customer(request)
    unit = customer.org_unit if customer else user.org_unit
    choices = business_type_choices(unit, timezone.now())
    return WorkOrderForm(data, user=user, customer=customer, business_types=choices)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """受理: register an order; the first responder is the logged-in agent (WO-5)."""
    form = _intake_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            order = create_work_order(form.to_input(), by=_user(request))
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("工单 %(number)s 已创建") % {"number": order.number})
            return redirect("workorders:detail", pk=order.pk)
    return render(request, "workorders/create.html", {"form": form, "customer": form.customer})


@login_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """The deadlines the order WILL get, computed by the same plan_work_order as creation."""
    form = _intake_form(request, request.POST)
    context: dict[str, Any] = {"form": form, "deadlines": [], "error": ""}
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        context["error"] = _("请选择业务类型") if field == "business_type" else errors[0]
    else:
        try:
            context["plan"] = plan_work_order(form.to_input(preview=True), by=_user(request))
            context["deadlines"] = context["plan"].deadlines
        except RuleViolation as error:
            context["error"] = error.message
    return render(request, "workorders/_deadlines.html", context)


def _queue_limit(query: QueryDict) -> int:
    raw = query.get("limit", "")
    limit = int(raw) if raw.isdigit() else QUEUE_PAGE
    return max(1, min(limit, selectors.QUEUE_LIMIT))


def _more_url(query: QueryDict, limit: int) -> str:
    params = {k: v for k, v in query.lists() if k != "limit"}
    params["limit"] = [str(min(limit * 2, selectors.QUEUE_LIMIT))]
    return "?" + urlencode(params, doseq=True)


def queue_rows(lines: list[QueueLine], now: datetime) -> list[SafeString]:
    """The queue's rows as HTML; each label is translated once per page (bench Q1, Q7)."""
    detail_url = pk_url("workorders:detail")
    words, paused = Wording.current(), _("挂起中，暂停计时")
    status_text, tier_text = cache(status_label), cache(tier_label)
    rows = []
    for line in lines:
        row_class = row_urgency(line.status, line.next_due_at, now)
        left = paused if row_class == "paused" else time_left_text(line.next_due_at, now, words)
        rows.append(
            queue_row_html(
                number=line.number,
                row_class=row_class,
                url=detail_url(line.id),
                business_type=line.business_type_name,
                party=line.customer_name or line.caller_name or "—",
                tier=line.tier,
                tier_label=tier_text(line.tier),
                unit=line.org_unit_name,
                assignee=line.assignee or "—",
                status=status_text(line.status),
                due=due_time(line.next_due_at) or "—",
                left=left,
            )
        )
    return rows


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The dispatcher queue, nearest deadline first; reads one page more than it shows to know
    whether there is more, never a count over the table."""
    user, now, limit = _user(request), timezone.now(), _queue_limit(request.GET)
    filterset = WorkOrderFilter(request.GET, queryset=selectors.dispatcher_queue(user))
    lines = selectors.fetch_lines(filterset.qs, limit + 1)
    has_more = len(lines) > limit and limit < selectors.QUEUE_LIMIT
    context = {
        "filterset": filterset,
        "orders": lines[:limit],
        "rows": queue_rows(lines[:limit], now),
        "limit": limit,
        "more_url": _more_url(request.GET, limit) if has_more else "",
        "choices": queue_choices(user, now),
        # the filters as typed, each key present: a missing request.GET key costs the
        # template engine three exceptions and a dir() per lookup (29 a page, bench Q7)
        "selected": {name: request.GET.get(name, "") for name in QUEUE_FILTERS},
        "now": now,
    }
    template = template_for(request, "workorders/queue.html", "workorders/_queue_rows.html")
    return render(request, template, context)


def _detail_context(
    request: HttpRequest, order: WorkOrder, failed: TransitionForm | None = None
) -> dict[str, Any]:
    """Detail page data: one form per action the user may take (the failed one keeps its input)."""
    user = _user(request)
    forms = [
        failed
        if failed is not None and failed.transition.action == t.action
        else TransitionForm(transition=t, user=user)
        for t in available_actions(order, user)
    ]
    return {
        "order": order,
        "timeline": selectors.order_timeline(order),
        "action_forms": forms,
        "failed": failed,
        "now": timezone.now(),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order_or_404(request, pk)
    return render(request, "workorders/detail.html", _detail_context(request, order))


@login_required
@require_POST
def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Apply one state-machine action through services.apply_transition; errors in Chinese."""
    order = _order_or_404(request, pk)
    if action not in TRANSITIONS or not TRANSITIONS[action].generic:
        raise Http404
    form = TransitionForm(request.POST, transition=TRANSITIONS[action], user=_user(request))
    if form.is_valid():
        try:
            services.apply_transition(order, action, by=_user(request), **form.cleaned_data)
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("已%(label)s") % {"label": TRANSITIONS[action].label})
            return redirect("workorders:detail", pk=order.pk)
    context = _detail_context(request, order, failed=form)
    return render(request, "workorders/detail.html", context, status=400)


@login_required
def customer_orders(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The customer's recent orders, for the customer 360 page's hx-get."""
    customer = _customer_or_404(request, customer_id)
    orders = selectors.customer_orders(_user(request), customer.pk)
    context = {"orders": orders, "customer": customer, "now": timezone.now()}
    return render(request, "workorders/_customer_orders.html", context)
