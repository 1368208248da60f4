"""Appointments: scope and channels (APPT-1/2), the customer's manager as staff with temporary
re-assignment (APPT-6, MGR-5), the register export (APPT-9) and conduct (APPT-10)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.regulations.models import Appointment, AppointmentEvent
from gasdesk.regulations.selectors import conduct_breaches
from gasdesk.regulations.services.appointments import (
    agree_appointment,
    reassign_appointment,
    record_conduct_breach,
)
from gasdesk.regulations.services.common import rules_for_unit
from gasdesk.regulations.tests.factories import make_appointment

FRI_1600 = datetime(2026, 11, 20, 16, 0, tzinfo=SHANGHAI)
TUE_1400 = datetime(2026, 11, 24, 14, 0, tzinfo=SHANGHAI)


@pytest.fixture
def managed(aode: Any) -> Any:
    """An enterprise whose customer manager (客户经理) is 专员甲."""
    manager = make_user(Role.HOTLINE_AGENT, aode.centre, username="jingli", display_name="专员甲")
    return make_customer(aode.centre, category="commercial", customer_manager=manager)


def _request(aode: Any, **overrides: Any) -> Appointment:
    with time_machine.travel(FRI_1600, tick=False):
        return make_appointment(by=aode.agent, org_unit=aode.centre, **overrides)


@pytest.mark.parametrize(
    ("field", "value"),
    [("scope", "weekend_party"), ("applicant_kind", "anyone"), ("channel", "email")],
)
def test_appt1_appt2_scope_applicant_and_channel_are_the_handbook_lists(
    aode: Any, field: str, value: str
) -> None:
    """APPT-1/2: matters and applicants of 002 二.(二)–(三); channels phone, WeChat, in person."""
    with pytest.raises(RuleViolation) as error:
        _request(aode, **{field: value})
    assert error.value.field == field
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("channel", ["phone", "wechat", "counter"])
def test_appt2_request_by_phone_wechat_or_in_person(aode: Any, channel: str) -> None:
    """APPT-2: 通过电话、微信、现场等方式提出申请."""
    appointment = _request(
        aode, channel=channel, scope="outside_hours", applicant_kind="special_needs"
    )
    stored = Appointment.objects.get(pk=appointment.pk)
    assert (stored.channel, stored.scope, stored.applicant_kind) == (
        channel,
        "outside_hours",
        "special_needs",
    )


def test_appt6_mgr5_staff_default_to_the_customers_manager(aode: Any, managed: Any) -> None:
    """APPT-6 / MGR-5: 原则上服务人员主要为客户经理 — proposed at request, used when agreeing."""
    appointment = _request(aode, customer=managed)
    assert appointment.staff_id == managed.customer_manager_id
    with time_machine.travel(FRI_1600, tick=False):
        agree_appointment(appointment, by=aode.agent, start_at=TUE_1400)
    stored = Appointment.objects.get()
    assert stored.staff_id == managed.customer_manager_id
    event = AppointmentEvent.objects.get(kind="AGREED")
    assert "reassigned_from" not in event.data


def test_appt6_someone_else_than_the_manager_needs_a_reason(aode: Any, managed: Any) -> None:
    """APPT-6: another person is a temporary re-assignment (临时调配) with its reason kept."""
    appointment = _request(aode, customer=managed)
    with time_machine.travel(FRI_1600, tick=False):
        with pytest.raises(RuleViolation) as error:
            agree_appointment(appointment, by=aode.agent, start_at=TUE_1400, staff=aode.agent)
        assert error.value.field == "reason"
        assert Appointment.objects.get().status == "requested"
        agree_appointment(
            appointment, by=aode.agent, start_at=TUE_1400, staff=aode.agent, reason="客户经理出差"
        )
    event = AppointmentEvent.objects.get(kind="AGREED")
    assert event.data["reassigned_from"] == managed.customer_manager_id
    assert event.data["reassign_reason"] == "客户经理出差"


def test_appt6_without_a_manager_the_desk_names_the_staff(aode: Any) -> None:
    """APPT-6: a walk-in without an archived manager needs a staff member chosen."""
    appointment = _request(aode)
    with time_machine.travel(FRI_1600, tick=False), pytest.raises(RuleViolation) as error:
        agree_appointment(appointment, by=aode.agent, start_at=TUE_1400)
    assert error.value.field == "staff"
    assert Appointment.objects.get().status == "requested"


def test_appt6_conflict_resolved_by_temporary_reassignment_kept_in_history(
    aode: Any, managed: Any
) -> None:
    """APPT-6: 人员安排冲突可临时调配 — the REASSIGNED event keeps from, to and why."""
    appointment = _request(aode, customer=managed)
    with time_machine.travel(FRI_1600, tick=False):
        agree_appointment(appointment, by=aode.agent, start_at=TUE_1400)
        with pytest.raises(RuleViolation):
            reassign_appointment(appointment, by=aode.agent, staff=aode.agent, reason=" ")
        reassign_appointment(appointment, by=aode.agent, staff=aode.agent, reason="时间冲突")
    assert Appointment.objects.get().staff_id == aode.agent.pk
    event = AppointmentEvent.objects.get(kind="REASSIGNED")
    assert event.data == {"from": managed.customer_manager_id, "to": aode.agent.pk}
    assert event.reason == "时间冲突"


def test_appt6_stale_reassignment_loses(aode: Any, managed: Any) -> None:
    appointment = _request(aode, customer=managed)
    with time_machine.travel(FRI_1600, tick=False):
        agree_appointment(appointment, by=aode.agent, start_at=TUE_1400)
        stale = Appointment.objects.get(pk=appointment.pk)
        reassign_appointment(appointment, by=aode.agent, staff=aode.agent, reason="时间冲突")
        with pytest.raises(ConcurrentChange):
            reassign_appointment(stale, by=aode.agent, staff=aode.manager, reason="再次调配")
    assert AppointmentEvent.objects.filter(kind="REASSIGNED").count() == 1


def test_appt10_conduct_rules_come_from_the_pack(aode: Any) -> None:
    """APPT-10: 002 二.(五) — no obstruction, no rule-breaking, no personal gain; complaints."""
    conduct = rules_for_unit(aode.centre, FRI_1600)[1].appointments.conduct
    assert len(conduct) == 5
    assert "不得设障刁难" in conduct[2]
    assert "以权谋私" in conduct[2]
    assert "投诉" in conduct[3]


def test_appt10_leader_records_a_verified_breach_for_the_assessment(aode: Any) -> None:
    """APPT-10: an unjustified refusal or a verified complaint is recorded (append-only)."""
    appointment = _request(aode)
    with pytest.raises(PermissionDeniedRule):
        record_conduct_breach(appointment, by=aode.agent, breach="obstruction", note="刁难")
    with pytest.raises(RuleViolation) as error:
        record_conduct_breach(appointment, by=aode.manager, breach="late_lunch", note="x")
    assert error.value.field == "breach"
    assert not AppointmentEvent.objects.filter(kind="CONDUCT_BREACH").exists()
    record_conduct_breach(
        appointment, by=aode.manager, breach="verified_complaint", note="申请人投诉经查实"
    )
    breach = conduct_breaches(aode.manager).get()
    assert breach.data["breach"] == "verified_complaint"
    assert Appointment.objects.get().status == "requested"


def test_appt10_detail_page_shows_the_conduct_rules(client: Client, aode: Any) -> None:
    appointment = _request(aode)
    client.force_login(aode.agent)
    page = client.get(reverse("regulations:appointment_detail", args=[appointment.pk]))
    assert "不得设障刁难" in page.content.decode()
    assert "action-breach" not in page.content.decode()  # only leaders record breaches
    client.force_login(aode.manager)
    page = client.get(reverse("regulations:appointment_detail", args=[appointment.pk]))
    assert 'data-testid="action-breach"' in page.content.decode()


def test_appt9_register_export_lists_every_appointment_of_the_kind(
    client: Client, aode: Any, django_assert_max_num_queries: Any
) -> None:
    """APPT-9: 客服中心预约服务登记表 / 上门服务登记表 — one row per appointment, phone masked."""
    _request(aode, applicant_name="甲", kind="counter")
    _request(aode, applicant_name="乙", kind="home", address="科左中旗保康镇1号")
    _request(aode, applicant_name="丙", kind="counter")
    client.force_login(aode.agent)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("regulations:appointment_export") + "?kind=counter")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["预约服务登记表"]
    assert [row[1] for row in rows[2:]] == ["甲", "丙"]
    assert "13947512345" not in response.content.decode("utf-8-sig")
    home = client.get(reverse("regulations:appointment_export") + "?kind=home")
    home_rows = list(csv.reader(io.StringIO(home.content.decode("utf-8-sig"))))
    assert home_rows[0] == ["上门服务登记表"]
    assert [row[1] for row in home_rows[2:]] == ["乙"]


def test_appt9_register_export_is_scoped(client: Client, aode: Any, org: Any) -> None:
    """APPT-9: another company's agent exports an empty register."""
    _request(aode)
    outsider = make_user(Role.HOTLINE_AGENT, org.unit_a, username="outsider")
    client.force_login(outsider)
    response = client.get(reverse("regulations:appointment_export"))
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 2
