"""Complaint API: register, 12345 intake, steps, appeals, deductions, hot spots (CMP)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from gasdesk.complaints.models import Complaint, ComplaintEvent
from gasdesk.complaints.services import set_level
from gasdesk.complaints.tests.factories import complaint_fields, make_complaint

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
URL = "/api/v1/complaints/"

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_cmp_3_register_returns_201_and_masks_phone(packs, agent_a, org):
    """CMP-3: POST registers with the caller as first responder; lists mask the phone."""
    body = complaint_fields(target_unit=org.unit_a.pk)
    response = _client(agent_a).post(URL, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["phone"] == "138****5678"
    assert response.json()["status"] == "routed"
    assert Complaint.objects.get().first_responder == agent_a


def test_cmp_3_ex_09_missing_address_answers_400_naming_the_field(packs, agent_a):
    """EX-09: registration without an address is refused with the field 地址 named."""
    response = _client(agent_a).post(URL, complaint_fields(address=""), format="json")
    assert response.status_code == 400
    assert "地址" in str(response.json())
    assert not Complaint.objects.exists()


def test_cmp_2_12345_intake_201_then_200_for_the_same_reference(packs, agent_a):
    """CMP-2: idempotent on the 12345 reference — new → 201, repeat → 200 with the same id."""
    body = complaint_fields(external_ref="12345-2026-0001")
    body.pop("channel")
    client = _client(agent_a)
    first = client.post(URL + "intake-12345/", body, format="json")
    again = client.post(URL + "intake-12345/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["channel"] == "city_12345"
    assert Complaint.objects.count() == 1


def test_level_respond_close_callback_archive_over_the_api(
    packs, agent_a, specialist, committee_member
):
    complaint = make_complaint(by=agent_a)
    spec, base = _client(specialist), f"{URL}{complaint.pk}/"
    assert spec.post(base + "level/", {"level": 2}, format="json").status_code == 200
    assert spec.post(base + "respond/", {}, format="json").status_code == 200
    assert spec.post(base + "close/", {"resolution": "已处理"}, format="json").status_code == 200
    callback = _client(committee_member).post(base + "callback/", {"result": "满意"}, format="json")
    assert callback.status_code == 200
    archived = spec.post(base + "archive/", format="json")
    assert archived.json()["status"] == "archived"
    events = spec.get(base + "events/").json()
    assert [e["kind"] for e in events][-1] == "ARCHIVED"


def test_out_of_scope_complaint_is_404_for_another_departments_admin(
    packs, agent_a, org, dept_admin_b
):
    complaint = make_complaint(by=agent_a, target_unit=org.unit_a)
    response = _client(dept_admin_b).get(f"{URL}{complaint.pk}/")
    assert response.status_code == 404


def test_cmp_14_appeal_and_decision_over_the_api(packs, agent_a, org, specialist, dept_admin_a):
    complaint = make_complaint(by=agent_a, target_unit=org.unit_a)
    set_level(complaint, by=specialist, level=2)
    base = f"{URL}{complaint.pk}/"
    filed = _client(dept_admin_a).post(
        base + "appeal/", {"level_requested": 3, "reason": "非本部门责任"}, format="json"
    )
    assert filed.status_code == 201, filed.content
    decided = _client(specialist).post(
        base + "decide-appeal/",
        {"appeal": filed.json()["id"], "upheld": False, "reason": "维持"},
        format="json",
    )
    assert decided.json()["status"] == "rejected"


def test_cmp_14_late_appeal_answers_400_with_reason(packs, agent_a, org, specialist, dept_admin_a):
    complaint = make_complaint(by=agent_a, target_unit=org.unit_a)
    set_level(complaint, by=specialist, level=2)
    with time_machine.travel(NOW + timedelta(days=4), tick=False):
        response = _client(dept_admin_a).post(
            f"{URL}{complaint.pk}/appeal/", {"level_requested": 3, "reason": "x"}, format="json"
        )
    assert response.status_code == 400
    assert "逾期申诉不予受理" in str(response.json())
    assert not ComplaintEvent.objects.filter(kind="APPEALED").exists()


def _levelled(by, specialist, unit, level, count):
    for _ in range(count):
        set_level(make_complaint(by=by, target_unit=unit), by=specialist, level=level)


def test_cmp_19_ex_01_quarter_deduction_7_30_with_drilldown(packs, agent_a, org, specialist):
    """CMP-19 EX-01: 2 level-1, 3 level-3, 8 level-5 in Q4 → unit A loses 7.30 points."""
    for level, count in [(1, 2), (3, 3), (5, 8)]:
        _levelled(agent_a, specialist, org.unit_a, level, count)
    _levelled(agent_a, specialist, org.unit_b, 2, 1)
    client = _client(specialist)
    rows = client.get(URL + "deductions/", {"year": 2026, "quarter": 4}).json()
    assert [(r["unit"], r["total"]) for r in rows] == [
        (org.unit_a.pk, "7.30"),
        (org.unit_b.pk, "1.00"),
    ]
    assert rows[0]["counts"] == {"1": 2, "3": 3, "5": 8}
    drill = client.get(
        URL + "deductions/complaints/", {"year": 2026, "quarter": 4, "unit": org.unit_a.pk}
    ).json()
    assert (len(drill["results"]), drill["next"]) == (13, None)
    assert client.get(URL + "deductions/", {"year": 2026, "quarter": 3}).json() == []


def test_cmp_23_hot_spots_by_cause_with_previous_period(packs, agent_a):
    """CMP-23: top causes this week vs the week before."""
    with time_machine.travel(NOW - timedelta(days=7), tick=False):
        make_complaint(by=agent_a, cause="billing")
    for cause in ["timeliness", "timeliness", "billing"]:
        make_complaint(by=agent_a, cause=cause)
    rows = (
        _client(agent_a)
        .get(
            URL + "hot-spots/",
            {"start": "2026-11-14", "end": "2026-11-20", "dimension": "cause", "top": 5},
        )
        .json()
    )
    assert rows == [
        {"key": "timeliness", "count": 2, "previous": 0, "change": 2},
        {"key": "billing", "count": 1, "previous": 1, "change": 0},
    ]


def test_list_and_desk_query_budget(packs, agent_a, specialist, django_assert_max_num_queries):
    for _ in range(5):
        make_complaint(by=agent_a)
    client = _client(specialist)
    with django_assert_max_num_queries(8):
        assert len(client.get(URL).json()["results"]) == 5
    with django_assert_max_num_queries(8):
        assert len(client.get(URL + "desk/").json()) == 5
