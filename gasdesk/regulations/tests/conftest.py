"""Regulations fixtures: an 奥德 (aode) company whose pack states the APPT/NOTIFY/TLC/HELP numbers,
and managers (leaders) on top of the root personas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from gasdesk.business_calendar.selectors import clear_calendar_cache
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user


@pytest.fixture(autouse=True)
def _fresh_calendar() -> None:
    clear_calendar_cache()


@dataclass
class AodeDesk:
    company: OrgUnit
    centre: OrgUnit
    agent: User
    manager: User


@pytest.fixture
def aode(packs: Any) -> AodeDesk:
    """科左中旗奥德 customer service centre: a counter agent and the general manager."""
    company = make_company(standard_company="aode", name="科左中旗奥德燃气")
    centre = make_unit(name="客服中心", parent=company)
    agent = make_user(Role.HOTLINE_AGENT, centre, username="aode_agent")
    manager = make_user(Role.MANAGER, company, username="aode_gm", display_name="总经理")
    return AodeDesk(company=company, centre=centre, agent=agent, manager=manager)


@pytest.fixture
def manager_a(org: Any) -> User:
    """A leader (manager role) of the chaohu company."""
    return make_user(Role.MANAGER, org.company, username="manager_a")
