"""Shared fixtures: the org personas used by scope tests (healthchecks' owner/outsider idea).

company ── unit_a ── team_a
        └─ unit_b
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from gasdesk.fieldwork.selectors import BANNER_KEY, BANNER_SECONDS
from gasdesk.org.models import OrgUnit, OrgUnitKind, User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user

# A shared 2-CPU machine (CI runs two databases' suites side by side with other work): time
# limits on examples and on their generation would fail tests for the machine's load.
hypothesis_settings.register_profile(
    "gasdesk", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("gasdesk")


@pytest.fixture(autouse=True)
def _plain_http(settings: Any) -> None:
    """The test client speaks plain HTTP; production's TLS redirect is tested by check --deploy."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Cached reads (the emergency banner, throttles) must not carry over between tests.

    The banner starts warm and empty, as on a server with no open alarm: page query budgets count
    the steady state. Opening an alarm through the services forgets it.
    """
    cache.clear()
    cache.set(BANNER_KEY, [], BANNER_SECONDS)
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _chinese_first() -> Iterator[None]:
    """Every test starts in the default language; a request in English must not leak on."""
    translation.activate("zh-hans")
    yield
    translation.activate("zh-hans")


@dataclass
class Org:
    company: OrgUnit
    unit_a: OrgUnit
    team_a: OrgUnit
    unit_b: OrgUnit


@pytest.fixture
def org(db: None) -> Org:
    company = make_company()
    unit_a = make_unit(name="城区服务所", parent=company)
    team_a = make_unit(name="城区维修班", kind=OrgUnitKind.TEAM, parent=unit_a)
    unit_b = make_unit(name="含山服务所", parent=company, is_urban=False)
    return Org(company=company, unit_a=unit_a, team_a=team_a, unit_b=unit_b)


@pytest.fixture
def agent_a(org: Org) -> User:
    """Hotline agent working in unit A (company-wide scope by role)."""
    return make_user(Role.HOTLINE_AGENT, org.unit_a, username="agent_a")


@pytest.fixture
def dispatcher_a(org: Org) -> User:
    return make_user(Role.DISPATCHER, org.unit_a, username="dispatcher_a")


@pytest.fixture
def technician_a(org: Org) -> User:
    return make_user(Role.TECHNICIAN, org.team_a, username="technician_a")


@pytest.fixture
def dispatcher_b(org: Org) -> User:
    return make_user(Role.DISPATCHER, org.unit_b, username="dispatcher_b")


@pytest.fixture
def specialist(org: Org) -> User:
    return make_user(Role.SPECIALIST, org.company, username="specialist")


@pytest.fixture
def sysadmin(org: Org) -> User:
    return make_user(Role.SYSADMIN, org.company, username="sysadmin", is_staff=True)


@pytest.fixture
def packs(db: None) -> list[object]:
    """Every shipped service-standard pack, loaded (chaohu is the `org` company's pack)."""
    from gasdesk.standards.loading import load_all_shipped

    return list(load_all_shipped())
