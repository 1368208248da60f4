"""A technician's inspection round on a phone (INSP-3, INSP-4, INSP-6), in chromium at
390×844: today's visits in route order, one tap per outcome (inspected, not at home, hazard
with items), the rectification notice link, and the printable stairwell notice of a route.
Screenshots: docs/screenshots/campaign-*.png."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from gasdesk.campaigns.models import Hazard, InspectionVisit
from gasdesk.campaigns.services.inspections import generate_inspection_plan
from gasdesk.campaigns.tests.factories import bulk_customers
from gasdesk.org.models import OrgUnitKind
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.standards.loading import load_all_shipped
from tests.browser.phone import fits_the_screen, log_in, phone

pytestmark = pytest.mark.browser
__all__ = ["phone"]  # the fixture, imported


@pytest.fixture
def inspection_round(transactional_db: None) -> dict[str, Any]:
    """巢湖: four residential customers on 孙师傅's round today (routes 1 and 2)."""
    load_all_shipped()
    company = make_company()
    unit = make_unit(name="城区服务所", kind=OrgUnitKind.UNIT, parent=company)
    team = make_unit(name="城区安检班", kind=OrgUnitKind.TEAM, parent=unit)
    dispatcher = make_user(Role.DISPATCHER, unit, username="dispatch")
    technician = make_user(Role.TECHNICIAN, team, username="tech", display_name="孙师傅")
    ids = bulk_customers(unit, 4, category="residential", prefix="AJ")
    today = timezone.localdate()
    plan = generate_inspection_plan(unit, today.year, by=dispatcher)
    visits = InspectionVisit.objects.filter(plan=plan)
    visits.update(planned_on=today, technician=technician, route=1)
    visits.filter(customer_id__in=ids[2:]).update(route=2)
    return {"today": today}


def _tap(page: Page, account_no: str, outcome: str) -> Any:
    card = page.get_by_test_id(f"visit-{account_no}")
    card.get_by_test_id(f"tap-{outcome}").click()
    expect(card.get_by_test_id("visit-done")).to_be_visible()
    return card


def test_technician_inspection_round_on_a_phone(
    phone: Page, live_server: Any, inspection_round: dict[str, Any], shot: Any
) -> None:
    """INSP-4 / INSP-6 / INSP-3 on a 390×844 screen, every outcome one tap through htmx."""
    base, today = live_server.url, inspection_round["today"]
    log_in(phone, base, "tech")
    phone.goto(f"{base}/campaigns/inspections/route/")
    expect(phone.get_by_test_id("visit-AJ000000")).to_contain_text("巢湖市AJ小区0栋0号")
    fits_the_screen(phone)
    shot(phone, "campaign-route")

    _tap(phone, "AJ000000", "inspected")
    expect(_tap(phone, "AJ000001", "not_home")).to_contain_text("到访不遇")
    card = phone.get_by_test_id("visit-AJ000002")
    card.locator("summary").click()
    card.get_by_test_id("hazard-items").fill("胶管老化\n无熄火保护装置")
    card.get_by_test_id("tap-hazard").click()
    expect(card.get_by_test_id("hazard-notice-link")).to_be_visible()
    fits_the_screen(phone)
    shot(phone, "campaign-route-done")

    phone.get_by_test_id("route-notice-2").click()
    notice = phone.get_by_test_id("route-notice")
    expect(notice).to_contain_text("巢湖市AJ小区0栋3号")
    posted_by = (today - timedelta(days=3)).isoformat()  # INSP-3: 提前3天
    expect(notice).to_contain_text(posted_by)
    fits_the_screen(phone)
    shot(phone, "campaign-notice")

    outcomes = dict(
        InspectionVisit.objects.filter(round=1).values_list("customer__account_no", "outcome")
    )
    assert outcomes == {
        "AJ000000": "inspected",
        "AJ000001": "not_home",
        "AJ000002": "hazard",
        "AJ000003": "pending",
    }
    assert Hazard.objects.get().items == "胶管老化\n无熄火保护装置"
