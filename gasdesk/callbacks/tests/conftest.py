"""Fixtures of the callbacks tests: the callback agent, department admin and supervisor."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def callback_agent(org) -> User:
    """Callback agents are company-wide (Role.CALLBACK_AGENT in COMPANY_WIDE_ROLES)."""
    return make_user(Role.CALLBACK_AGENT, org.unit_b, username="callback_agent")


@pytest.fixture
def dept_admin_a(org) -> User:
    return make_user(Role.DEPT_ADMIN, org.unit_a, username="dept_admin_a")


@pytest.fixture
def dept_admin_b(org) -> User:
    return make_user(Role.DEPT_ADMIN, org.unit_b, username="dept_admin_b")


@pytest.fixture
def supervisor(org) -> User:
    return make_user(Role.MANAGER, org.company, username="supervisor")


@pytest.fixture
def day_tasks(packs, org, agent_a):
    """Thursday 19 Nov 2026: 20 repairs in unit A (→ 3 sampled) and one hazard customer's repair
    (→ 100 %), turned into tasks by the daily job on Friday 01:00."""
    from gasdesk.callbacks.jobs import create_daily_callbacks
    from gasdesk.callbacks.tests.factories import make_completed_orders
    from gasdesk.customers.tests.factories import make_customer

    thu = datetime(2026, 11, 19, 15, 0, tzinfo=TZ)
    make_completed_orders(
        by=agent_a, org_unit=org.unit_a, business_type="repair", completed_at=thu, count=20
    )
    hazard = make_customer(org.unit_a, flag_hazard=True, name="隐患户张三")
    make_completed_orders(
        by=agent_a, org_unit=org.unit_a, business_type="repair", completed_at=thu, customer=hazard
    )
    create_daily_callbacks(now=datetime(2026, 11, 20, 1, 0, tzinfo=TZ))
    return org


@pytest.fixture
def sampled_task(day_tasks):
    from gasdesk.callbacks.models import CallbackTask

    return CallbackTask.objects.filter(is_full=False).order_by("id").first()


@pytest.fixture
def full_task(day_tasks):
    from gasdesk.callbacks.models import CallbackTask

    return CallbackTask.objects.get(group_code="hazard")


@pytest.fixture
def dissatisfied_form(sampled_task, callback_agent):
    """A dissatisfied result on Fri 20 Nov 10:00 → form due 24:00 of Mon 23 Nov (3 ND)."""
    from gasdesk.callbacks.services import record_result

    record_result(
        sampled_task,
        by=callback_agent,
        satisfied=False,
        words="维修师傅迟到一小时",
        now=datetime(2026, 11, 20, 10, 0, tzinfo=TZ),
    )
    return sampled_task.follow_up
