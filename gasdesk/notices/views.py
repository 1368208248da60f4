"""Notice pages: the message log and failed list for staff (SMS-1), and the customer
self-service inbox, opened with the account number and the tail of a phone on file.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gasdesk.core.errors import RuleViolation
from gasdesk.core.htmx import template_for
from gasdesk.notices import selectors, services
from gasdesk.notices.forms import SelfServiceForm
from gasdesk.notices.masking import mask_recipient
from gasdesk.notices.models import Message
from gasdesk.org.models import User

PAGE = 100
SESSION_KEY = "self_service_customer"
LOOKUP_LIMIT = 10  # failed look-ups per client address per window (guessing protection)
LOOKUP_WINDOW_SECONDS = 900


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _rows(queryset: Any, request: HttpRequest) -> dict[str, Any]:
    """One page below `?before=<id>` (keyset, no count) with masked recipients."""
    before = request.GET.get("before", "")
    qs = queryset.filter(pk__lt=int(before)) if before.isdigit() else queryset
    rows = list(qs[: PAGE + 1])
    for row in rows:
        row.masked_recipient = mask_recipient(row.channel, row.recipient)
    more = rows[PAGE - 1].pk if len(rows) > PAGE else None
    return {"rows": rows[:PAGE], "next_before": more}


@login_required
def message_log(request: HttpRequest) -> HttpResponse:
    context = _rows(selectors.visible_messages(_user(request)), request)
    context["title"] = _("通知记录")
    template = template_for(request, "notices/messages.html", "notices/_message_rows.html")
    return render(request, template, context)


@login_required
def failed(request: HttpRequest) -> HttpResponse:
    context = _rows(selectors.failed_messages(_user(request)), request)
    context["title"], context["failed"] = _("发送失败的通知"), True
    template = template_for(request, "notices/messages.html", "notices/_message_rows.html")
    return render(request, template, context)


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.visible_messages(_user(request)).filter(pk=pk).first()
    if message is None:
        raise Http404
    try:
        services.retry_message(Message.objects.get(pk=message.pk), by=_user(request))
    except RuleViolation as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已重新排队发送"))
    return redirect("notices:failed")


def _client_key(request: HttpRequest) -> str:
    return f"selfservice:{request.META.get('REMOTE_ADDR', '')}"


def self_service(request: HttpRequest) -> HttpResponse:
    """Customer look-up by account number + phone tail; then the inbox of that customer."""
    form = SelfServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if cache.get(_client_key(request), 0) >= LOOKUP_LIMIT:
            form.add_error(None, _("尝试次数过多，请稍后再试"))
        else:
            customer = selectors.self_service_customer(**form.cleaned_data)
            if customer is not None:
                request.session[SESSION_KEY] = customer.pk
                return redirect("notices:inbox")
            cache.set(
                _client_key(request), cache.get(_client_key(request), 0) + 1, LOOKUP_WINDOW_SECONDS
            )
            form.add_error(None, _("户号或电话号码不正确"))
    return render(request, "notices/self_service.html", {"form": form})


def inbox(request: HttpRequest) -> HttpResponse:
    customer_id = request.session.get(SESSION_KEY)
    if not customer_id:
        return redirect("notices:self_service")
    context = {"messages_list": selectors.customer_inbox(int(customer_id))}
    return render(request, "notices/inbox.html", context)


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("notices:self_service")
