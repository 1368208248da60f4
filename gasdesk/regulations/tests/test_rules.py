"""Pure rules of the regulations, on the shipped 奥德 pack's numbers (no database)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.regulations.rules import (
    appointment_times,
    has_forfeited,
    is_repeat_visitor,
    missing_documents,
    needs_off_post_study,
    next_visit_due,
)
from gasdesk.standards.schema import Pack
from gasdesk.standards.sections.regulations import RegulationRules

PACKS = Path(__file__).resolve().parents[2] / "standards" / "packs"


def _rules(name: str) -> RegulationRules:
    pack = Pack.model_validate(yaml.safe_load((PACKS / name).read_text(encoding="utf-8")))
    assert pack.regulations is not None
    return pack.regulations


AODE = _rules("aode/2022.yaml")
CHAOHU = _rules("chaohu/2011.yaml")
START = datetime(2026, 11, 24, 14, 0, tzinfo=SHANGHAI)


def test_appt7_counter_staff_ready_10_minutes_early() -> None:
    """APPT-7 EX-18: a 14:00 counter appointment needs staff ready by 13:50."""
    times = appointment_times(START, at_counter=True, rules=AODE.appointments)
    assert times.ready_by_at == datetime(2026, 11, 24, 13, 50, tzinfo=SHANGHAI)


def test_appt5_home_visit_staff_arrive_by_the_agreed_time() -> None:
    """APPT-5: home-visit staff arrive before the agreed time (no minutes stated: 0)."""
    times = appointment_times(START, at_counter=False, rules=AODE.appointments)
    assert times.ready_by_at == START


@pytest.mark.parametrize(
    ("arrives", "forfeited"),
    [
        (timedelta(minutes=30), False),
        (timedelta(minutes=30, seconds=1), True),
        (timedelta(minutes=31), True),
    ],
)
def test_appt8_more_than_30_minutes_late_forfeits(arrives: timedelta, forfeited: bool) -> None:
    """APPT-8 EX-18: 14:30:00 is served (exactly 30 is not "more than"), 14:31 forfeits."""
    times = appointment_times(START, at_counter=True, rules=AODE.appointments)
    assert times.forfeit_after_at == START + timedelta(minutes=30)
    assert has_forfeited(times.forfeit_after_at, START + arrives) is forfeited


def test_notify2_missing_documents_all_at_once_in_pack_order() -> None:
    """NOTIFY-2: every document not provided is listed, none omitted."""
    matter = AODE.notification.matter("commercial_connection")
    missing = missing_documents(matter, ["legal_rep_id", "fire_approval"])
    assert [d.code for d in missing] == ["business_licence", "site_rights", "power_of_attorney"]


def test_notify2_unknown_document_is_refused() -> None:
    matter = AODE.notification.matter("ownership_transfer")
    with pytest.raises(ValueError, match="unknown"):
        missing_documents(matter, ["passport"])


@pytest.mark.parametrize(("visits", "flagged"), [(1, False), (2, False), (3, True), (4, True)])
def test_notify7_two_return_trips_flag_the_customer(visits: int, flagged: bool) -> None:
    """NOTIFY-7 EX-20: 3 visits (2 return trips) flag the customer; 2 visits do not."""
    assert AODE.notification.flag_return_trips == 2
    assert is_repeat_visitor(visits, AODE.notification) is flagged


def test_notify3_notice_has_two_copies() -> None:
    """NOTIFY-3: customer copy and department archive copy."""
    assert AODE.notification.copies == ("客户联", "部门存档联")


@pytest.mark.parametrize(("score", "study"), [(84, True), (85, False), (100, False)])
def test_help4_score_below_85_means_off_post_study(score: int, study: bool) -> None:
    """HELP-4: "达不到85分" means one day of off-post study."""
    assert AODE.assistance.test_pass_score == 85
    assert AODE.assistance.off_post_study_days == 1
    assert needs_off_post_study(score, AODE.assistance) is study


def test_help2_one_to_two_helpers_on_post_10_minutes_early() -> None:
    """HELP-2: 1–2 window helpers take turns; on post 10 minutes early."""
    rules = AODE.assistance
    assert (rules.window_helpers_min, rules.window_helpers_max) == (1, 2)
    assert rules.on_post_before_minutes == 10


def test_mgr4_key_customers_monthly_vip_quarterly() -> None:
    """MGR-4: 关键 and 重点 monthly (004 三.2), VIP quarterly (OQ-8 default)."""
    visits = CHAOHU.managers
    assert [(v.tier.value, v.every_months) for v in visits.visits] == [
        ("vip", 3),
        ("important", 1),
        ("key", 1),
    ]
    assert next_visit_due(date(2026, 1, 31), date(2026, 3, 1), 1) == date(2026, 2, 28)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 12))
def test_next_visit_is_always_after_the_last(last: date, months: int) -> None:
    assert next_visit_due(last, last, months) > last
