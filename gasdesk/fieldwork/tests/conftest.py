"""Field-work fixtures: a 96602 (kunlun) company for the DSP numbers, beside the root
conftest's 巢湖 `org` (EMG numbers); media files go to a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from gasdesk.fieldwork.selectors import forget_banner
from gasdesk.org.models import OrgUnit, OrgUnitKind, User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _banner_cache() -> Iterator[None]:
    """The banner cache outlives a test's rolled-back rows: start and leave it empty."""
    forget_banner()
    yield
    forget_banner()


@dataclass
class Kunlun:
    company: OrgUnit
    unit: OrgUnit
    team: OrgUnit
    other_unit: OrgUnit
    agent: User
    dispatcher: User
    dispatcher_2: User
    technician: User
    technician_2: User
    outsider_technician: User


@pytest.fixture
def kunlun(packs: Any) -> Kunlun:
    """company ── unit (dispatchers) ── team (technicians); other_unit has its own technician."""
    company = make_company(standard_company="kunlun96602", name="昆仑燃气XX分公司")
    unit = make_unit(name="维修服务所", parent=company)
    team = make_unit(name="维修一班", kind=OrgUnitKind.TEAM, parent=unit)
    other = make_unit(name="城北服务所", parent=company)
    return Kunlun(
        company=company,
        unit=unit,
        team=team,
        other_unit=other,
        agent=make_user(Role.HOTLINE_AGENT, unit, username="kl_agent"),
        dispatcher=make_user(Role.DISPATCHER, unit, username="kl_dispatch"),
        dispatcher_2=make_user(Role.DISPATCHER, unit, username="kl_dispatch2"),
        technician=make_user(Role.TECHNICIAN, team, username="kl_tech", display_name="赵师傅"),
        technician_2=make_user(Role.TECHNICIAN, team, username="kl_tech2", display_name="钱师傅"),
        outsider_technician=make_user(Role.TECHNICIAN, other, username="kl_tech_out"),
    )
