"""Plain factories for org units and users (STYLE 2.6.3)."""

from __future__ import annotations

import itertools

from gasdesk.org.models import OrgUnit, OrgUnitKind, User
from gasdesk.org.services import create_org_unit, create_user

_seq = itertools.count(1)


def make_unit(
    *,
    name: str | None = None,
    kind: str = OrgUnitKind.UNIT,
    parent: OrgUnit | None = None,
    **extra: object,
) -> OrgUnit:
    n = next(_seq)
    return create_org_unit(
        name=name or f"单位{n}", code=f"U{n:05d}", kind=kind, parent=parent, **extra
    )


def make_company(*, standard_company: str = "chaohu", name: str = "巢湖新奥燃气") -> OrgUnit:
    return make_unit(name=name, kind=OrgUnitKind.COMPANY, standard_company=standard_company)


def make_user(
    role: str | None, unit: OrgUnit | None, *, username: str | None = None, **extra: object
) -> User:
    n = next(_seq)
    return create_user(
        username=username or f"user{n}",
        password="pw-12345-test",
        org_unit=unit,
        roles=[role] if role else [],
        display_name=extra.pop("display_name", f"员工{n}"),
        **extra,
    )
