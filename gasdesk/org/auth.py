"""Who is asking, in one query: the user with unit, company and role codes (bench finding C1).

Every request checks role and org scope (ORG-1). With Django's own backend that is three round
trips before any work: the user, then the unit with its company (scope), then the groups
(roles). Here the session backend and the API token both read the user joined to unit and
company, with the role codes as a JSON array from a correlated subquery, compiled once per
process (core.prepared). Nothing is kept between requests, so a role taken away counts from
the user's next request.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Aggregate, OuterRef, QuerySet, Subquery, TextField
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from gasdesk.core.prepared import Prepared
from gasdesk.org.models import User
from gasdesk.org.roles import remember_roles


class _JsonNames(Aggregate):
    """A JSON array of the values as text: json_agg on PostgreSQL, json_group_array on SQLite."""

    function = "JSON_AGG"
    template = "CAST(%(function)s(%(expressions)s) AS TEXT)"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="JSON_GROUP_ARRAY",
            template="%(function)s(%(expressions)s)",
        )


def request_users() -> QuerySet[User]:
    """Users as a request needs them: unit and company joined, role codes annotated."""
    codes = (
        Group.objects.filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(codes=_JsonNames("name"))
        .values("codes")
    )
    return User.objects.select_related("org_unit__company").annotate(role_codes=Subquery(codes))


_BY_ID: Prepared[User] = Prepared(lambda pk: request_users().filter(pk=pk), int)
_BY_TOKEN: Prepared[User] = Prepared(
    lambda key: request_users().select_related("auth_token").filter(auth_token__key=key), str
)


def _ready(user: User) -> User:
    remember_roles(user, json.loads(user.role_codes or "[]"))  # type: ignore[attr-defined]
    return user


class RequestUserBackend(ModelBackend):
    """Django's model backend, but the session's user comes with unit, company and roles."""

    def get_user(self, user_id: Any) -> User | None:
        user = _BY_ID.first(int(user_id))
        return _ready(user) if user is not None and self.user_can_authenticate(user) else None


class RequestTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, reading the token's user as the session backend does."""

    def authenticate_credentials(self, key: str) -> tuple[User, Any]:
        user = _BY_TOKEN.first(key)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))  # DRF's own messages
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return _ready(user), user.auth_token  # type: ignore[attr-defined]
