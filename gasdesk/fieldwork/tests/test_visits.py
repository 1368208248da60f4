"""At the door (DSP-7/8, WO-7, CAL-9): arrival, work, photos, not met, hazards, signature."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gasdesk.core.errors import RuleViolation
from gasdesk.fieldwork.models import (
    FieldEvent,
    FieldVisit,
    FollowUpTask,
    HazardNotice,
    NotMetNotice,
    VisitPhoto,
)
from gasdesk.fieldwork.services.dispatch import accept_order
from gasdesk.fieldwork.services.visits import (
    WorkRecord,
    add_photo,
    complete_order,
    issue_hazard_notice,
    record_arrival,
    record_not_met,
    record_work,
)
from gasdesk.fieldwork.tests.factories import assigned_order, signature_url, tiny_png
from gasdesk.fieldwork.uploads import MAX_PHOTO_BYTES
from gasdesk.workorders.jobs import scan_breaches
from gasdesk.workorders.models import WorkOrder

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(org, packs, agent_a, dispatcher_a, technician_a):
    """A 巢湖 repair (C8: on site within 4 h) received and assigned Fri 21:40, signed 21:45."""
    order, _ = assigned_order(
        agent=agent_a,
        dispatcher=dispatcher_a,
        technician=technician_a,
        unit=org.unit_a,
        at=FRI_2140,
    )
    with time_machine.travel(FRI_2140 + timedelta(minutes=5), tick=False):
        accept_order(order, by=technician_a)
    return order


@pytest.fixture
def on_site(accepted, technician_a):
    with time_machine.travel(FRI_2140 + timedelta(minutes=50), tick=False):
        record_arrival(accepted, by=technician_a)
    return accepted


def test_dsp_4_arrival_meets_the_4_hour_clock_and_opens_a_visit(on_site):
    """DSP-4 / C8: arrival at 22:30 for a 21:40 report (due 01:40) is on time."""
    order = WorkOrder.objects.get(pk=on_site.pk)
    assert order.arrival_due_at == datetime(2026, 11, 21, 1, 40, tzinfo=TZ)
    assert order.arrived_at == datetime(2026, 11, 20, 22, 30, tzinfo=TZ)
    assert FieldVisit.objects.get(order=order).visited_at == order.arrived_at


def test_work_record_keeps_materials_and_hazards(on_site, technician_a):
    work = WorkRecord(
        work_done="更换灶具胶管",
        result="已恢复正常",
        materials=[{"name": "燃气胶管", "quantity": "1.5", "unit": "米"}],
        hazards="胶管老化",
    )
    with time_machine.travel(FRI_2140 + timedelta(hours=1), tick=False):
        visit = record_work(on_site, by=technician_a, work=work)
    assert visit.materials == [{"name": "燃气胶管", "quantity": "1.5", "unit": "米"}]
    assert (visit.hazards, visit.result) == ("胶管老化", "已恢复正常")
    assert WorkOrder.objects.get(pk=on_site.pk).status == "in_progress"


def test_work_record_refuses_a_nameless_material_and_changes_nothing(on_site, technician_a):
    work = WorkRecord(work_done="检修", materials=[{"name": " ", "quantity": "1"}])
    with pytest.raises(RuleViolation) as error:
        record_work(on_site, by=technician_a, work=work)
    assert error.value.field == "materials"
    assert WorkOrder.objects.get(pk=on_site.pk).status == "arrived"
    assert FieldVisit.objects.get(order=on_site).work_done == ""


def test_photo_upload_accepts_a_png(on_site, technician_a):
    upload = SimpleUploadedFile("a.png", tiny_png(), content_type="image/png")
    photo = add_photo(on_site, by=technician_a, upload=upload)
    assert (photo.content_type, photo.size_bytes) == ("png", len(tiny_png()))
    assert (photo.image.name or "").endswith(".png")


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"<script>alert(1)</script>", "x.png"), (b"%PDF-1.4 fake", "x.jpg")],
)
def test_photo_upload_refuses_non_images_whatever_their_name(on_site, technician_a, content, name):
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    with pytest.raises(RuleViolation):
        add_photo(on_site, by=technician_a, upload=upload)
    assert not VisitPhoto.objects.exists()


def test_photo_upload_refuses_an_oversized_file(on_site, technician_a):
    big = tiny_png() + b"\x00" * MAX_PHOTO_BYTES
    with pytest.raises(RuleViolation):
        add_photo(on_site, by=technician_a, upload=SimpleUploadedFile("b.png", big))
    assert not VisitPhoto.objects.exists()


def test_dsp_8_not_met_posts_a_notice_and_suspends_without_breach(accepted, technician_a):
    """DSP-8 / CAL-9: nobody home at 23:00 → 到访不遇通知单 with the time; the order is
    suspended (not_at_home), so the 01:40 arrival deadline passing is no breach."""
    knock = datetime(2026, 11, 20, 23, 0, tzinfo=TZ)
    with time_machine.travel(knock, tick=False):
        notice = record_not_met(accepted, by=technician_a, note="敲门三次无人应答")
    assert (notice.visited_at, notice.note) == (knock, "敲门三次无人应答")
    order = WorkOrder.objects.get(pk=accepted.pk)
    assert (order.status, order.suspend_reason) == ("suspended", "not_at_home")
    assert scan_breaches(now=datetime(2026, 11, 21, 6, 0, tzinfo=TZ)) == 0
    assert WorkOrder.objects.get(pk=accepted.pk).arrival_breached_at is None
    assert FieldVisit.objects.get(order=order).outcome == "not_met"


def test_dsp_8_not_met_is_refused_before_signing(org, packs, agent_a, dispatcher_a, technician_a):
    order, _ = assigned_order(
        agent=agent_a,
        dispatcher=dispatcher_a,
        technician=technician_a,
        unit=org.unit_a,
        at=FRI_2140,
    )
    with pytest.raises(RuleViolation):
        record_not_met(order, by=technician_a)
    assert not NotMetNotice.objects.exists()
    assert WorkOrder.objects.get(pk=order.pk).status == "dispatched"


def test_hazard_notice_with_items_deadline_and_follow_up_task(on_site, technician_a):
    with time_machine.travel(FRI_2140 + timedelta(hours=1), tick=False):
        notice = issue_hazard_notice(
            on_site,
            by=technician_a,
            items=["胶管超期使用", " ", "热水器无烟道"],
            rectify_by=date(2026, 11, 27),
        )
    assert notice.items == ["胶管超期使用", "热水器无烟道"]
    task = FollowUpTask.objects.get(notice=notice)
    assert (task.due_on, task.org_unit) == (date(2026, 11, 27), on_site.org_unit)
    assert FieldEvent.objects.filter(order=on_site, kind="HAZARD_NOTICE_ISSUED").count() == 1


def test_hazard_notice_needs_items_and_a_future_deadline(on_site, technician_a):
    with time_machine.travel(FRI_2140 + timedelta(hours=1), tick=False):
        with pytest.raises(RuleViolation):
            issue_hazard_notice(on_site, by=technician_a, items=[], rectify_by=date(2026, 11, 27))
        with pytest.raises(RuleViolation):
            issue_hazard_notice(
                on_site, by=technician_a, items=["x"], rectify_by=date(2026, 11, 19)
            )
    assert not HazardNotice.objects.exists()
    assert not FollowUpTask.objects.exists()


def test_wo_7_completion_stores_the_customer_signature_png(
    on_site, technician_a, django_capture_on_commit_callbacks
):
    """WO-7: the customer signs the task sheet on screen; the order completes (the file is
    written when the transaction commits)."""
    with (
        time_machine.travel(FRI_2140 + timedelta(hours=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        visit = complete_order(
            on_site,
            by=technician_a,
            signature=signature_url(),
            signed_by_name="王先生",
            result="已修复",
        )
    assert visit.signature.read().startswith(b"\x89PNG")
    assert (visit.outcome, visit.signed_by_name) == ("completed", "王先生")
    order = WorkOrder.objects.get(pk=on_site.pk)
    assert (order.status, order.result) == ("completed", "已修复")
    assert order.completed_at == FRI_2140 + timedelta(hours=2)


@pytest.mark.parametrize(
    "signature",
    ["", "data:image/jpeg;base64,AAAA", "data:image/png;base64,%%%", "data:image/png;base64,AAAA"],
)
def test_wo_7_completion_without_a_valid_signature_changes_nothing(
    on_site, technician_a, signature
):
    with pytest.raises(RuleViolation) as error:
        complete_order(on_site, by=technician_a, signature=signature, signed_by_name="王先生")
    assert error.value.field == "signature"
    assert WorkOrder.objects.get(pk=on_site.pk).status == "arrived"
    assert not FieldEvent.objects.filter(kind="SIGNED_COMPLETED").exists()
