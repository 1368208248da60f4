"""Customer pages: the agent's intake search, the customer 360, new customer, export (CUST-10)."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gasdesk.core.errors import RuleViolation
from gasdesk.core.forms import add_rule_error
from gasdesk.core.htmx import template_for
from gasdesk.customers import selectors, services
from gasdesk.customers.choices import FLAG_LABELS
from gasdesk.customers.exporting import XLSX_CONTENT_TYPE, export_customers_xlsx
from gasdesk.customers.filters import CustomerFilter
from gasdesk.customers.forms import CustomerForm, OverrideTierForm
from gasdesk.customers.masking import mask_id_number, mask_phone
from gasdesk.customers.models import Customer
from gasdesk.customers.permissions import (
    can_edit,
    can_override_tier,
    can_view,
    sees_full_contact,
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("无权访问客户档案")


def _filtered(request: HttpRequest) -> CustomerFilter:
    return CustomerFilter(request.GET, queryset=Customer.objects.visible_to(request.user))


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The intake screen: type a phone, tail, account, name or address; htmx swaps the rows."""
    _require(can_view(request.user))  # type: ignore[arg-type]
    query = request.GET.get("q", "")
    filterset = _filtered(request)
    rows = selectors.search_customers(request.user, query, base=filterset.qs)  # type: ignore[arg-type]
    context = {
        "query": query,
        "rows": rows,
        "filter": filterset,
        "can_edit": can_edit(request.user),  # type: ignore[arg-type]
    }
    template = template_for(request, "customers/search.html", "customers/_results.html")
    return render(request, template, context)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Customer 360: profile, tier and its history, contacts, meters; orders load by htmx."""
    _require(can_view(request.user))  # type: ignore[arg-type]
    customer = get_object_or_404(selectors.customer_detail(request.user), pk=pk)  # type: ignore[arg-type]
    return _render_detail(request, customer, OverrideTierForm(initial={"tier": customer.tier}))


@login_required
@require_POST
def override_tier(request: HttpRequest, pk: int) -> HttpResponse:
    """CUST-4: manual tier with a reason; errors are shown on the form of the 360 page."""
    _require(can_view(request.user))  # type: ignore[arg-type]
    customer = get_object_or_404(selectors.customer_detail(request.user), pk=pk)  # type: ignore[arg-type]
    form = OverrideTierForm(request.POST)
    if form.is_valid():
        try:
            services.override_tier(customer, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            return redirect("customers:detail", pk=customer.pk)
        except RuleViolation as error:
            add_rule_error(form, error)
    return _render_detail(request, customer, form, status=400)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """新建客户 through services.create_customer; rule errors land on their fields."""
    _require(can_edit(request.user))  # type: ignore[arg-type]
    form = CustomerForm(request.POST or None, user=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            customer = services.create_customer(
                by=request.user,  # type: ignore[arg-type]
                org_unit=form.cleaned_data["org_unit"],
                data=form.to_service_data(),
            )
            return redirect("customers:detail", pk=customer.pk)
        except RuleViolation as error:
            add_rule_error(form, error)
    return render(request, "customers/create.html", {"form": form})


@login_required
def export(request: HttpRequest) -> FileResponse:
    """The filtered list (same filters as the search page and API) as XLSX, masked."""
    _require(can_view(request.user))  # type: ignore[arg-type]
    return xlsx_download(_filtered(request).qs)


def xlsx_download(queryset: QuerySet[Customer], filename: str = "customers.xlsx") -> FileResponse:
    """Spool the workbook to a temporary file so a large export does not sit in memory."""
    stream = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    export_customers_xlsx(queryset, stream)
    stream.seek(0)
    return FileResponse(
        stream, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


def _render_detail(
    request: HttpRequest, customer: Customer, form: OverrideTierForm, status: int = 200
) -> HttpResponse:
    full = sees_full_contact(request.user)  # type: ignore[arg-type]
    numbers = [phone.number for phone in customer.phones.all()]
    context: dict[str, Any] = {
        "customer": customer,
        "phones": numbers if full else [mask_phone(n) for n in numbers],
        "id_number": customer.id_number if full else mask_id_number(customer.id_number),
        "flags": [FLAG_LABELS[flag] for flag in customer.flags()],
        "history": selectors.tier_history(customer)[:50],
        "can_override": can_override_tier(request.user),  # type: ignore[arg-type]
        "override_form": form,
    }
    return render(request, "customers/detail.html", context, status=status)
