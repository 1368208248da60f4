"""Reads of the org tree shared by forms and APIs: what a user may pick."""

from __future__ import annotations

from django.db.models import QuerySet

from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import Role
from gasdesk.org.scoping import scope_root


def units_in_scope(user: User) -> QuerySet[OrgUnit]:
    """Units the user may pick: their scope subtree (everything for a superuser), tree order."""
    root = scope_root(user)
    units = OrgUnit.objects.all() if root is None else OrgUnit.objects.subtree(root)
    return units.order_by("path")


def technicians_in_scope(user: User) -> QuerySet[User]:
    """Active technicians inside the user's scope: the only people a dispatcher may assign."""
    return (
        User.objects.filter(
            is_active=True, groups__name=Role.TECHNICIAN, org_unit__in=units_in_scope(user)
        )
        .select_related("org_unit")
        .order_by("org_unit__path", "display_name", "username")
    )
