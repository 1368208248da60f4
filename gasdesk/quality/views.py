"""Hotline pages (KPI-6…8, AGENT-1…6): the figures page and the call-record import page.

Thin: they resolve the company and the pack's hotline rules, call selectors/services, render.
A RuleViolation (role, scope, bad input) becomes a form error or a 403 page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.core.forms import add_rule_error
from gasdesk.core.htmx import template_for
from gasdesk.org.models import User
from gasdesk.quality import selectors
from gasdesk.quality.models import CallFormat
from gasdesk.quality.selectors import hotline_summary, parse_month
from gasdesk.quality.services import CallFile, import_call_records

IMPORT_LIST_LIMIT = 20


class CallImportForm(forms.Form):
    file = forms.FileField(label=_("话务记录文件"))
    file_format = forms.ChoiceField(label=_("格式"), choices=CallFormat.choices)
    source = forms.CharField(label=_("来源系统"), max_length=60, initial="pbx")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def hotline(request: HttpRequest) -> HttpResponse:
    """热线指标: KPI-6/7/8 per day and per month, and the agent table with 001's scores."""
    month = parse_month(request.GET.get("month", ""), timezone.localdate())
    company = request.GET.get("company", "")
    try:
        company_id = int(company) if company.isdigit() else None
        context = hotline_summary(_user(request), month, company_id, now=timezone.now())
    except PermissionDeniedRule as error:
        raise PermissionDenied(error.message) from error
    except RuleViolation as error:
        return HttpResponseBadRequest(error.message)
    template = template_for(request, "quality/hotline.html", "quality/_hotline_tables.html")
    return render(request, template, context)


@login_required
def call_imports(request: HttpRequest) -> HttpResponse:
    """话务记录导入: upload a queue_log or CSV file and see the import report."""
    user = _user(request)
    try:
        imports = selectors.visible_imports(user)[:IMPORT_LIST_LIMIT]
    except PermissionDeniedRule as error:
        raise PermissionDenied(error.message) from error
    form = CallImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = _import(user, form)
        except RuleViolation as error:
            add_rule_error(form, error)
        else:
            return redirect(f"{request.path}?shown={result.pk}")
    shown = request.GET.get("shown", "")
    latest = next((i for i in imports if str(i.pk) == shown), None)
    return render(
        request, "quality/imports.html", {"form": form, "imports": imports, "shown": latest}
    )


def _import(user: User, form: CallImportForm) -> Any:
    upload = form.cleaned_data["file"]
    company = selectors.company_for(user, roles=selectors.IMPORT_ROLES)
    call_file = CallFile(
        upload, upload.name, form.cleaned_data["file_format"], form.cleaned_data["source"]
    )
    return import_call_records(company, call_file, by=user, now=timezone.now())
