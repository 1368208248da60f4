"""Read-only pack API: permissions, list, detail with the document, pack in force."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from gasdesk.org.models import User
from gasdesk.standards.models import StandardPack

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gasdesk.standards.tests.urls")]


@pytest.fixture
def client_a(agent_a: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(agent_a)
    return client


@pytest.mark.parametrize(
    "url", ["/api/v1/standards/", "/api/v1/standards/in-force/?company=chaohu"]
)
def test_anonymous_is_refused(packs: list[StandardPack], url: str) -> None:
    assert APIClient().get(url).status_code in (401, 403)


def test_anonymous_detail_is_refused(packs: list[StandardPack]) -> None:
    assert APIClient().get(f"/api/v1/standards/{packs[0].pk}/").status_code in (401, 403)


def test_list_shows_every_pack_without_documents(
    packs: list[StandardPack],
    client_a: APIClient,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_max_num_queries(3):
        response = client_a.get("/api/v1/standards/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert sorted(r["company"] for r in rows) == ["aode", "chaohu", "chongqing", "kunlun96602"]
    assert "document" not in rows[0]


def test_list_filters_by_company(packs: list[StandardPack], client_a: APIClient) -> None:
    rows = client_a.get("/api/v1/standards/?company=aode").json()["results"]
    assert [(r["company"], r["version"]) for r in rows] == [("aode", "2022")]


def test_detail_includes_the_document(packs: list[StandardPack], client_a: APIClient) -> None:
    record = next(p for p in packs if p.company == "chaohu")
    body = client_a.get(f"/api/v1/standards/{record.pk}/").json()
    assert (body["version"], body["status"]) == ("2011", "definitive")
    assert body["document"]["hotlines"][0]["number"] == "0565-2312888"


def test_in_force_returns_the_current_version(
    packs: list[StandardPack], client_a: APIClient
) -> None:
    body = client_a.get("/api/v1/standards/in-force/?company=kunlun96602").json()
    assert (body["company"], body["version"], body["status"]) == ("kunlun96602", "2020", "trial")


def test_in_force_at_a_date_before_any_pack_is_400_naming_pack(
    packs: list[StandardPack], client_a: APIClient
) -> None:
    response = client_a.get("/api/v1/standards/in-force/?company=aode&at=2021-06-01T10:00:00")
    assert response.status_code == 400
    assert response.json() == {"pack": ["公司 aode 在 2021-06-01 没有生效的服务标准"]}


def test_in_force_needs_the_company(packs: list[StandardPack], client_a: APIClient) -> None:
    response = client_a.get("/api/v1/standards/in-force/")
    assert response.status_code == 400
    assert "company" in response.json()


def test_api_is_read_only(packs: list[StandardPack], client_a: APIClient) -> None:
    assert client_a.post("/api/v1/standards/", {}, format="json").status_code == 405
    record = packs[0]
    response = client_a.patch(f"/api/v1/standards/{record.pk}/", {"version": "x"}, format="json")
    assert response.status_code == 405
