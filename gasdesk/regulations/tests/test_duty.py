"""The assistance desk and its duty roster (HELP-1, HELP-2) on the 奥德 pack."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.regulations.models import AssistanceRecord, DutyShift
from gasdesk.regulations.services.assistance import (
    AssistanceInput,
    DutyInput,
    duty_person,
    record_assistance,
    record_on_post,
    schedule_duty,
    substitute_duty,
)

MON = date(2026, 11, 23)
MON_0830 = datetime(2026, 11, 23, 8, 30, tzinfo=SHANGHAI)
SUN_1000 = datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def helpers(aode: Any) -> list[Any]:
    return [
        make_user(Role.HOTLINE_AGENT, aode.centre, username=f"bangban{n}", display_name=name)
        for n, name in enumerate(["帮办甲", "帮办乙", "帮办丙"])
    ]


def _plan(aode: Any, window: list[Any], full_time: tuple[Any, ...] = ()) -> list[DutyShift]:
    data = DutyInput(
        org_unit=aode.centre,
        on=MON,
        starts_at=MON_0830,
        window_helpers=tuple(window),
        full_time_helpers=full_time,
    )
    with time_machine.travel(SUN_1000, tick=False):
        return schedule_duty(data, by=aode.manager)


@pytest.mark.parametrize("count", [0, 3])
def test_help2_one_or_two_window_helpers_take_turns(
    aode: Any, helpers: list[Any], count: int
) -> None:
    """HELP-2: 轮流1-2名帮办代办员 — 0 or 3 window helpers on a day are refused, nothing saved."""
    with pytest.raises(RuleViolation) as error:
        _plan(aode, helpers[:count])
    assert error.value.field == "window_helpers"
    assert not DutyShift.objects.exists()


@pytest.mark.parametrize("count", [1, 2])
def test_help2_roster_of_one_or_two_is_planned(aode: Any, helpers: list[Any], count: int) -> None:
    """HELP-2: the band is 1–2 (pack window_helpers_min/max)."""
    shifts = _plan(aode, helpers[:count], full_time=(helpers[2],))
    assert len(shifts) == count + 1
    assert DutyShift.objects.filter(on=MON, role="window").count() == count


def test_help2_a_day_is_planned_once_and_only_by_a_leader(aode: Any, helpers: list[Any]) -> None:
    """HELP-2: re-planning is refused (absences are covered by substitutes); agents cannot plan."""
    _plan(aode, helpers[:1])
    with pytest.raises(RuleViolation) as error:
        _plan(aode, helpers[1:2])
    assert error.value.field == "on"
    data = DutyInput(
        aode.centre, MON + timedelta(days=1), MON_0830 + timedelta(days=1), (helpers[0],)
    )
    with pytest.raises(PermissionDeniedRule):
        schedule_duty(data, by=aode.agent)
    assert DutyShift.objects.count() == 1


def test_help2_helper_on_post_10_minutes_early(aode: Any, helpers: list[Any]) -> None:
    """HELP-2: 提前十分钟到岗 — 08:20 for an 08:30 shift is on time, 08:21 is not."""
    first, second = _plan(aode, helpers[:2])
    with time_machine.travel(MON_0830 + timedelta(hours=1), tick=False):
        record_on_post(first, by=aode.agent, at=MON_0830 - timedelta(minutes=10))
        record_on_post(second, by=aode.agent, at=MON_0830 - timedelta(minutes=9))
    assert DutyShift.objects.get(pk=first.pk).on_post_on_time is True
    assert DutyShift.objects.get(pk=second.pk).on_post_on_time is False


def test_help2_absence_covered_by_a_substitute(aode: Any, helpers: list[Any]) -> None:
    """HELP-2: 如有出差、开会等冲突事项，可由其他人员替岗 — the roster keeps both names and
    the substitute becomes the duty person."""
    (shift,) = _plan(aode, helpers[:1])
    with pytest.raises(RuleViolation) as error:
        substitute_duty(shift, by=aode.manager, substitute=helpers[1], reason="")
    assert error.value.field == "reason"
    substitute_duty(shift, by=aode.manager, substitute=helpers[1], reason="外出开会")
    stored = DutyShift.objects.get()
    assert (stored.helper_id, stored.substitute_id) == (helpers[0].pk, helpers[1].pk)
    assert duty_person(aode.centre, MON) == helpers[1]
    stale = DutyShift.objects.get(pk=shift.pk)
    stale.substitute = None
    with pytest.raises(ConcurrentChange):
        substitute_duty(stale, by=aode.manager, substitute=helpers[2], reason="再换")


def test_help1_reflection_at_the_desk_goes_to_the_duty_person(
    aode: Any, helpers: list[Any]
) -> None:
    """HELP-1/2: a reflection at the 办不成事反映窗口 is handed to the window helper on duty."""
    _plan(aode, helpers[:1], full_time=(helpers[2],))
    data = AssistanceInput(org_unit=aode.centre, service="reflection", customer_name="某餐馆")
    with time_machine.travel(MON_0830 + timedelta(hours=2), tick=False):
        record = record_assistance(data, by=aode.agent)
    assert AssistanceRecord.objects.get().duty_helper_id == helpers[0].pk
    assert record.get_service_display() == "办不成事反映"


def test_help1_reflection_without_a_roster_is_refused(aode: Any) -> None:
    """HELP-1: no one on duty means the reflection cannot be handed over; nothing recorded."""
    data = AssistanceInput(org_unit=aode.centre, service="reflection", customer_name="某餐馆")
    with time_machine.travel(MON_0830, tick=False), pytest.raises(RuleViolation) as error:
        record_assistance(data, by=aode.agent)
    assert error.value.field == "service"
    assert not AssistanceRecord.objects.exists()


def test_help2_roster_page_plans_a_day(client: Client, aode: Any, helpers: list[Any]) -> None:
    client.force_login(aode.manager)
    data = {
        "on": "2026-11-23",
        "starts_at": "2026-11-23T08:30",
        "window_helpers": [helpers[0].pk, helpers[1].pk],
    }
    with time_machine.travel(SUN_1000, tick=False):
        response = client.post(reverse("regulations:duty"), data)
        assert response.status_code == 302
        page = client.get(reverse("regulations:duty"))
    assert len(page.context["shifts"]) == 2
    assert "1-2" in page.content.decode()
