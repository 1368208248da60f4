"""The menu follows the roles (SPEC 2.5): each role sees its desks, not the others'."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _menu(client: Client, user: Any) -> set[str]:
    client.force_login(user)
    html = client.get(reverse("workorders:queue")).content.decode()
    nav = html.split("<nav>")[1].split("</nav>")[0]
    return {part.split('"')[0] for part in nav.split('href="')[1:]}


def test_hotline_agent_sees_intake_and_complaints_not_the_technicians_day(
    client: Client, agent_a: Any
) -> None:
    menu = _menu(client, agent_a)
    assert reverse("customers:search") in menu
    assert reverse("complaints:desk") in menu
    assert reverse("fieldwork:my_day") not in menu


def test_technician_sees_the_day_not_the_complaint_desk(client: Client, technician_a: Any) -> None:
    menu = _menu(client, technician_a)
    assert reverse("fieldwork:my_day") in menu
    assert reverse("complaints:desk") not in menu
    assert reverse("customers:search") not in menu
