"""Home page (role-aware landing) and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from gasdesk.org.roles import Role, has_role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its first screen: agents to intake, dispatchers to the queue."""
    user = request.user
    if has_role(user, Role.DISPATCHER, Role.TECHNICIAN) and not user.is_superuser:  # type: ignore[arg-type]
        return redirect("workorders:queue")
    return redirect("customers:search")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})
