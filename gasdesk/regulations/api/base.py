"""Shared plumbing of the regulations viewsets: the caller and validated input."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request

from gasdesk.org.models import User


def caller(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def valid(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
