"""Complaint services: registration, levels, clocks, callbacks, archive (CMP-3…CMP-17)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.complaints.intake import intake_external
from gasdesk.complaints.models import Complaint, ComplaintEvent
from gasdesk.complaints.services import (
    archive_complaint,
    close_complaint,
    record_callback,
    record_response,
    record_solution,
    set_level,
)
from gasdesk.complaints.tests.factories import complaint_fields, make_complaint
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(packs, org, agent_a):
    with time_machine.travel(FRI_2140, tick=False):
        return make_complaint(by=agent_a, target_unit=org.unit_a, cause="timeliness")


def _kinds(complaint):
    return list(complaint.events.order_by("id").values_list("kind", flat=True))


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("complainant_name", "投诉人姓名"),
        ("address", "地址"),
        ("phone", "电话"),
        ("target_text", "投诉对象"),
        ("narrative", "投诉经过"),
    ],
)
def test_cmp_3_ex_09_missing_required_field_is_named_and_nothing_saved(
    packs, org, agent_a, field, label
):
    """CMP-3 / EX-09: name, address, phone, target, narrative required; the error names it."""
    with pytest.raises(RuleViolation) as error:
        make_complaint(by=agent_a, **{field: "  "})
    assert error.value.field == field
    assert label in error.value.message
    assert not Complaint.objects.exists()
    assert not ComplaintEvent.objects.exists()


def test_cmp_3_4_registering_user_is_first_responder_and_complaint_is_routed(complaint, agent_a):
    """CMP-3/4: the registrar is 首问负责人; the specialist's copy is routed at once."""
    assert complaint.first_responder == agent_a
    assert complaint.status == "routed"
    assert complaint.routed_at == FRI_2140
    assert complaint.route_late_at is None
    assert _kinds(complaint) == ["REGISTERED", "ROUTED"]
    assert complaint.number == "TS2026112000001"


def test_cmp_ex_06_stored_clocks_of_a_friday_night_complaint(complaint):
    """EX-06: response Sat 21:40 (24 h); closure 11-21 24:00 (1 ND); solution 11-23 24:00 (3 ND)."""
    assert complaint.route_due_at == FRI_2140 + timedelta(hours=2)
    assert complaint.response_due_at == datetime(2026, 11, 21, 21, 40, tzinfo=TZ)
    assert complaint.closure_due_at == datetime(2026, 11, 22, 0, 0, tzinfo=TZ)
    assert complaint.solution_due_at == datetime(2026, 11, 24, 0, 0, tzinfo=TZ)
    assert complaint.next_due_at == complaint.response_due_at
    assert complaint.deadline_basis["response"]["amount"] == 24


def test_cmp_4_ex_08_counter_copy_entered_at_1125_is_routed_15_minutes_late(packs, agent_a):
    """CMP-4 / EX-08: accepted 09:10, forwarded 11:25 → late by 15 min, alert in the history."""
    with time_machine.travel(datetime(2026, 11, 20, 11, 25, tzinfo=TZ), tick=False):
        late = make_complaint(
            by=agent_a, channel="counter", received_at=datetime(2026, 11, 20, 9, 10, tzinfo=TZ)
        )
    assert late.route_due_at == datetime(2026, 11, 20, 11, 10, tzinfo=TZ)
    assert late.route_late_at == datetime(2026, 11, 20, 11, 25, tzinfo=TZ)
    event = late.events.get(kind="LATE")
    assert event.data == {"clock": "route", "late_minutes": 15}


def test_cmp_10_national_day_complaint_closure_with_investigation(packs, org, agent_a, specialist):
    """CMP-10/11 across National Day: accepted 2026-09-30 20:00 → investigation closure
    2026-10-02 24:00 (2 ND, holidays counted), solution 2026-10-03 24:00 (3 ND)."""
    with time_machine.travel(datetime(2026, 9, 30, 20, 0, tzinfo=TZ), tick=False):
        c = make_complaint(by=agent_a, target_unit=org.unit_a)
        set_level(c, by=specialist, level=3, needs_investigation=True)
    assert c.closure_due_at == datetime(2026, 10, 3, 0, 0, tzinfo=TZ)
    assert c.solution_due_at == datetime(2026, 10, 4, 0, 0, tzinfo=TZ)
    assert c.appeal_due_at == datetime(2026, 10, 4, 0, 0, tzinfo=TZ)


def test_cmp_7_only_the_specialist_sets_the_level(complaint, agent_a):
    """CMP-7: the level is set by the specialist; others are refused and nothing changes."""
    with pytest.raises(PermissionDeniedRule):
        set_level(complaint, by=agent_a, level=2)
    complaint.refresh_from_db()
    assert (complaint.level, complaint.status) == (None, "routed")
    assert _kinds(complaint) == ["REGISTERED", "ROUTED"]


def test_cmp_8_level_1_response_due_immediately(complaint, specialist):
    """CMP-8: level 1 is handled at once — the response deadline is the acceptance moment."""
    with time_machine.travel(FRI_2140 + timedelta(minutes=30), tick=False):
        set_level(complaint, by=specialist, level=1)
    assert complaint.response_due_at == FRI_2140
    assert complaint.appeal_due_at == datetime(2026, 11, 24, 0, 0, tzinfo=TZ)


def test_two_specialists_level_at_once_one_wins(complaint, specialist, specialist_2):
    """Concurrency: both read the same version; the second write raises ConcurrentChange."""
    stale = Complaint.objects.get(pk=complaint.pk)
    set_level(complaint, by=specialist, level=2)
    with pytest.raises(ConcurrentChange):
        set_level(stale, by=specialist_2, level=4)
    complaint.refresh_from_db()
    assert complaint.level == 2
    assert _kinds(complaint).count("LEVELLED") == 1


def _closed(complaint, specialist, level=3):
    with time_machine.travel(FRI_2140 + timedelta(hours=1), tick=False):
        set_level(complaint, by=specialist, level=level)
        record_response(complaint, by=specialist, note="已致电客户")
        return close_complaint(complaint, by=specialist, resolution="已重新上门维修")


def test_cmp_15_17_full_process_registered_to_archived(complaint, specialist, callback_agent):
    """CMP-15/17: 受理→处理→反馈→回访→归档, callback due 1 ND after closure, every step logged."""
    _closed(complaint, specialist)
    assert complaint.callback_due_at == datetime(2026, 11, 22, 0, 0, tzinfo=TZ)
    record_callback(complaint, by=callback_agent, result="客户满意")
    archive_complaint(complaint, by=specialist)
    complaint.refresh_from_db()
    assert complaint.status == "archived"
    assert _kinds(complaint) == [
        "REGISTERED",
        "ROUTED",
        "LEVELLED",
        "RESPONDED",
        "CLOSED",
        "CALLED_BACK",
        "ARCHIVED",
    ]


def test_cmp_16_level_1_callback_only_by_committee_member(
    complaint, specialist, callback_agent, committee_member
):
    """CMP-16: a level-1 complaint is called back by a committee leader; others are refused."""
    _closed(complaint, specialist, level=1)
    with pytest.raises(PermissionDeniedRule):
        record_callback(complaint, by=callback_agent, result="客户满意")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.callback_at) == ("answered", None)
    record_callback(complaint, by=committee_member, result="总经理上门回访，客户满意")
    assert complaint.status == "called_back"


def test_cmp_11_15_solution_moves_closure_and_adds_second_callback(
    complaint, specialist, callback_agent
):
    """CMP-11: the promised date becomes the closure deadline; CMP-15: a second callback is
    due 1 ND after it."""
    promised = datetime(2026, 11, 30, 18, 0, tzinfo=TZ)
    with time_machine.travel(FRI_2140 + timedelta(hours=1), tick=False):
        set_level(complaint, by=specialist, level=4, needs_investigation=True)
        record_solution(
            complaint, by=specialist, solution="更换管线需物业同意", promised_final_at=promised
        )
        assert (complaint.status, complaint.closure_due_at) == ("solution_given", promised)
        assert complaint.second_callback_due_at == datetime(2026, 12, 2, 0, 0, tzinfo=TZ)
        close_complaint(complaint, by=specialist, resolution="已更换")
        record_callback(complaint, by=callback_agent, result="首次回访")
        assert complaint.status == "answered"
        record_callback(complaint, by=callback_agent, result="二次回访满意")
    assert complaint.status == "called_back"
    assert "SECOND_CALLED_BACK" in _kinds(complaint)


def test_cannot_close_before_levelling(complaint, specialist):
    with pytest.raises(RuleViolation) as error:
        close_complaint(complaint, by=specialist, resolution="x")
    assert error.value.field == "status"
    complaint.refresh_from_db()
    assert complaint.closed_at is None


def test_cmp_2_city_12345_intake_is_idempotent_on_reference(packs, agent_a):
    """CMP-2 / WO-8: a 12345 transfer enters the complaint desk directly (直通直联), and a
    repeated transfer of the same case returns the existing complaint."""
    fields = complaint_fields(channel="city_12345")
    fields.pop("channel")
    first, created = intake_external(by=agent_a, channel="city_12345", external_ref="R-1", **fields)
    again, created_again = intake_external(
        by=agent_a, channel="city_12345", external_ref="R-1", **fields
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Complaint.objects.count() == 1


def test_unknown_cause_refused(packs, agent_a):
    with pytest.raises(RuleViolation) as error:
        make_complaint(by=agent_a, cause="nonsense")
    assert error.value.field == "cause"
    assert not Complaint.objects.exists()


def _ready_for(action, complaint, specialist, committee_member):
    """Bring the complaint to the status the step starts from."""
    if action == "close":
        with time_machine.travel(FRI_2140 + timedelta(hours=1), tick=False):
            set_level(complaint, by=specialist, level=2)
        return
    _closed(complaint, specialist, level=2)
    if action == "archive":
        record_callback(complaint, by=committee_member, result="满意")


@pytest.mark.parametrize("action", ["close", "callback", "archive"])
def test_stale_writer_loses_with_concurrent_change_and_no_event(
    complaint, specialist, committee_member, action
):
    """Concurrency: each step updates on the version read; a stale copy writes nothing."""
    _ready_for(action, complaint, specialist, committee_member)
    stale = Complaint.objects.get(pk=complaint.pk)
    Complaint.objects.filter(pk=complaint.pk).update(version=stale.version + 1)  # another writer
    events = ComplaintEvent.objects.count()
    calls = {
        "close": lambda: close_complaint(stale, by=specialist, resolution="x"),
        "callback": lambda: record_callback(stale, by=committee_member, result="x"),
        "archive": lambda: archive_complaint(stale, by=specialist),
    }
    with pytest.raises(ConcurrentChange):
        calls[action]()
    assert ComplaintEvent.objects.count() == events
    assert Complaint.objects.get(pk=complaint.pk).status == stale.status
