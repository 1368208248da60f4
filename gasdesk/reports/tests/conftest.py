"""Fixtures of the reports tests: a chaohu company with October 2026 orders and complaints."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.reports.tests.factories import ReportData, make_report_data

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)
OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def manager(org: object) -> User:
    return make_user(Role.MANAGER, org.company, username="manager")  # type: ignore[attr-defined]


@pytest.fixture
def dept_admin_b(org: object) -> User:
    return make_user(Role.DEPT_ADMIN, org.unit_b, username="dept_admin_b")  # type: ignore[attr-defined]


@pytest.fixture
def report_data(packs: list[object], org: object, agent_a: User, specialist: User) -> ReportData:
    return make_report_data(org, agent_a)


@pytest.fixture
def at_now() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
