"""Writes to the org tree and users; the path is derived here and nowhere else."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from gasdesk.org.models import SEGMENT_WIDTH, OrgUnit, OrgUnitKind, User
from gasdesk.org.roles import ROLE_PERMISSIONS, Role


@transaction.atomic
def create_org_unit(
    *, name: str, code: str, kind: str, parent: OrgUnit | None = None, **extra: object
) -> OrgUnit:
    """Create a unit and set its materialised path and company ancestor."""
    unit = OrgUnit.objects.create(
        name=name, code=code, kind=kind, parent=parent, path=f"tmp-{code}", **extra
    )
    prefix = parent.path if parent else ""
    unit.path = f"{prefix}{unit.pk:0{SEGMENT_WIDTH}d}"
    unit.depth = parent.depth + 1 if parent else 0
    if kind == OrgUnitKind.COMPANY:
        unit.company = unit
    elif parent is not None:
        unit.company_id = parent.company_id
    unit.save(update_fields=["path", "depth", "company"])
    return unit


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create the role groups and (re)grant their permissions; idempotent."""
    groups: dict[str, Group] = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted: list[Permission] = []
        for dotted in ROLE_PERMISSIONS.get(role, []):
            app_label, codename = dotted.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
        groups[role.value] = group
    return groups


def create_user(
    *, username: str, password: str, org_unit: OrgUnit | None, roles: list[str], **extra: Any
) -> User:
    """Create a staff user in a unit with the given roles."""
    with transaction.atomic():
        user = User.objects.create_user(
            username=username, password=password, org_unit=org_unit, **extra
        )
        groups = {g.name: g for g in Group.objects.filter(name__in=roles)}
        if len(groups) < len(set(roles)):
            groups = ensure_roles()
        user.groups.set([groups[r] for r in roles])
    return user
