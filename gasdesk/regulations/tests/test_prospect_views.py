"""Intending-customer pages (MGR-1…3): list and entry, detail actions, portfolio, leader board."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.customers.models import Customer
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.regulations.models import ManagerRating, Prospect, ProspectStatus

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)


def _new(client: Client, **overrides: Any) -> Any:
    data = {
        "company_name": "某乳业公司",
        "contact_name": "王经理",
        "contact_phone": "13947500001",
        "expected_volume_m3_per_day": "800",
        **overrides,
    }
    return client.post(reverse("regulations:prospects"), data)


def test_mgr1_leader_board_lists_prospects_without_specialist_then_assigns(
    client: Client, aode: Any, django_assert_max_num_queries: Any
) -> None:
    """MGR-1: the unassigned prospect is on the leader board; assigning removes it."""
    specialist = make_user(Role.HOTLINE_AGENT, aode.centre, username="zy", display_name="专员乙")
    client.force_login(aode.agent)
    assert _new(client).status_code == 302
    prospect = Prospect.objects.get()
    client.force_login(aode.manager)
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(16):
        board = client.get(reverse("regulations:leaders"))
    assert list(board.context["unassigned_prospects"]) == [prospect]
    url = reverse("regulations:prospect_action", args=[prospect.pk, "assign"])
    assert client.post(url, {"manager": specialist.pk}).status_code == 302
    assert Prospect.objects.get().manager_id == specialist.pk
    client.force_login(specialist)
    mine = client.get(reverse("regulations:portfolio"))
    assert list(mine.context["prospects"]) == [prospect]
    assert "主动受理、直接服务" in mine.content.decode()


def test_mgr1_prospect_page_converts_into_a_customer(client: Client, aode: Any) -> None:
    """MGR-1: signing from the prospect page opens the archive; a bad account re-renders."""
    client.force_login(aode.agent)
    _new(client, manager=aode.agent.pk)
    prospect = Prospect.objects.get()
    url = reverse("regulations:prospect_action", args=[prospect.pk, "convert"])
    bad = client.post(url, {"account_no": "坏 户号!", "category": "commercial"})
    assert bad.status_code == 400
    assert not Customer.objects.exists()
    assert client.post(url, {"account_no": "KZ0002", "category": "commercial"}).status_code == 302
    assert Prospect.objects.get().status == ProspectStatus.SIGNED
    assert Customer.objects.get().customer_manager_id == aode.agent.pk


def test_mgr3_rating_from_the_leader_board(client: Client, aode: Any) -> None:
    """MGR-3: the department head records the year's rating; it is listed for the year."""
    client.force_login(aode.manager)
    data = {"manager": aode.agent.pk, "year": 2026, "grade": "commended", "note": ""}
    with time_machine.travel(NOW, tick=False):
        assert client.post(reverse("regulations:rate_manager"), data).status_code == 302
        board = client.get(reverse("regulations:leaders"))
    assert [r.manager for r in board.context["ratings"]] == [aode.agent]
    assert ManagerRating.objects.get().grade == "commended"
