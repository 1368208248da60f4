"""ORG-1 per request: who is asking is read in one query, and nothing of it outlives the request.

Bench finding C1: the session's user comes with unit, company and role codes (org.auth), the
session row and the user by queries compiled once per process (core.prepared).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gasdesk.org.auth import RequestTokenAuthentication, RequestUserBackend
from gasdesk.org.roles import Role, role_names
from gasdesk.org.scoping import scope_root
from gasdesk.org.tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_org_1_user_unit_company_and_roles_in_one_query(org, agent_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = RequestUserBackend().get_user(agent_a.pk)
        assert user is not None
        assert role_names(user) == {Role.HOTLINE_AGENT}
        assert scope_root(user) == org.company  # an agent's scope is the whole company
        assert user.org_unit == org.unit_a
        assert user.org_unit.company == org.company  # type: ignore[union-attr]


def test_org_1_a_user_without_roles_or_unit_reads_as_such(db):
    bare = make_user(None, None, username="bare")
    user = RequestUserBackend().get_user(bare.pk)
    assert user is not None
    assert role_names(user) == frozenset()
    assert user.org_unit is None


def test_org_1_inactive_or_unknown_users_are_nobody(agent_a):
    agent_a.is_active = False
    agent_a.save(update_fields=["is_active"])
    assert RequestUserBackend().get_user(agent_a.pk) is None
    assert RequestUserBackend().get_user(agent_a.pk + 1000) is None


def test_org_1_a_role_taken_away_counts_from_the_next_request(org, agent_a):
    client = APIClient()
    client.force_login(agent_a)
    assert client.get("/api/v1/customers/?q=王").status_code == 200
    agent_a.groups.clear()
    assert client.get("/api/v1/customers/?q=王").status_code == 403


def test_org_1_token_user_is_read_like_the_session_user(org, agent_a, django_assert_num_queries):
    token = Token.objects.create(user=agent_a)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    with django_assert_num_queries(1):  # user, unit, company, roles and token together
        user, auth = RequestTokenAuthentication().authenticate_credentials(token.key)
        assert (role_names(user), scope_root(user), auth) == (
            {Role.HOTLINE_AGENT},
            org.company,
            token,
        )
    assert client.get("/api/v1/customers/?q=王").status_code == 200
    # DRF answers 403, not 401, when the first scheme (session) sends no challenge header
    refused = APIClient(HTTP_AUTHORIZATION="Token " + "0" * 40).get("/api/v1/customers/?q=王")
    assert (refused.status_code, refused.json()["detail"]) == (403, "认证令牌无效。")


def test_an_expired_session_is_nobody(agent_a):
    client = APIClient()
    client.force_login(agent_a)
    assert client.get("/api/v1/customers/?q=王").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/customers/?q=王").status_code == 403
