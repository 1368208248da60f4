"""Campaign pages: render in scope, query budgets, printable notices, outage publish refusal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from gasdesk.campaigns.models import Hazard
from gasdesk.campaigns.services.inspections import generate_inspection_plan, record_visit_outcome
from gasdesk.campaigns.tests.factories import bulk_customers, make_outage
from gasdesk.org.models import User

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=SH)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_index_lists_outages_within_query_budget(
    org: Any, packs: Any, dispatcher_a: User, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        make_outage(org.unit_a, dispatcher_a, starts_at=NOW + timedelta(days=2), now=NOW)
    client = _client(dispatcher_a)
    with django_assert_max_num_queries(12):
        response = client.get("/campaigns/")
    assert response.status_code == 200
    assert response.content.decode().count("卧牛山路中压管线改造") == 3


def test_out1_page_shows_the_refusal_and_keeps_the_draft(
    org: Any, packs: Any, dispatcher_a: User
) -> None:
    outage = make_outage(org.unit_a, dispatcher_a, starts_at=NOW + timedelta(hours=23), now=NOW)
    response = _client(dispatcher_a).post(
        f"/campaigns/outages/{outage.pk}/do/publish/", follow=True
    )
    assert "至少提前24小时通知客户" in response.content.decode()
    outage.refresh_from_db()
    assert outage.status == "draft"


def test_outage_of_another_unit_is_404(
    org: Any, packs: Any, dispatcher_a: User, dispatcher_b: User
) -> None:
    outage = make_outage(org.unit_a, dispatcher_a, starts_at=NOW + timedelta(days=2), now=NOW)
    assert _client(dispatcher_b).get(f"/campaigns/outages/{outage.pk}/").status_code == 404


def test_insp6_hazard_notice_is_printable(org: Any, packs: Any, dispatcher_a: User) -> None:
    bulk_customers(org.unit_a, 1, category="residential", prefix="H")
    plan = generate_inspection_plan(org.unit_a, 2026, by=dispatcher_a, now=NOW)
    record_visit_outcome(
        plan.visits.get(),
        outcome="hazard",
        by=dispatcher_a,
        now=NOW,
        hazard_items="胶管老化、无熄火保护",
    )
    hazard = Hazard.objects.get()
    page = _client(dispatcher_a).get(f"/campaigns/hazards/{hazard.pk}/notice/").content.decode()
    assert "安全隐患整改通知书" in page
    assert "胶管老化、无熄火保护" in page
    assert "2026-11-27" in page
    plan_page = _client(dispatcher_a).get(f"/campaigns/plans/{plan.pk}/")
    assert plan_page.status_code == 200
