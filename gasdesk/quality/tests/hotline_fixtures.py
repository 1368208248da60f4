"""Fixtures of the hotline tests (AGENT): a company on the 96602 pack (the one with agent bands).

Kept out of conftest.py, which only re-exports them, because the tests folder is shared.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user


@dataclass
class HotlineOrg:
    company: OrgUnit
    centre: OrgUnit
    other_company: OrgUnit


@pytest.fixture
def hotline_org(packs: list[object]) -> HotlineOrg:
    company = make_company(standard_company="kunlun96602", name="昆仑燃气分公司")
    centre = make_unit(name="96602客服中心", parent=company)
    other = make_company(standard_company="chaohu", name="巢湖新奥燃气")
    return HotlineOrg(company=company, centre=centre, other_company=other)


@pytest.fixture
def kl_specialist(hotline_org: HotlineOrg) -> User:
    return make_user(Role.SPECIALIST, hotline_org.company, username="kl_specialist")


@pytest.fixture
def kl_inspector(hotline_org: HotlineOrg) -> User:
    return make_user(Role.INSPECTOR, hotline_org.centre, username="kl_inspector")


@pytest.fixture
def kl_agent(hotline_org: HotlineOrg) -> User:
    return make_user(Role.HOTLINE_AGENT, hotline_org.centre, username="kl_agent")


@pytest.fixture
def kl_dispatcher(hotline_org: HotlineOrg) -> User:
    return make_user(Role.DISPATCHER, hotline_org.centre, username="kl_dispatcher")


@pytest.fixture
def other_specialist(hotline_org: HotlineOrg) -> User:
    return make_user(Role.SPECIALIST, hotline_org.other_company, username="other_specialist")
