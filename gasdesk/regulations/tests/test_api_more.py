"""Regulations API for prospects (MGR-1/2), specialists' ratings (MGR-3), the duty roster
(HELP-2) and conduct breaches (APPT-10): scope, masking, one path per endpoint through the
services (the rules themselves are tested in the service tests)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.customers.models import Customer
from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.regulations.models import (
    AppointmentEvent,
    DutyShift,
    ManagerRating,
    Prospect,
    ProspectEvent,
    ProspectStatus,
)
from gasdesk.regulations.services.prospects import ProspectInput, register_prospect
from gasdesk.regulations.tests.factories import make_appointment

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
MON = date(2026, 11, 23)
MON_0830 = "2026-11-23T08:30:00+08:00"
SUN_1000 = datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI)
FRI_1600 = datetime(2026, 11, 20, 16, 0, tzinfo=SHANGHAI)


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def specialist(aode: Any) -> User:
    return make_user(Role.HOTLINE_AGENT, aode.centre, username="zy_api", display_name="专员甲")


def _prospect(aode: Any, **overrides: Any) -> Prospect:
    data = ProspectInput(
        org_unit=aode.centre,
        company_name=overrides.pop("company_name", "科左中旗某乳业公司"),
        contact_name="王经理",
        contact_phone="13947500001",
        expected_volume_m3_per_day="800",
        **overrides,
    )
    return register_prospect(data, by=aode.agent)


def test_mgr1_prospect_create_and_list_mask_the_phone(aode: Any, specialist: User) -> None:
    """MGR-1 via the API: registered with its specialist, the contact phone masked in lists."""
    payload = {
        "org_unit": aode.centre.pk,
        "company_name": "科左中旗某乳业公司",
        "contact_name": "王经理",
        "contact_phone": "13947500001",
        "expected_volume_m3_per_day": "800",
        "manager": specialist.pk,
    }
    response = _client(aode.agent).post("/api/v1/prospects/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["contact_phone"] == "139****0001"
    assert response.json()["manager"] == specialist.pk
    rows = _client(aode.agent).get("/api/v1/prospects/").json()["results"]
    assert [row["contact_phone"] for row in rows] == ["139****0001"]
    assert ProspectEvent.objects.get().kind == "REGISTERED"


def test_mgr1_bad_prospect_answers_400_naming_the_field(aode: Any) -> None:
    """MGR-1: a negative expected volume is refused by the service; nothing is stored."""
    payload = {
        "org_unit": aode.centre.pk,
        "company_name": "某公司",
        "contact_name": "王经理",
        "contact_phone": "13947500001",
        "expected_volume_m3_per_day": "-1",
    }
    response = _client(aode.agent).post("/api/v1/prospects/", payload, format="json")
    assert response.status_code == 400
    assert "expected_volume_m3_per_day" in response.json()
    assert not Prospect.objects.exists()


def test_mgr1_other_units_prospect_is_404_and_absent_from_list(
    aode: Any, dispatcher_b: User
) -> None:
    prospect = _prospect(aode)
    client = _client(dispatcher_b)
    assert client.get(f"/api/v1/prospects/{prospect.pk}/").status_code == 404
    assert client.post(f"/api/v1/prospects/{prospect.pk}/drop/", {"reason": "x"}).status_code == 404
    assert client.get("/api/v1/prospects/").json()["results"] == []
    assert Prospect.objects.get().status == ProspectStatus.INTENDING


def test_mgr1_unassigned_then_assigned_by_the_department_head(aode: Any, specialist: User) -> None:
    """MGR-1: the 奥德 pack requires at least 1 specialist; MGR-3: the head assigns, a desk
    agent may not."""
    prospect = _prospect(aode)
    unassigned = _client(aode.manager).get("/api/v1/prospects/unassigned/").json()
    assert [row["id"] for row in unassigned] == [prospect.pk]
    url = f"/api/v1/prospects/{prospect.pk}/assign/"
    refused = _client(aode.agent).post(url, {"manager": specialist.pk}, format="json")
    assert refused.status_code == 403
    response = _client(aode.manager).post(url, {"manager": specialist.pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["manager_name"] == "专员甲"
    assert _client(aode.manager).get("/api/v1/prospects/unassigned/").json() == []


def test_mgr2_forwarded_step_needs_the_department_head(aode: Any, specialist: User) -> None:
    """MGR-2: 专员接待、并联办理 passes the needs to a named department head; kept as an event."""
    prospect = _prospect(aode, manager=specialist)
    url = f"/api/v1/prospects/{prospect.pk}/step/"
    client = _client(specialist)
    missing = client.post(url, {"step": "forwarded", "note": "需要勘察"}, format="json")
    assert missing.status_code == 400
    assert "department_head" in missing.json()
    payload = {"step": "forwarded", "note": "需要勘察", "department_head": aode.manager.pk}
    assert client.post(url, payload, format="json").status_code == 200
    events = client.get(f"/api/v1/prospects/{prospect.pk}/events/").json()
    assert [e["kind"] for e in events] == ["REGISTERED", "STEP_FORWARDED"]
    assert events[1]["data"]["department_head"] == aode.manager.pk


def test_mgr1_sign_makes_the_customer_with_the_specialist(aode: Any, specialist: User) -> None:
    """MGR-1: signing opens the archive with the specialist as manager, 800 m³/day contracted."""
    prospect = _prospect(aode, manager=specialist)
    payload = {"account_no": "KZ0009", "category": "commercial"}
    response = _client(aode.agent).post(
        f"/api/v1/prospects/{prospect.pk}/sign/", payload, format="json"
    )
    assert response.status_code == 200, response.content
    customer = Customer.objects.get(account_no="KZ0009")
    assert response.json()["status"] == ProspectStatus.SIGNED
    assert response.json()["customer"] == customer.pk
    assert customer.customer_manager_id == specialist.pk
    assert str(customer.contract_volume_m3_per_day) == "800.00"
    again = _client(aode.agent).post(
        f"/api/v1/prospects/{prospect.pk}/drop/", {"reason": "不用了"}, format="json"
    )
    assert again.status_code == 400
    assert "status" in again.json()


def test_mgr1_drop_needs_a_reason(aode: Any) -> None:
    prospect = _prospect(aode)
    url = f"/api/v1/prospects/{prospect.pk}/drop/"
    assert _client(aode.agent).post(url, {"reason": ""}, format="json").status_code == 400
    response = _client(aode.agent).post(url, {"reason": "改用电"}, format="json")
    assert response.status_code == 200
    assert Prospect.objects.get().status == ProspectStatus.DROPPED


def test_mgr3_rating_given_once_a_year_and_listed(aode: Any, specialist: User) -> None:
    """MGR-3: the department head rates a specialist once a year; poor needs the facts."""
    url = "/api/v1/manager-ratings/"
    client = _client(aode.manager)
    with time_machine.travel(NOW, tick=False):
        poor = client.post(
            url, {"manager": specialist.pk, "year": 2026, "grade": "poor"}, format="json"
        )
        assert poor.status_code == 400
        assert "note" in poor.json()
        payload = {"manager": specialist.pk, "year": 2026, "grade": "commended"}
        assert _client(aode.agent).post(url, payload, format="json").status_code == 403
        created = client.post(url, payload, format="json")
        assert created.status_code == 201, created.content
        twice = client.post(url, {**payload, "grade": "qualified"}, format="json")
        assert twice.status_code == 400
        assert "year" in twice.json()
        rows = client.get(url).json()["results"]
    assert [(r["manager_name"], r["grade"], r["year"]) for r in rows] == [
        ("专员甲", "commended", 2026)
    ]
    assert client.get(url, {"year": 2025}).json()["results"] == []
    assert ManagerRating.objects.count() == 1


def test_help2_plan_a_day_with_one_to_two_window_helpers(aode: Any) -> None:
    """HELP-2: 1–2 window helpers a day (奥德 pack); three are refused, nothing planned."""
    helpers = [
        make_user(Role.HOTLINE_AGENT, aode.centre, username=f"bb_api{n}", display_name=f"帮办{n}")
        for n in range(3)
    ]
    url = "/api/v1/duty-shifts/"
    payload: dict[str, Any] = {
        "org_unit": aode.centre.pk,
        "on": MON.isoformat(),
        "starts_at": MON_0830,
        "window_helpers": [h.pk for h in helpers],
    }
    client = _client(aode.manager)
    with time_machine.travel(SUN_1000, tick=False):
        too_many = client.post(url, payload, format="json")
        assert too_many.status_code == 400
        assert "window_helpers" in too_many.json()
        assert "1-2" in str(too_many.json())
        assert not DutyShift.objects.exists()
        payload["window_helpers"] = [h.pk for h in helpers[:2]]
        payload["full_time_helpers"] = [helpers[2].pk]
        assert _client(aode.agent).post(url, payload, format="json").status_code == 403
        created = client.post(url, payload, format="json")
        assert created.status_code == 201, created.content
        assert [row["role"] for row in created.json()] == ["window", "window", "full_time"]
        again = client.post(url, payload, format="json")
        assert again.status_code == 400
        assert "on" in again.json()
        rows = client.get(url).json()
    assert [row["helper_name"] for row in rows] == ["帮办0", "帮办1", "帮办2"]
    assert {row["on"] for row in rows} == {"2026-11-23"}


def test_help2_on_post_ten_minutes_early_and_substitute(aode: Any) -> None:
    """HELP-2: the substitute covers; on post at 08:20, 10 minutes before 08:30, is on time."""
    helpers = [
        make_user(Role.HOTLINE_AGENT, aode.centre, username=f"bb_op{n}", display_name=f"帮办{n}")
        for n in range(2)
    ]
    payload = {
        "org_unit": aode.centre.pk,
        "on": MON.isoformat(),
        "starts_at": MON_0830,
        "window_helpers": [helpers[0].pk],
    }
    with time_machine.travel(SUN_1000, tick=False):
        planned = _client(aode.manager).post("/api/v1/duty-shifts/", payload, format="json")
    assert planned.status_code == 201
    shift_id = DutyShift.objects.get().pk
    cover = {"substitute": helpers[1].pk, "reason": "出差"}
    covered = _client(aode.manager).post(
        f"/api/v1/duty-shifts/{shift_id}/substitute/", cover, format="json"
    )
    assert covered.status_code == 200, covered.content
    assert covered.json()["substitute_name"] == "帮办1"
    with time_machine.travel(datetime(2026, 11, 23, 8, 20, tzinfo=SHANGHAI), tick=False):
        response = _client(helpers[1]).post(f"/api/v1/duty-shifts/{shift_id}/on-post/")
    assert response.status_code == 200, response.content
    assert response.json()["on_post_on_time"] is True
    with time_machine.travel(datetime(2026, 11, 22, 9, 0, tzinfo=SHANGHAI), tick=False):
        window = _client(aode.agent).get("/api/v1/duty-shifts/", {"start": "2026-11-24"})
    assert window.json() == []


def test_help2_roster_of_another_unit_is_not_listed(aode: Any, dispatcher_b: User) -> None:
    helper = make_user(Role.HOTLINE_AGENT, aode.centre, username="bb_scope")
    payload = {
        "org_unit": aode.centre.pk,
        "on": MON.isoformat(),
        "starts_at": MON_0830,
        "window_helpers": [helper.pk],
    }
    with time_machine.travel(SUN_1000, tick=False):
        assert _client(aode.manager).post("/api/v1/duty-shifts/", payload, format="json")
        assert _client(dispatcher_b).get("/api/v1/duty-shifts/").json() == []
        bad = _client(dispatcher_b).get("/api/v1/duty-shifts/", {"days": 0})
    assert bad.status_code == 400
    assert "days" in bad.json()


def test_appt10_conduct_breach_recorded_and_listed(aode: Any, dispatcher_b: User) -> None:
    """APPT-10: the office records a verified breach (append-only); no applicant phone shown."""
    with time_machine.travel(FRI_1600, tick=False):
        appointment = make_appointment(by=aode.agent, org_unit=aode.centre)
    url = "/api/v1/conduct-breaches/"
    payload = {"appointment": appointment.pk, "breach": "unjustified_refusal", "note": "查实"}
    assert _client(aode.agent).post(url, payload, format="json").status_code == 403
    no_note = _client(aode.manager).post(url, {**payload, "note": ""}, format="json")
    assert no_note.status_code == 400
    outsider = _client(dispatcher_b).post(url, payload, format="json")
    assert outsider.status_code == 400
    assert "appointment" in outsider.json()
    assert not AppointmentEvent.objects.filter(kind="CONDUCT_BREACH").exists()
    created = _client(aode.manager).post(url, payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["breach"] == "unjustified_refusal"
    rows = _client(aode.manager).get(url).json()["results"]
    assert [(r["appointment"], r["note"], r["applicant_name"]) for r in rows] == [
        (appointment.pk, "查实", "包女士")
    ]
    assert "13947512345" not in str(rows)
    assert _client(dispatcher_b).get(url).json()["results"] == []


def test_list_query_budgets(
    aode: Any, specialist: User, django_assert_max_num_queries: Any
) -> None:
    """Lists stay flat as rows grow (select_related on the selectors)."""
    for n in range(5):
        _prospect(aode, manager=specialist, company_name=f"公司{n}")
    client = _client(aode.agent)
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/prospects/").json()["results"]) == 5


def test_schema_lists_the_new_endpoints(aode: Any) -> None:
    schema = _client(aode.agent).get("/api/schema/").content.decode()
    for path in (
        "/api/v1/prospects/{id}/sign/",
        "/api/v1/duty-shifts/",
        "/api/v1/manager-ratings/",
        "/api/v1/conduct-breaches/",
    ):
        assert path in schema
