"""The one org-scope rule, used by every selector, view, API and export (ORG-1).

The scope is filtered as `org_unit_id IN (1, 5, 7, …)`: literal ids read once per user object
(that is, once per request) with one range query on the small org tree (bench finding S3).
A subquery `IN (SELECT id FROM org_orgunit WHERE path …)` made PostgreSQL estimate the
subtree at 1 row whenever the 30-row tree had no fresh statistics, and nest a 5-million-row
join inside it; literal ids let the planner use the big table's own statistics per unit.
The cached ids are dropped when any org unit is saved or deleted in this process.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from gasdesk.core.errors import PermissionDeniedRule
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import COMPANY_WIDE_ROLES, role_names

M = TypeVar("M", bound=models.Model)

_tree_version = [0]  # bumped on every org-unit write: invalidates the ids cached on users


def _tree_changed(**kwargs: Any) -> None:
    _tree_version[0] += 1


post_save.connect(_tree_changed, sender=OrgUnit, dispatch_uid="org_scope_tree_saved")
post_delete.connect(_tree_changed, sender=OrgUnit, dispatch_uid="org_scope_tree_deleted")


def _unit_with_company(user: User) -> OrgUnit | None:
    """The user's unit with its company in one query (cached on the user like any FK)."""
    field = User._meta.get_field("org_unit")
    if user.org_unit_id is not None and not field.is_cached(user):  # type: ignore[attr-defined]
        user.org_unit = OrgUnit.objects.select_related("company").get(pk=user.org_unit_id)
    return user.org_unit


def scope_root(user: User) -> OrgUnit | None:
    """The unit whose subtree the user may see; None means everything (superuser)."""
    if user.is_superuser:
        return None
    unit = _unit_with_company(user)
    if unit is None:
        raise PermissionDeniedRule("用户未分配所属单位")
    if role_names(user) & COMPANY_WIDE_ROLES and unit.company_id:
        return unit.company
    return unit


def scope_unit_ids(user: User) -> list[int] | None:
    """Ids of the units in the user's scope (None: everything), cached on the user object.

    One small query per request at most; see the module docstring for why literals.
    """
    root = scope_root(user)
    if root is None:
        return None
    key = (root.pk, root.path, _tree_version[0])
    cached: tuple[Any, list[int]] | None = getattr(user, "_gasdesk_scope_ids", None)
    if cached is None or cached[0] != key:
        ids = list(OrgUnit.objects.subtree(root).order_by().values_list("id", flat=True))
        cached = (key, ids)
        user._gasdesk_scope_ids = cached  # type: ignore[attr-defined]
    return cached[1]


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
        ids = scope_unit_ids(user)
        if ids is None:
            return None
        return Q(**{f"{self.org_field}__in": ids})

    def visible_to(self, user: Any) -> OrgScopedQuerySet[M]:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = self.scope_q(user)
        return self if condition is None else self.filter(condition)
