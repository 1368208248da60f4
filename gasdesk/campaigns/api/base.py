"""Shared bits of the campaign viewsets: validated input and the acting user."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework.request import Request

from gasdesk.org.models import OrgUnit, User
from gasdesk.org.scoping import in_scope


def valid(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def user_of(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def unit_in_scope(request: Request, unit: OrgUnit) -> OrgUnit:
    """An org unit named in input must be one the user sees (else 404, as for records)."""
    if not in_scope(user_of(request), unit):
        raise Http404
    return unit
