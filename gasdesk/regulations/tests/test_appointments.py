"""Appointment services and the no-show job (APPT-3…9) on the 奥德 pack."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.regulations.jobs import forfeit_no_shows
from gasdesk.regulations.models import Appointment, AppointmentEvent, AppointmentStatus
from gasdesk.regulations.services.appointments import (
    agree_appointment,
    forfeit_appointment,
    record_applicant_arrival,
    record_staff_arrival,
    refuse_appointment,
    serve_appointment,
)
from gasdesk.regulations.tests.factories import make_appointment

FRI_1600 = datetime(2026, 11, 20, 16, 0, tzinfo=SHANGHAI)
TUE_1400 = datetime(2026, 11, 24, 14, 0, tzinfo=SHANGHAI)


def _agreed(aode: Any) -> Appointment:
    with time_machine.travel(FRI_1600, tick=False):
        appointment = make_appointment(by=aode.agent, org_unit=aode.centre)
        return agree_appointment(appointment, by=aode.agent, start_at=TUE_1400, staff=aode.agent)


@pytest.mark.parametrize(
    ("requested", "due"),
    [
        (FRI_1600, datetime(2026, 11, 24, 0, 0, tzinfo=SHANGHAI)),
        (
            datetime(2026, 2, 13, 16, 0, tzinfo=SHANGHAI),
            datetime(2026, 2, 15, 0, 0, tzinfo=SHANGHAI),
        ),
    ],
)
def test_appt3_reply_due_within_1_working_day(
    aode: Any, requested: datetime, due: datetime
) -> None:
    """APPT-3 EX-17: Fri 16:00 → Mon 24:00 across the weekend; Fri 13 Feb → Sat 14 Feb 24:00
    (make-up workday)."""
    with time_machine.travel(requested, tick=False):
        appointment = make_appointment(by=aode.agent, org_unit=aode.centre)
    assert appointment.reply_due_at == due
    event = AppointmentEvent.objects.get(appointment=appointment)
    assert (event.kind, event.by, event.to_status) == ("REQUESTED", aode.agent, "requested")


def test_appt2_channel_must_be_phone_wechat_or_counter(aode: Any) -> None:
    with pytest.raises(RuleViolation) as error:
        make_appointment(by=aode.agent, org_unit=aode.centre, channel="email")
    assert error.value.field == "channel"
    assert not Appointment.objects.exists()


def test_appt_home_visit_needs_an_address(aode: Any) -> None:
    with pytest.raises(RuleViolation) as error:
        make_appointment(by=aode.agent, org_unit=aode.centre, kind="home")
    assert error.value.field == "address"


def test_appt7_agreeing_a_counter_slot_stores_ready_by_10_minutes_early(aode: Any) -> None:
    """APPT-7: staff ready at 13:50 for 14:00; no-show from 14:30 on (APPT-8)."""
    appointment = _agreed(aode)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.AGREED
    assert appointment.ready_by_at == TUE_1400 - timedelta(minutes=10)
    assert appointment.forfeit_after_at == TUE_1400 + timedelta(minutes=30)
    assert appointment.place == "客服中心"


def test_appt4_refusal_without_manager_approval_changes_nothing(aode: Any) -> None:
    """APPT-4: a refusal needs the general manager's approval (Role.MANAGER)."""
    with time_machine.travel(FRI_1600, tick=False):
        appointment = make_appointment(by=aode.agent, org_unit=aode.centre)
        with pytest.raises(RuleViolation) as error:
            refuse_appointment(
                appointment, by=aode.agent, reason="超出服务范围", approver=aode.agent
            )
    assert error.value.field == "approver"
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.REQUESTED
    assert AppointmentEvent.objects.filter(appointment=appointment).count() == 1


def test_appt4_refusal_needs_a_reason(aode: Any) -> None:
    with time_machine.travel(FRI_1600, tick=False):
        appointment = make_appointment(by=aode.agent, org_unit=aode.centre)
        with pytest.raises(RuleViolation) as error:
            refuse_appointment(appointment, by=aode.agent, reason=" ", approver=aode.manager)
    assert error.value.field == "reason"


def test_appt4_refusal_approved_by_manager_keeps_reason_and_approver(aode: Any) -> None:
    """APPT-4: approved refusal, reason given to the applicant."""
    with time_machine.travel(FRI_1600, tick=False):
        appointment = make_appointment(by=aode.agent, org_unit=aode.centre)
        refuse_appointment(appointment, by=aode.agent, reason="非燃气业务", approver=aode.manager)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.REFUSED
    assert appointment.refusal_approver == aode.manager
    event = AppointmentEvent.objects.get(appointment=appointment, kind="REFUSED")
    assert event.reason == "非燃气业务"


def test_appt8_applicant_at_exactly_30_minutes_is_served(aode: Any) -> None:
    """APPT-8 EX-18: arriving 14:30:00 is not "more than 30 minutes" late."""
    appointment = _agreed(aode)
    with time_machine.travel(TUE_1400 + timedelta(minutes=30), tick=False):
        record_applicant_arrival(appointment, by=aode.agent)
        serve_appointment(appointment, by=aode.agent, completed_on_spot=True)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.SERVED


def test_appt8_applicant_31_minutes_late_has_given_up(aode: Any) -> None:
    """APPT-8 EX-18: still absent after 14:30 → the job marks the slot forfeited (14:31)."""
    appointment = _agreed(aode)
    assert forfeit_no_shows(TUE_1400 + timedelta(minutes=30)) == 0
    with time_machine.travel(TUE_1400 + timedelta(minutes=31), tick=False):
        with pytest.raises(RuleViolation, match="30分钟"):
            record_applicant_arrival(appointment, by=aode.agent)
        assert forfeit_no_shows() == 1
        assert forfeit_no_shows() == 0
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.FORFEITED
    assert appointment.applicant_arrived_at is None
    assert AppointmentEvent.objects.filter(appointment=appointment, kind="FORFEITED").count() == 1


def test_appt8_desk_cannot_forfeit_before_the_limit(aode: Any) -> None:
    appointment = _agreed(aode)
    moment = TUE_1400 + timedelta(minutes=30)
    with time_machine.travel(moment, tick=False), pytest.raises(RuleViolation):
        forfeit_appointment(appointment, by=aode.agent)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.AGREED


def test_appt7_staff_arrival_after_ready_by_is_not_on_time(aode: Any) -> None:
    """APPT-7: at the counter 13:55 for a 14:00 slot is late (ready by 13:50)."""
    appointment = _agreed(aode)
    with time_machine.travel(TUE_1400 - timedelta(minutes=5), tick=False):
        record_staff_arrival(appointment, by=aode.agent)
    appointment.refresh_from_db()
    assert appointment.staff_on_time is False


def test_appt5_not_completed_on_spot_needs_a_written_statement(aode: Any) -> None:
    appointment = _agreed(aode)
    with time_machine.travel(TUE_1400, tick=False):
        record_applicant_arrival(appointment, by=aode.agent)
        with pytest.raises(RuleViolation) as error:
            serve_appointment(appointment, by=aode.agent, completed_on_spot=False)
    assert error.value.field == "statement"


def test_appt_stale_writer_loses(aode: Any) -> None:
    """A second desk acting on a stale copy raises ConcurrentChange and writes no event."""
    with time_machine.travel(FRI_1600, tick=False):
        appointment = make_appointment(by=aode.agent, org_unit=aode.centre)
        stale = Appointment.objects.get(pk=appointment.pk)
        agree_appointment(appointment, by=aode.agent, start_at=TUE_1400, staff=aode.agent)
        stale.status = AppointmentStatus.REQUESTED
        with pytest.raises(ConcurrentChange):
            refuse_appointment(stale, by=aode.agent, reason="重复", approver=aode.manager)
    assert AppointmentEvent.objects.filter(appointment=appointment).count() == 2


def test_appt_technician_may_not_register(aode: Any) -> None:
    technician = make_user(Role.TECHNICIAN, aode.centre)
    with pytest.raises(PermissionDeniedRule):
        make_appointment(by=technician, org_unit=aode.centre)
    assert not Appointment.objects.exists()
