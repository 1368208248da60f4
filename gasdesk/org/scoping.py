"""The one org-scope rule, used by every selector, view, API and export (ORG-1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Q

from gasdesk.core.errors import PermissionDeniedRule
from gasdesk.org.models import OrgUnit
from gasdesk.org.roles import COMPANY_WIDE_ROLES, role_names

if TYPE_CHECKING:
    from gasdesk.org.models import User

M = TypeVar("M", bound=models.Model)


def scope_root(user: User) -> OrgUnit | None:
    """The unit whose subtree the user may see; None means everything (superuser)."""
    if user.is_superuser:
        return None
    unit = user.org_unit
    if unit is None:
        raise PermissionDeniedRule("用户未分配所属单位")
    if role_names(user) & COMPANY_WIDE_ROLES and unit.company_id:
        return unit.company
    return unit


def in_scope(user: User, unit: OrgUnit) -> bool:
    root = scope_root(user)
    return root is None or unit.path.startswith(root.path)


def require_in_scope(user: User, unit: OrgUnit) -> None:
    if not in_scope(user, unit):
        raise PermissionDeniedRule("该记录不在您的组织范围内")


class OrgScopedQuerySet(models.QuerySet[M]):
    """QuerySet of a model with an `org_unit` FK; `visible_to` is the NetBox `restrict()`."""

    org_field = "org_unit"

    def scope_q(self, user: Any) -> Q | None:
        """The scope condition; None means no restriction (superuser)."""
        root = scope_root(user)
        if root is None:
            return None
        return Q(**{f"{self.org_field}__in": OrgUnit.objects.subtree(root).values("id")})

    def visible_to(self, user: Any) -> OrgScopedQuerySet[M]:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = self.scope_q(user)
        return self if condition is None else self.filter(condition)
