"""Calendar calculator API (CAL-3, CAL-4): permissions, status codes, one happy path each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from rest_framework.test import APIClient

from gasdesk.business_calendar.selectors import clear_calendar_cache

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gasdesk.business_calendar.tests.urls")]

ADD_URL = "/api/v1/calendar/add/"
ELAPSED_URL = "/api/v1/calendar/elapsed/"
DAYS_URL = "/api/v1/calendar/days/"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture
def client(agent_a: AbstractBaseUser) -> APIClient:
    api = APIClient()
    api.force_authenticate(agent_a)
    return api


def test_anonymous_users_are_refused() -> None:
    body = {"start": "2026-11-20T21:40:00+08:00", "amount": 1, "unit": "natural_days"}

    response = APIClient().post(ADD_URL, body, format="json")

    assert response.status_code in (401, 403)


def test_add_working_days(client: APIClient) -> None:
    """EX-06 CAL-4: Fri 2026-11-20 21:40 + 3 WD → 2026-11-25 24:00 (2026-11-26T00:00+08:00)."""
    body = {"start": "2026-11-20T21:40:00+08:00", "amount": 3, "unit": "working_days"}

    response = client.post(ADD_URL, body, format="json")

    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-11-20T21:40:00+08:00",
        "amount": 3,
        "unit": "working_days",
        "deadline": "2026-11-26T00:00:00+08:00",
    }


def test_add_with_extension_and_naive_start_in_shanghai(client: APIClient) -> None:
    """CAL-5 on: 2026-09-30 10:00 (Shanghai) + 3 ND → last day 3 Oct moves to 8 Oct 24:00."""
    body: dict[str, Any] = {
        "start": "2026-09-30T10:00:00",
        "amount": 3,
        "unit": "natural_days",
        "natural_day_holiday_extension": True,
    }

    response = client.post(ADD_URL, body, format="json")

    assert response.status_code == 200
    assert response.json()["deadline"] == "2026-10-09T00:00:00+08:00"


def test_add_in_a_year_without_data_is_a_400_naming_start(client: APIClient) -> None:
    """CAL-4: 2040 has no holiday data."""
    body = {"start": "2040-03-01T10:00:00+08:00", "amount": 1, "unit": "working_days"}

    response = client.post(ADD_URL, body, format="json")

    assert response.status_code == 400
    assert response.json() == {"start": ["缺少2040年的法定节假日数据"]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": "2026-11-20T16:00:00+08:00", "amount": -1, "unit": "hours"}, "amount"),
        ({"start": "2026-11-20T16:00:00+08:00", "amount": 1, "unit": "weeks"}, "unit"),
        ({"start": "not a date", "amount": 1, "unit": "hours"}, "start"),
        (
            {"start": "2026-11-20T16:00:00+08:00", "amount": 3, "unit": "working_hours"},
            "working_hours",
        ),
        (
            {
                "start": "2026-11-20T16:00:00+08:00",
                "amount": 3,
                "unit": "working_hours",
                "working_hours": ["17:30", "08:30"],
            },
            "working_hours",
        ),
    ],
)
def test_add_rejects_bad_input(client: APIClient, body: dict[str, Any], field: str) -> None:
    response = client.post(ADD_URL, body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_add_working_hours(client: APIClient) -> None:
    body = {
        "start": "2026-11-20T16:00:00+08:00",
        "amount": 3,
        "unit": "working_hours",
        "working_hours": ["08:30", "17:30"],
    }

    response = client.post(ADD_URL, body, format="json")

    assert response.json()["deadline"] == "2026-11-23T10:00:00+08:00"


def test_elapsed_reports_lateness(client: APIClient) -> None:
    """EX-08: due 11:10, forwarded 11:25 → 15 minutes."""
    body = {
        "start": "2026-11-20T11:10:00+08:00",
        "end": "2026-11-20T11:25:00+08:00",
        "unit": "minutes",
    }

    response = client.post(ELAPSED_URL, body, format="json")

    assert response.status_code == 200
    assert response.json()["elapsed"] == "15.0000"


def test_days_lists_spring_festival(client: APIClient) -> None:
    """CAL-4: 2026-02-14 is a make-up workday; 15 Feb starts the Spring Festival."""
    response = client.get(DAYS_URL, {"from": "2026-02-14", "to": "2026-02-15"})

    assert response.status_code == 200
    assert response.json() == [
        {"day": "2026-02-14", "is_workday": True, "kind": "makeup_workday", "name": "春节"},
        {"day": "2026-02-15", "is_workday": False, "kind": "holiday", "name": "春节"},
    ]


def test_days_in_a_year_without_data_is_a_400(client: APIClient) -> None:
    response = client.get(DAYS_URL, {"from": "2040-01-01", "to": "2040-01-02"})

    assert response.status_code == 400
    assert response.json() == {"from": ["缺少2040年的法定节假日数据"]}


def test_days_need_both_dates(client: APIClient) -> None:
    response = client.get(DAYS_URL, {"from": "2026-02-14"})

    assert response.status_code == 400
    assert "to" in response.json()


def test_days_costs_one_query(client: APIClient, django_assert_max_num_queries: Any) -> None:
    client.get(DAYS_URL, {"from": "2026-01-01", "to": "2026-01-02"})

    with django_assert_max_num_queries(1):
        client.get(DAYS_URL, {"from": "2026-01-01", "to": "2026-12-31"})
