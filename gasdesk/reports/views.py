"""Report pages (RPT-1…4): the monthly report (page, XLSX, PDF, generate, improvement actions),
the management dashboard and the hotline wallboard. Thin: parse, call selectors/services, render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.core.htmx import template_for
from gasdesk.org.models import User
from gasdesk.reports import selectors
from gasdesk.reports.exports import monthly_pdf, monthly_xlsx
from gasdesk.reports.schedule import add_months
from gasdesk.reports.services import generate_monthly_report, save_improvement_actions

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def rule_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """PermissionDeniedRule → 403; any other RuleViolation → 400 with its Chinese message."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDeniedRule as error:
            raise PermissionDenied(error.message) from error
        except RuleViolation as error:
            return HttpResponseBadRequest(error.message)

    return login_required(wrapped)


def parse_month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()  # noqa: DTZ007 — a date, not a time
    except ValueError as error:
        raise Http404("月份格式应为 YYYY-MM") from error


def _shown(request: HttpRequest, company_id: int, month: str) -> selectors.ShownReport:
    company = selectors.report_company(_user(request), company_id)
    return selectors.monthly_report(_user(request), company, parse_month(month), now=timezone.now())


def chart_data(months: list[str], trends: list[Any]) -> dict[str, Any]:
    """The trends for ECharts, titles and units in the reader's language."""
    shown = [{**t.__dict__, "title": gettext(t.title), "unit": gettext(t.unit)} for t in trends]
    return {"months": months, "trends": shown}


@rule_errors
def monthly(request: HttpRequest, company_id: int, month: str) -> HttpResponse:
    """企业服务月报 page: the sections as tables and the 12-month trends as ECharts charts."""
    shown = _shown(request, company_id, month)
    day = parse_month(month)
    context = {
        "report": shown.data,
        "snapshot": shown.snapshot,
        "company_id": company_id,
        "previous": f"{add_months(day, -1):%Y-%m}",
        "next": f"{add_months(day, 1):%Y-%m}",
        "chart": chart_data(shown.data.months, shown.data.trends),
    }
    return render(request, "reports/monthly.html", context)


def _download(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@rule_errors
def monthly_xlsx_download(request: HttpRequest, company_id: int, month: str) -> HttpResponse:
    data = _shown(request, company_id, month).data
    return _download(monthly_xlsx(data), XLSX, f"monthly-report-{company_id}-{month}.xlsx")


@rule_errors
def monthly_pdf_download(request: HttpRequest, company_id: int, month: str) -> HttpResponse:
    data = _shown(request, company_id, month).data
    return _download(
        monthly_pdf(data), "application/pdf", f"monthly-report-{company_id}-{month}.pdf"
    )


@require_POST
@rule_errors
def monthly_generate(request: HttpRequest, company_id: int, month: str) -> HttpResponse:
    """The on-demand button (RPT-1): (re)generate the snapshot now."""
    company = selectors.report_company(_user(request), company_id)
    user = _user(request)
    generate_monthly_report(company, parse_month(month), reader=user, by=user, now=timezone.now())
    return redirect("reports:monthly", company_id=company_id, month=month)


@require_POST
@rule_errors
def monthly_actions(request: HttpRequest, company_id: int, month: str) -> HttpResponse:
    """Save the improvement actions (改进措施) on the snapshot."""
    snapshot = _shown(request, company_id, month).snapshot
    if snapshot is None:
        raise RuleViolation("improvement_actions", "请先生成月报")
    text = request.POST.get("improvement_actions", "")
    save_improvement_actions(snapshot, text, by=_user(request), now=timezone.now())
    return redirect("reports:monthly", company_id=company_id, month=month)


def _company_id(request: HttpRequest) -> int:
    raw = request.GET.get("company", "")
    if raw.isdigit():
        return int(raw)
    unit = _user(request).org_unit
    if unit is None or unit.company_id is None:
        raise RuleViolation("company", "请选择公司")
    return unit.company_id


@rule_errors
def dashboard(request: HttpRequest) -> HttpResponse:
    """管理驾驶舱: the monthly report's figures live for the current month."""
    company = selectors.report_company(_user(request), _company_id(request))
    data = selectors.dashboard(_user(request), company, now=timezone.now())
    chart = chart_data(data.months, data.trends)
    context = {"report": data, "company": company, "chart": chart}
    return render(request, "reports/dashboard.html", context)


@rule_errors
def wallboard(request: HttpRequest) -> HttpResponse:
    """热线大屏: today's hotline figures; htmx reloads the partial every 30 s."""
    company = selectors.report_company(_user(request), _company_id(request))
    board = selectors.wallboard(_user(request), company, now=timezone.now())
    template = template_for(request, "reports/wallboard.html", "reports/_wallboard.html")
    return render(request, template, {"board": board, "now": timezone.now()})
