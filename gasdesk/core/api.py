"""API plumbing shared by every app: RuleViolation → 400 with the field, keyset pagination."""

from typing import Any

from rest_framework import status
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RuleViolation):
        code: int = status.HTTP_400_BAD_REQUEST
        if isinstance(exc, ConcurrentChange):
            code = status.HTTP_409_CONFLICT
        elif isinstance(exc, PermissionDeniedRule):
            code = status.HTTP_403_FORBIDDEN
        return Response({exc.field: [exc.message]}, status=code)
    return drf_exception_handler(exc, context)


class KeysetPagination(CursorPagination):
    """Cursor pages: no COUNT(*) over a table of millions, stable under inserts."""

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200
