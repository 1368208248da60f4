"""Turn a refused rule that escaped a page view into a readable page instead of a server error.

Views map rule errors on their own forms to field errors; this catches the rest (e.g. a company
whose pack lacks an area's section, or a role without scope) so the user reads why, in Chinese.
The API does not reach here: DRF's exception handler answers first.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation


class RuleViolationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RuleViolation):
            return None
        status = 400
        if isinstance(exception, PermissionDeniedRule):
            status = 403
        elif isinstance(exception, ConcurrentChange):
            status = 409
        context = {"message": exception.message, "field": exception.field}
        return render(request, "core/rule_error.html", context, status=status)
