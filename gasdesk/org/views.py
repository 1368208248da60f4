"""The role-aware landing page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from gasdesk.org.roles import Role, role_names


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Dispatchers and technicians start at the queue; everyone else at customer search."""
    roles = role_names(request.user)  # type: ignore[arg-type]
    if roles & {Role.DISPATCHER, Role.TECHNICIAN} and not roles & {Role.HOTLINE_AGENT}:
        return redirect("workorders:queue")
    return redirect("customers:search")
