"""Personas of the complaint flow on top of the root org fixtures."""

from __future__ import annotations

import pytest

from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user


@pytest.fixture
def specialist_2(org):
    return make_user(Role.SPECIALIST, org.company, username="specialist_2")


@pytest.fixture
def dept_admin_a(org):
    """兼职服务管理员 of unit A (the department complained about)."""
    return make_user(Role.DEPT_ADMIN, org.unit_a, username="dept_admin_a")


@pytest.fixture
def dept_admin_b(org):
    return make_user(Role.DEPT_ADMIN, org.unit_b, username="dept_admin_b")


@pytest.fixture
def callback_agent(org):
    return make_user(Role.CALLBACK_AGENT, org.company, username="callback_agent")


@pytest.fixture
def committee_member(org):
    """A manager who sits on the service management committee (CMP-16)."""
    return make_user(Role.MANAGER, org.company, username="gm", is_committee_member=True)
