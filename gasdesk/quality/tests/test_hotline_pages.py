"""AGENT / KPI-6…8 pages and API: roles, scope, the import round trip, query budgets."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from gasdesk.org.models import User
from gasdesk.quality.models import CallImport, HotlineAgent, HotlineCall
from gasdesk.quality.tests.hotline_factories import import_text, synthetic_day
from gasdesk.quality.tests.hotline_fixtures import HotlineOrg

MONTH = "2026-10"


def _payload() -> bytes:
    return "".join(f"{x}\n" for x in synthetic_day()).encode()


@pytest.fixture
def imported(hotline_org: HotlineOrg) -> None:
    import_text(hotline_org.company, synthetic_day((2026, 10, 12)))
    import_text(hotline_org.company, synthetic_day((2026, 10, 13)))


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_hotline_page_shows_kpis_and_scores(
    imported: None, kl_inspector: User, django_assert_max_num_queries: Any
) -> None:
    """KPI-6: the inspector's page shows 38.71 % in time on 10-12 and the agents' totals 15 / 12."""
    client = _client(kl_inspector)
    with django_assert_max_num_queries(16):
        response = client.get("/quality/hotline/", {"month": MONTH})
    assert response.status_code == 200
    html = response.content.decode()
    assert "38.71%" in html
    assert "30.65%" in html
    assert "<strong>15</strong>" in html


def test_hotline_partial_for_htmx(imported: None, kl_inspector: User) -> None:
    """KPI: an htmx request gets the tables only."""
    response = _client(kl_inspector).get(
        "/quality/hotline/", {"month": MONTH}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"hotline-agents" in response.content


def test_agent_page_shows_own_row_only(
    imported: None, hotline_org: HotlineOrg, kl_agent: User
) -> None:
    """AGENT: a hotline agent sees their own row and no company KPI table."""
    HotlineAgent.objects.filter(name="张三").update(user=kl_agent)
    html = _client(kl_agent).get("/quality/hotline/", {"month": MONTH}).content.decode()
    assert "张三" in html
    assert "李四" not in html
    assert "hotline-daily" not in html


def test_dispatcher_is_refused(imported: None, kl_dispatcher: User) -> None:
    """AGENT: a dispatcher has no hotline figures."""
    assert _client(kl_dispatcher).get("/quality/hotline/").status_code == 403


def test_import_page_upload_and_report(
    hotline_org: HotlineOrg, kl_specialist: User, django_assert_max_num_queries: Any
) -> None:
    """AGENT-1: upload → redirect → report with 40 DID lines skipped; the list stays cheap."""
    client = _client(kl_specialist)
    upload = SimpleUploadedFile("queue_log", _payload())
    response = client.post(
        "/quality/hotline/imports/", {"file": upload, "file_format": "queue_log", "source": "pbx"}
    )
    assert response.status_code == 302
    with django_assert_max_num_queries(8):
        page = client.get(response["Location"])
    html = page.content.decode()
    assert "non_asterisk_event" in html
    assert "<td>40</td>" in html
    assert HotlineCall.objects.count() == 62


def test_import_page_refused_to_agent(hotline_org: HotlineOrg, kl_agent: User) -> None:
    """AGENT-1: agents cannot import; nothing is written."""
    upload = SimpleUploadedFile("queue_log", _payload())
    response = _client(kl_agent).post(
        "/quality/hotline/imports/", {"file": upload, "file_format": "queue_log", "source": "x"}
    )
    assert response.status_code == 403
    assert CallImport.objects.count() == 0


def test_api_import_and_list(
    hotline_org: HotlineOrg, kl_specialist: User, django_assert_max_num_queries: Any
) -> None:
    """AGENT-1 API: POST a file → 201 with the report; re-POST → 0 imported; list is scoped."""
    api = APIClient()
    api.force_authenticate(kl_specialist)
    url = "/api/v1/quality/call-imports/"
    body = {"file": SimpleUploadedFile("q", _payload()), "source_system": "pbx"}
    first = api.post(url, body, format="multipart")
    assert first.status_code == 201
    assert (first.json()["events_imported"], first.json()["calls_rebuilt"]) == (219, 62)
    body = {"file": SimpleUploadedFile("q", _payload()), "source_system": "pbx"}
    assert api.post(url, body, format="multipart").json()["events_imported"] == 0
    with django_assert_max_num_queries(6):
        listing = api.get(url)
    assert [row["duplicates"] for row in listing.json()["results"]] == [219, 0]


def test_api_other_company_sees_no_imports(hotline_org: HotlineOrg, other_specialist: User) -> None:
    """AGENT-1 API: another company's specialist lists nothing of this company."""
    import_text(hotline_org.company, synthetic_day())
    api = APIClient()
    api.force_authenticate(other_specialist)
    assert api.get("/api/v1/quality/call-imports/").json()["results"] == []


def test_api_figures(
    imported: None, kl_inspector: User, django_assert_max_num_queries: Any
) -> None:
    """KPI-6/7 API: the month's daily rows and the agent scores."""
    api = APIClient()
    api.force_authenticate(kl_inspector)
    with django_assert_max_num_queries(14):
        body = api.get("/api/v1/quality/hotline/", {"month": MONTH}).json()
    assert body["answer_within_seconds"] == 15
    assert [(d["period"], d["in_time_percent"]) for d in body["daily"]] == [
        ("2026-10-12", "38.71"),
        ("2026-10-13", "38.71"),
    ]
    totals = {a["month"]["agent"]: a["score"]["total"] for a in body["agents"]}
    assert totals == {"张三": "15.00", "李四": "12.00"}


def test_superuser_without_company_gets_400(hotline_org: HotlineOrg) -> None:
    """KPI: a superuser outside the org tree must name the company; without one, 400."""
    admin = User.objects.create_superuser("root-h2", password="pw-12345-test")
    assert _client(admin).get("/quality/hotline/").status_code == 400
    page = _client(admin).get("/quality/hotline/", {"company": hotline_org.company.pk})
    assert page.status_code == 200
