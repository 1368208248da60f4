"""KPI pages (KPI-1…20): the table per unit and period, the per-tier table, the drill-down.

Thin: the filter form gives the selector arguments; a RuleViolation of role or scope is a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.core.htmx import template_for
from gasdesk.quality.kpi.forms import drilldown_args, scope_from_query
from gasdesk.quality.kpi.selectors import kpi_records, kpi_table, kpi_tier_table
from gasdesk.standards.schema import TIER_LABELS


def _refusing(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Role and scope refusals become 403; other rule violations 404 (unknown code …)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDeniedRule as error:
            raise PermissionDenied(error.message) from error
        except RuleViolation as error:
            raise Http404(error.message) from error

    return login_required(wrapper)


@_refusing
def kpi_page(request: HttpRequest) -> HttpResponse:
    """服务指标: every indicator of the pack against its target, and the per-tier table."""
    form, scope = scope_from_query(request.user, request.GET)  # type: ignore[arg-type]
    tiers = [] if scope.tier else kpi_tier_table(scope)
    context = {
        "form": form,
        "scope": scope,
        "figures": kpi_table(scope),
        "tier_rows": tiers,
        "tier_labels": [TIER_LABELS[tier] for tier in scope.pack.tiers.display_order],
        "query": request.GET.urlencode(),
    }
    template = template_for(request, "quality/kpi/table.html", "quality/kpi/_tables.html")
    return render(request, template, context)


@_refusing
def kpi_drilldown(request: HttpRequest, code: str) -> HttpResponse:
    """The records counted in a figure's numerator or denominator (keyset pages)."""
    form, scope = scope_from_query(request.user, request.GET)  # type: ignore[arg-type]
    part, after = drilldown_args(request.GET)
    page = kpi_records(scope, code, part=part, after=after)
    query = request.GET.copy()
    query.pop("after", None)
    context = {"form": form, "scope": scope, "page": page, "part": part, "query": query.urlencode()}
    template = template_for(request, "quality/kpi/drilldown.html", "quality/kpi/_records.html")
    return render(request, template, context)
