"""Writes to the org tree and users; the path is derived here and nowhere else."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.org.bodies import BodyKind
from gasdesk.org.models import (
    SEGMENT_WIDTH,
    BodyMembership,
    OrgUnit,
    OrgUnitKind,
    ServiceBody,
    User,
)
from gasdesk.org.roles import ROLE_PERMISSIONS, Role, require_role
from gasdesk.org.scoping import require_in_scope


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


def appoint(
    company: OrgUnit, kind: str, user: User, position: str, *, by: User, body_name: str = ""
) -> BodyMembership:
    """Give `user` a post in the company's body of `kind` (ORG-2/3/7), setting the body up
    on its first appointment; managers and system admins of the company only.

    The committee's members are also flagged on the user (`is_committee_member`), the
    attribute the level-1 complaint callback checks (CMP-16), in the same transaction.
    """
    require_role(by, Role.MANAGER, Role.SYSADMIN)
    require_in_scope(by, company)
    if user.org_unit is None or user.org_unit.company_id != company.pk:
        raise RuleViolation("user", f"{user} 不属于{company}，不能在其服务管理机构任职")
    with transaction.atomic():
        body, _ = ServiceBody.objects.get_or_create(
            company=company, kind=kind, defaults={"name": body_name or str(BodyKind(kind).label)}
        )
        locked = User.objects.select_for_update().get(pk=user.pk)
        if BodyMembership.objects.filter(body=body, user=locked, ended_at__isnull=True).exists():
            raise RuleViolation("user", f"{user} 已在{body.name}任职，请先免职再改任")
        membership = BodyMembership.objects.create(
            body=body, user=locked, position=position, appointed_at=timezone.now(), appointed_by=by
        )
        if body.kind == BodyKind.COMMITTEE and not locked.is_committee_member:
            User.objects.filter(pk=locked.pk).update(is_committee_member=True)
    return membership


def dismiss(membership: BodyMembership, *, by: User) -> BodyMembership:
    """End a post; the row stays as the record of who held it when."""
    require_role(by, Role.MANAGER, Role.SYSADMIN)
    require_in_scope(by, membership.body.company)
    with transaction.atomic():
        ended = BodyMembership.objects.filter(pk=membership.pk, ended_at__isnull=True).update(
            ended_at=timezone.now(), ended_by=by
        )
        if not ended:
            raise RuleViolation("membership", "该任职已被免除")
        if membership.body.kind == BodyKind.COMMITTEE:
            still_on_committee = BodyMembership.objects.filter(
                user_id=membership.user_id, body__kind=BodyKind.COMMITTEE, ended_at__isnull=True
            ).exists()
            if not still_on_committee:
                User.objects.filter(pk=membership.user_id).update(is_committee_member=False)
    membership.refresh_from_db()
    return membership
