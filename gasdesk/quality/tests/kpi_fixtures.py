"""Fixtures of the KPI tests (re-exported by conftest.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
KPI_NOW = dt.datetime(2026, 4, 15, 10, 0, tzinfo=SHANGHAI)


@dataclass
class KunlunOrg:
    company: OrgUnit
    station: OrgUnit
    specialist: User


@pytest.fixture
def kunlun_org(packs: list[object]) -> KunlunOrg:
    """A 96602 company (pack kunlun96602/2020) with one station and a specialist."""
    company = make_company(standard_company="kunlun96602", name="96602分公司")
    station = make_unit(name="一站", parent=company)
    specialist = make_user(Role.SPECIALIST, company, username="kl_kpi_specialist")
    return KunlunOrg(company, station, specialist)
