"""Fixtures of the supervision and evaluation tests (re-exported by conftest.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from gasdesk.org.models import OrgUnit, OrgUnitKind, User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.quality.tests.kpi_fixtures import SHANGHAI

SUPERVISION_NOW = dt.datetime(2026, 7, 10, 10, 0, tzinfo=SHANGHAI)


@dataclass
class SupervisionOrg:
    company: OrgUnit
    division: OrgUnit
    units: tuple[OrgUnit, OrgUnit, OrgUnit]
    inspector: User
    specialist: User
    technician: User


@pytest.fixture
def supervision_org(packs: list[object]) -> SupervisionOrg:
    """A 96602 company (kunlun96602/2020) → one division → three units of differing difficulty."""
    company = make_company(standard_company="kunlun96602", name="96602分公司")
    division = make_unit(name="城东事业部", kind=OrgUnitKind.DIVISION, parent=company)
    units = tuple(
        make_unit(name=name, parent=division, difficulty_coefficient=Decimal(p))
        for name, p in (("一所", "1.2"), ("二所", "1.0"), ("三所", "0.8"))
    )
    return SupervisionOrg(
        company,
        division,
        units,  # type: ignore[arg-type]
        make_user(Role.INSPECTOR, company, username="sv_inspector"),
        make_user(Role.SPECIALIST, company, username="sv_specialist"),
        make_user(Role.TECHNICIAN, units[0], username="sv_technician"),
    )
