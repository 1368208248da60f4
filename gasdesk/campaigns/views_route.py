"""The technician's inspection round on a phone (INSP-3, INSP-4, INSP-6): today's visits in
route order, one tap per outcome (the campaigns services judge it), and the printable
stairwell notice per route. Thin: selectors read, `record_visit_outcome` writes."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gasdesk.campaigns import selectors
from gasdesk.campaigns.forms import VisitOutcomeForm
from gasdesk.campaigns.models import InspectionVisit, VisitOutcome
from gasdesk.campaigns.services import inspections
from gasdesk.core.errors import RuleViolation
from gasdesk.core.htmx import is_htmx
from gasdesk.org.models import User

OUTCOMES = [c for c in VisitOutcome.choices if c[0] != VisitOutcome.PENDING]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _day(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def my_route(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    visits = list(selectors.route_day(_user(request), day))
    context = {
        "day": day,
        "visits": visits,
        "routes": sorted({v.route for v in visits}),
        "outcomes": OUTCOMES,
    }
    return render(request, "campaigns/my_route.html", context)


def _record(request: HttpRequest, visit: InspectionVisit) -> str:
    """Apply the tapped outcome; the answer is the message shown on the card."""
    form = VisitOutcomeForm(request.POST)
    if not form.is_valid():
        return _("请选择安检结果")
    try:
        inspections.record_visit_outcome(visit, by=_user(request), **form.cleaned_data)
    except RuleViolation as error:
        return error.message
    return ""


@login_required
@require_POST
def route_tap(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap = one outcome; a retried tap finds the visit done and says so (ConcurrentChange)."""
    visit = selectors.route_visit(_user(request), pk)
    if visit is None:
        raise Http404(_("记录不存在或不在您的组织范围内"))
    error = _record(request, visit)
    visit = selectors.route_visit(_user(request), pk) or visit
    if is_htmx(request):
        context = {"visit": visit, "error": error, "outcomes": OUTCOMES}
        return render(request, "campaigns/_route_visit.html", context)
    if error:
        messages.error(request, error)
    url = reverse("campaigns:my_route")
    return redirect(f"{url}?day={visit.planned_on.isoformat()}")


@login_required
def route_notice(request: HttpRequest, route: int) -> HttpResponse:
    """入户安检通知 for the stairwells and the property office of one route (INSP-3)."""
    notice = selectors.route_notice(_user(request), _day(request), route)
    if notice is None:
        raise Http404(_("该路线当天没有安检户"))
    return render(request, "campaigns/route_notice.html", {"notice": notice})
