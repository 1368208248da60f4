"""Customer fixtures on top of the root personas: one customer in unit A, one in unit B."""

from __future__ import annotations

from typing import Any

import pytest

from gasdesk.customers.models import Customer
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user


@pytest.fixture
def customer_a(org: Any) -> Customer:
    return make_customer(
        org.unit_a,
        account_no="CH20240001",
        name="王建国",
        phones=["13812345678"],
        address="巢湖市东塘路1号",
    )


@pytest.fixture
def customer_b(org: Any) -> Customer:
    return make_customer(
        org.unit_b,
        account_no="HS20240002",
        name="含山县第一中学",
        phones=["0551-62345679"],
        address="含山县环峰镇学府路2号",
    )


@pytest.fixture
def manager(org: Any) -> User:
    return make_user(Role.MANAGER, org.company, username="manager")


@pytest.fixture
def inspector(org: Any) -> User:
    """A role that may read customers but not see full numbers."""
    return make_user(Role.INSPECTOR, org.company, username="inspector")
