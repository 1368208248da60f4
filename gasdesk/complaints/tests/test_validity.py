"""有效投诉 (CMP-1, OQ-13): the specialist's valid/invalid decision, its history, API and page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from gasdesk.complaints.models import Complaint, ComplaintEvent
from gasdesk.complaints.services import archive_complaint, set_level, set_validity
from gasdesk.complaints.tests.factories import make_complaint
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def complaint(packs, org, agent_a):
    return make_complaint(by=agent_a, target_unit=org.unit_a)


def _validity_events(complaint):
    return list(complaint.events.filter(kind="VALIDITY_SET").order_by("id"))


def test_cmp_1_invalid_needs_a_reason_and_nothing_changes_without_one(complaint, specialist):
    """CMP-1 / OQ-13: 无效投诉 without the specialist's reason is refused, naming the field."""
    with pytest.raises(RuleViolation) as error:
        set_validity(complaint, by=specialist, valid=False, invalid_reason="  ")

    assert error.value.field == "invalid_reason"
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.is_valid, stored.validity_decided_at, stored.version) == (None, None, 0)
    assert _validity_events(complaint) == []


def test_cmp_1_decision_is_kept_and_each_revision_appended_to_history(complaint, specialist):
    """CMP-1 / OQ-13: invalid with its reason, then revised to valid; both stay in history."""
    set_validity(complaint, by=specialist, valid=False, invalid_reason="非我司供气范围")
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.is_valid, stored.invalid_reason, stored.validity_decided_at) == (
        False,
        "非我司供气范围",
        NOW,
    )

    set_validity(stored, by=specialist, valid=True)

    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.is_valid, stored.invalid_reason) == (True, "")
    first, second = _validity_events(complaint)
    assert (first.reason, first.data) == ("非我司供气范围", {"is_valid": False, "previous": None})
    assert second.data == {"is_valid": True, "previous": False}
    assert second.by == specialist


def test_cmp_1_validity_decided_together_with_the_level(complaint, specialist):
    """CMP-1 / CMP-7: the level form may carry the validity decision; one LEVELLED event."""
    set_level(complaint, by=specialist, level=3, valid=True)

    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.level, stored.is_valid) == (3, True)
    event = complaint.events.get(kind="LEVELLED")
    assert (event.data["is_valid"], event.data["invalid_reason"]) == (True, "")


def test_cmp_1_invalid_level_without_reason_changes_nothing(complaint, specialist):
    with pytest.raises(RuleViolation) as error:
        set_level(complaint, by=specialist, level=5, valid=False)

    assert error.value.field == "invalid_reason"
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.level, stored.is_valid, stored.status) == (None, None, "routed")
    assert not complaint.events.filter(kind="LEVELLED").exists()


def test_cmp_1_only_the_specialist_decides_validity(complaint, committee_member):
    with pytest.raises(PermissionDeniedRule):
        set_validity(complaint, by=committee_member, valid=True)
    assert Complaint.objects.get(pk=complaint.pk).is_valid is None
    assert _validity_events(complaint) == []


def test_cmp_1_an_archived_complaint_keeps_its_decision(complaint, specialist):
    Complaint.objects.filter(pk=complaint.pk).update(status="called_back")
    archived = archive_complaint(Complaint.objects.get(pk=complaint.pk), by=specialist)

    with pytest.raises(RuleViolation) as error:
        set_validity(archived, by=specialist, valid=True)

    assert error.value.field == "status"
    assert Complaint.objects.get(pk=complaint.pk).is_valid is None


def test_cmp_1_stale_validity_writer_loses(complaint, specialist, specialist_2):
    stale = Complaint.objects.get(pk=complaint.pk)
    set_validity(complaint, by=specialist, valid=True)

    with pytest.raises(ConcurrentChange):
        set_validity(stale, by=specialist_2, valid=False, invalid_reason="重复投诉")

    assert Complaint.objects.get(pk=complaint.pk).is_valid is True
    assert ComplaintEvent.objects.filter(kind="VALIDITY_SET").count() == 1


def test_cmp_1_api_marks_invalid_and_names_the_missing_reason(complaint, specialist):
    client = APIClient()
    client.force_authenticate(specialist)
    url = f"/api/v1/complaints/{complaint.pk}/validity/"

    refused = client.post(url, {"valid": False}, format="json")
    done = client.post(url, {"valid": False, "invalid_reason": "重复投诉"}, format="json")

    assert refused.status_code == 400
    assert "invalid_reason" in refused.json()
    assert done.status_code == 200, done.content
    assert (done.json()["is_valid"], done.json()["invalid_reason"]) == (False, "重复投诉")


def test_cmp_1_api_level_with_validity(complaint, specialist):
    client = APIClient()
    client.force_authenticate(specialist)

    response = client.post(
        f"/api/v1/complaints/{complaint.pk}/level/", {"level": 4, "valid": True}, format="json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["level"], response.json()["is_valid"]) == (4, True)


def test_cmp_1_desk_page_step_marks_invalid_and_shows_it(client, complaint, specialist):
    client.force_login(specialist)
    url = reverse("complaints:step", args=[complaint.pk, "validity"])

    response = client.post(
        url, {"validity-valid": "invalid", "validity-invalid_reason": "客户误解已解释"}
    )

    assert response.status_code == 302
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    validity = page.split('data-testid="validity"')[1].split("</dd>")[0]
    assert "无效投诉" in validity
    assert "客户误解已解释" in validity
    assert "认定有效性" in page.split('data-testid="timeline"')[1]
