"""Field results in the customer archive (INSP-6, METER-1), SMS-2 briefing on completion, and
uploads written only when the completion commits (no orphan files)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.customers.models import Customer, Meter, TierChange
from gasdesk.customers.tests.factories import make_customer
from gasdesk.fieldwork.models import FieldEvent, FieldVisit, FollowUpTask, VisitPhoto
from gasdesk.fieldwork.services import visits
from gasdesk.fieldwork.services.archive import record_meter_replacement, verify_rectification
from gasdesk.fieldwork.services.dispatch import accept_order
from gasdesk.fieldwork.services.taps import perform_tap
from gasdesk.fieldwork.services.visits import (
    add_photo,
    complete_order,
    issue_hazard_notice,
    record_arrival,
)
from gasdesk.fieldwork.tests.factories import assigned_order, signature_url, tiny_png
from gasdesk.workorders.models import WorkOrder

TZ = ZoneInfo("Asia/Shanghai")
MON_0900 = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def _on_site(*, agent, dispatcher, technician, unit, **fields) -> WorkOrder:
    order, _ = assigned_order(
        agent=agent, dispatcher=dispatcher, technician=technician, unit=unit, at=MON_0900, **fields
    )
    with time_machine.travel(MON_0900 + timedelta(minutes=5), tick=False):
        accept_order(order, by=technician)
    with time_machine.travel(MON_0900 + timedelta(minutes=40), tick=False):
        record_arrival(order, by=technician)
    return order


@pytest.fixture
def customer(org):
    return make_customer(org.unit_a, account_no="CH0001")


@pytest.fixture
def on_site(org, packs, agent_a, dispatcher_a, technician_a, customer):
    """A 巢湖 repair of `customer`, technician on site at 09:40."""
    return _on_site(
        agent=agent_a,
        dispatcher=dispatcher_a,
        technician=technician_a,
        unit=org.unit_a,
        customer=customer,
    )


@pytest.fixture
def kunlun_on_site(kunlun):
    """A 96602 repair, technician on site (001's SMS-2 rule applies)."""
    return _on_site(
        agent=kunlun.agent,
        dispatcher=kunlun.dispatcher,
        technician=kunlun.technician,
        unit=kunlun.unit,
    )


def _notice(order, technician):
    with time_machine.travel(MON_0900 + timedelta(hours=1), tick=False):
        return issue_hazard_notice(
            order, by=technician, items=["胶管老化", "热水器无烟道"], rectify_by=date(2026, 11, 30)
        )


def test_insp_6_field_hazard_notice_flags_the_customer(on_site, technician_a, customer):
    """INSP-6: a 安全隐患整改通知书 on a field visit makes the customer a hazard customer."""
    notice = _notice(on_site, technician_a)
    assert Customer.objects.get(pk=customer.pk).flag_hazard is True
    change = TierChange.objects.get(customer=customer)
    assert (change.kind, change.reason, change.by) == (
        "hazard_marked",
        "胶管老化；热水器无烟道",
        technician_a,
    )
    assert change.data["source"] == f"hazard_notice:{notice.pk}"


def test_insp_6_verified_rectification_clears_the_flag_and_closes_the_recheck(
    on_site, technician_a, customer
):
    """INSP-6: the re-check (复查) finds the hazards fixed: task done, flag cleared, logged."""
    notice = _notice(on_site, technician_a)
    at = MON_0900 + timedelta(days=7)
    with time_machine.travel(at, tick=False):
        perform_tap(
            on_site,
            "verify_rectification",
            by=technician_a,
            token=None,
            params={"notice_id": notice.pk, "note": "已更换胶管并加装烟道"},
        )
    assert FollowUpTask.objects.get(notice=notice).done_at == at
    assert Customer.objects.get(pk=customer.pk).flag_hazard is False
    cleared = TierChange.objects.filter(customer=customer).latest("id")
    assert (cleared.kind, cleared.reason, cleared.at) == (
        "hazard_cleared",
        "已更换胶管并加装烟道",
        at,
    )
    assert FieldEvent.objects.filter(order=on_site, kind="HAZARD_RECTIFIED").count() == 1
    with pytest.raises(ConcurrentChange):
        verify_rectification(on_site, by=technician_a, notice_id=notice.pk)
    assert TierChange.objects.filter(customer=customer).count() == 2


def test_insp_6_rectification_of_another_orders_notice_is_refused(on_site, technician_a, customer):
    with pytest.raises(RuleViolation) as error:
        verify_rectification(on_site, by=technician_a, notice_id=999999)
    assert error.value.field == "notice"
    assert not FieldEvent.objects.filter(kind="HAZARD_RECTIFIED").exists()


def test_meter_1_meter_replaced_on_a_visit_goes_into_the_customer_meters(
    on_site, technician_a, customer
):
    """METER-1: old meter retired today (kept in history), new one in its place, one event."""
    meter = Meter.objects.create(
        customer=customer, meter_no="OLD-7", kind="ordinary", installed_on=date(2012, 3, 1)
    )
    with time_machine.travel(MON_0900 + timedelta(hours=1), tick=False):
        perform_tap(
            on_site,
            "replace_meter",
            by=technician_a,
            token=None,
            params={"meter_id": meter.pk, "new_meter_no": "NEW-8", "new_kind": ""},
        )
    old = Meter.objects.get(pk=meter.pk)
    assert (old.meter_no, old.retired_on) == ("OLD-7", date(2026, 11, 23))
    stored = Meter.objects.active().get(customer=customer)
    assert (stored.meter_no, stored.kind, stored.installed_on) == (
        "NEW-8",
        "ordinary",
        date(2026, 11, 23),
    )
    change = TierChange.objects.get(kind="meter_replaced")
    assert change.data["retired"]["retired_on"] == "2026-11-23"
    event = FieldEvent.objects.get(order=on_site, kind="METER_REPLACED")
    assert event.data == {
        "meter": meter.pk,
        "new_meter": stored.pk,
        "old_meter_no": "OLD-7",
        "new_meter_no": "NEW-8",
    }


def test_meter_1_a_meter_of_another_customer_is_refused(org, on_site, technician_a):
    stranger = make_customer(org.unit_a)
    meter = Meter.objects.create(customer=stranger, meter_no="S-1", kind="ordinary")
    with pytest.raises(RuleViolation) as error:
        record_meter_replacement(on_site, by=technician_a, meter_id=meter.pk, new_meter_no="N")
    assert error.value.field == "meter"
    assert Meter.objects.get(pk=meter.pk).retired_on is None
    assert Meter.objects.filter(customer=stranger).count() == 1
    assert not FieldEvent.objects.filter(kind="METER_REPLACED").exists()


def test_sms_2_96602_completion_without_the_safety_briefing_is_refused(kunlun, kunlun_on_site):
    """SMS-2 (001 annex V-15): leaflets handed out and safe use explained before leaving."""
    with pytest.raises(RuleViolation) as error:
        complete_order(
            kunlun_on_site, by=kunlun.technician, signature=signature_url(), signed_by_name="李"
        )
    assert error.value.field == "safety_briefed"
    assert WorkOrder.objects.get(pk=kunlun_on_site.pk).status == "arrived"
    assert FieldVisit.objects.get(order=kunlun_on_site).safety_briefed_at is None


def test_sms_2_96602_completion_records_the_safety_briefing(kunlun, kunlun_on_site):
    at = MON_0900 + timedelta(hours=2)
    with time_machine.travel(at, tick=False):
        visit = complete_order(
            kunlun_on_site,
            by=kunlun.technician,
            signature=signature_url(),
            signed_by_name="李",
            safety_briefed=True,
        )
    assert visit.safety_briefed_at == at
    event = FieldEvent.objects.get(order=kunlun_on_site, kind="SIGNED_COMPLETED")
    assert event.data["safety_briefed"] is True


def test_sms_2_chaohu_pack_does_not_require_the_briefing(on_site, technician_a):
    """000 is silent on SMS-2: the 巢湖 pack shows the items but does not require them."""
    visit = complete_order(on_site, by=technician_a, signature=signature_url(), signed_by_name="王")
    assert (visit.outcome, visit.safety_briefed_at) == ("completed", None)


def _files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_wo_7_rolled_back_completion_leaves_no_signature_file(
    on_site, technician_a, monkeypatch, django_capture_on_commit_callbacks
):
    """A completion whose transaction rolls back (here: the history write fails after the
    signature was attached) writes no file to storage."""

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(visits, "log_event", broken)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        complete_order(on_site, by=technician_a, signature=signature_url(), signed_by_name="王")
    assert _files() == []
    assert FieldVisit.objects.get(order=on_site).signature.name == ""


def test_wo_7_photo_in_a_rolled_back_transaction_leaves_no_file(
    on_site, technician_a, django_capture_on_commit_callbacks
):
    """The caller's transaction fails after the photo was added: no file, no row."""
    upload = SimpleUploadedFile("a.png", tiny_png(), content_type="image/png")

    def add_then_fail() -> None:
        with transaction.atomic():
            add_photo(on_site, by=technician_a, upload=upload)
            raise RuntimeError("caller failed afterwards")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        add_then_fail()
    assert _files() == []
    assert not VisitPhoto.objects.exists()


def test_wo_7_committed_photo_and_signature_are_written(
    on_site, technician_a, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("a.png", tiny_png(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        photo = add_photo(on_site, by=technician_a, upload=upload)
        visit = complete_order(
            on_site, by=technician_a, signature=signature_url(), signed_by_name="王"
        )
    assert photo.image.read().startswith(b"\x89PNG")
    assert visit.signature.read().startswith(b"\x89PNG")
    assert len(_files()) == 2


def test_insp_6_recheck_from_the_printed_notice_page(client, on_site, technician_a, customer):
    """INSP-6: the notice page offers the re-check; posting it closes the task."""
    notice = _notice(on_site, technician_a)
    client.force_login(technician_a)
    page = client.get(reverse("fieldwork:hazard_notice", args=[notice.pk]))
    assert page.status_code == 200
    assert b'data-testid="recheck-form"' in page.content
    url = reverse("fieldwork:tap", args=[on_site.pk, "verify_rectification"])
    response = client.post(url, {"notice_id": notice.pk, "note": "已整改", "next": "/x/"})
    assert (response.status_code, response["Location"]) == (302, "/x/")
    assert FollowUpTask.objects.get(notice=notice).done_at is not None
    assert Customer.objects.get(pk=customer.pk).flag_hazard is False


def test_sms_2_sign_page_asks_for_the_briefing_and_refuses_without_it(
    client, kunlun, kunlun_on_site
):
    """SMS-2: the 96602 sign page lists 001's briefing items with a required checkbox; a
    completion without it is refused with the reason and the order stays on site."""
    client.force_login(kunlun.technician)
    url = reverse("fieldwork:sign", args=[kunlun_on_site.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="safety-briefing"' in page
    assert "向客户发放安全用气宣传资料" in page
    refused = client.post(url, {"signature": signature_url(), "signed_by_name": "李"})
    assert refused.status_code == 400
    assert "安全用气宣传资料" in refused.content.decode()
    assert WorkOrder.objects.get(pk=kunlun_on_site.pk).status == "arrived"
    done = client.post(
        url, {"signature": signature_url(), "signed_by_name": "李", "safety_briefed": "on"}
    )
    assert done.status_code == 302
    assert FieldVisit.objects.get(order=kunlun_on_site).safety_briefed_at is not None
