"""One-time notification pages (NOTIFY-2…7): notice form, printable notice (two copies),
documents received, the phone-consultation record book and the repeat-visit flag."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gasdesk.core.errors import RuleViolation
from gasdesk.core.forms import add_rule_error
from gasdesk.core.htmx import template_for
from gasdesk.customers.selectors import customer_detail
from gasdesk.regulations import selectors
from gasdesk.regulations.forms import ConsultationForm, NoticeForm
from gasdesk.regulations.services import notification as svc
from gasdesk.regulations.views.common import (
    PAGE_ROWS,
    desk_rules,
    desk_unit,
    in_scope_or_404,
    user_of,
)
from gasdesk.workorders.models import WorkOrder
from gasdesk.workorders.selectors import visible_orders


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    """Notices of the user's units and the customers flagged for repeat trips (NOTIFY-7)."""
    user = user_of(request)
    rules = desk_rules(request)
    context = {
        "notices": selectors.notice_list(user)[:PAGE_ROWS],
        "repeats": selectors.repeat_matters(user, rules.notification)[:PAGE_ROWS],
        "matters": {m.code: m.name for m in rules.notification.matters},
    }
    return render(request, "regulations/notices.html", context)


def _order(request: HttpRequest, number: str) -> WorkOrder | None:
    if not number.strip():
        return None
    order = visible_orders(user_of(request)).filter(number=number.strip()).first()
    if order is None:
        raise RuleViolation("work_order_number", _("工单不存在或不在您的组织范围内"))
    return order


def _issue(request: HttpRequest, form: NoticeForm) -> int:
    data = form.cleaned_data
    notice = svc.issue_notice(
        svc.NoticeInput(
            org_unit=desk_unit(request),
            matter_code=data["matter_code"],
            provided=tuple(data["provided"]),
            customer_name=data["customer_name"],
            customer_phone=data["customer_phone"],
            work_order=_order(request, data["work_order_number"]),
            rectification_items=data["rectification_items"],
            other_reasons=data["other_reasons"],
        ),
        by=user_of(request),
    )
    return notice.pk


@login_required
def notice_new(request: HttpRequest) -> HttpResponse:
    """The notice form; changing the matter re-renders the document checkboxes (htmx)."""
    rules = desk_rules(request)
    posted = request.method == "POST"
    form = NoticeForm(request.POST or None, initial=request.GET.dict(), rules=rules)
    if posted and form.is_valid():
        try:
            pk = _issue(request, form)
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("一次性告知单已出具"))
            return redirect("regulations:notice_print", pk=pk)
    template = template_for(
        request, "regulations/notice_form.html", "regulations/_notice_form.html"
    )
    return render(request, template, {"form": form})


@login_required
def notice_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable 一次性告知单: one page per copy (customer copy, department archive)."""
    notice = in_scope_or_404(selectors.notice_list(user_of(request)), pk)
    copies = desk_rules(request).notification.copies
    return render(request, "regulations/notice_print.html", {"n": notice, "copies": copies})


@login_required
@require_POST
def notice_receive(request: HttpRequest, pk: int) -> HttpResponse:
    notice = in_scope_or_404(selectors.notice_list(user_of(request)), pk)
    try:
        svc.receive_documents(notice, by=user_of(request))
    except RuleViolation as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("资料已补齐，关联工单已恢复办理"))
    return redirect("regulations:notices")


@login_required
def consultation_log(request: HttpRequest) -> HttpResponse:
    """NOTIFY-5: the phone-consultation record book with its entry form."""
    rules = desk_rules(request)
    form = ConsultationForm(request.POST or None, rules=rules)
    if request.method == "POST" and form.is_valid():
        data = svc.ConsultationInput(org_unit=desk_unit(request), **form.cleaned_data)
        try:
            svc.record_consultation(data, by=user_of(request))
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            messages.success(request, _("咨询已记录"))
            return redirect("regulations:consultations")
    rows = selectors.consultation_log(user_of(request))[:PAGE_ROWS]
    return render(request, "regulations/consultations.html", {"form": form, "rows": rows})


@login_required
def customer_flags(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The repeat-trip flag for the customer page (hx-get), NOTIFY-7."""
    customer = in_scope_or_404(
        customer_detail(user_of(request)).prefetch_related(None), customer_id
    )
    rules = desk_rules(request)
    repeats = selectors.customer_repeat_matters(customer.pk, rules.notification)
    names = {m.code: m.name for m in rules.notification.matters}
    flagged = [(names.get(code, code), visits) for code, visits in repeats.items()]
    return render(request, "regulations/_customer_flags.html", {"flagged": flagged})
