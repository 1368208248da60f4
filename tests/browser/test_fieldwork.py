"""A technician's day on a phone (DSP-1, DSP-3, WO-7), in chromium at 390×844: sign for the
order, agree a time, arrive, record the work, and complete it with the customer's signature
drawn on the screen. Screenshots: docs/screenshots/field-*.png."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from gasdesk.fieldwork.models import FieldVisit
from gasdesk.fieldwork.services.dispatch import assign_order
from gasdesk.org.models import OrgUnitKind
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.standards.loading import load_all_shipped
from gasdesk.workorders.models import WorkOrder
from gasdesk.workorders.tests.factories import make_order
from tests.browser.phone import fits_the_screen, log_in, phone

pytestmark = pytest.mark.browser
__all__ = ["phone"]  # the fixture, imported


@pytest.fixture
def field_day(transactional_db: None, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """巢湖: a repair received 10 minutes ago and assigned to 赵师傅 of the repair team."""
    settings.MEDIA_ROOT = str(tmp_path)
    load_all_shipped()
    company = make_company()
    unit = make_unit(name="城区服务所", kind=OrgUnitKind.UNIT, parent=company)
    team = make_unit(name="城区维修班", kind=OrgUnitKind.TEAM, parent=unit)
    agent = make_user(Role.HOTLINE_AGENT, unit, username="agent")
    dispatcher = make_user(Role.DISPATCHER, unit, username="dispatch", display_name="王调度")
    technician = make_user(Role.TECHNICIAN, team, username="tech", display_name="赵师傅")
    order = make_order(
        by=agent,
        org_unit=unit,
        address="巢湖市健康路8号3单元501",
        received_at=timezone.now() - timedelta(minutes=10),
    )
    assign_order(order, by=dispatcher, technician=technician)
    return {"order": order, "technician": technician}


def _draw_signature(page: Page) -> None:
    pad = page.get_by_test_id("sign-pad")
    box = pad.bounding_box()
    assert box is not None
    x, y = box["x"] + 30, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(x + step * 12, y + (18 if step % 2 else -18), steps=2)
    page.mouse.up()


def _accept_agree_arrive(page: Page, card: Any, shot: Any) -> None:
    card.get_by_test_id("tap-accept").click()
    expect(card.get_by_test_id("card-status")).to_have_text("已接单")
    visit = (timezone.localtime() + timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M")
    card.locator("input[name=appointment_at]").fill(visit)
    card.get_by_role("button", name="保存约定时间").click()
    expect(card.get_by_test_id("appointment")).to_be_visible()
    shot(page, "field-accepted")
    card.get_by_test_id("tap-arrive").click()
    expect(card.get_by_test_id("card-status")).to_have_text("已到达")


def _record_work(page: Page, card: Any) -> None:
    card.locator("textarea[name=work_done]").fill("更换灶前阀及胶管，检漏合格")
    card.locator("input[name=result]").fill("已恢复正常使用")
    card.locator("textarea[name=materials]").fill("灶前阀 1 个\n燃气胶管 1.5 米")
    card.get_by_role("button", name="保存作业记录").click()
    expect(card.get_by_test_id("card-status")).to_have_text("处理中")


def test_technician_day_from_accept_to_signed_completion_on_a_phone(
    phone: Page, live_server: Any, field_day: dict[str, Any], shot: Any
) -> None:
    """DSP-1 → WO-7 on a 390×844 screen, every tap through htmx, the signature drawn."""
    base, order = live_server.url, field_day["order"]
    log_in(phone, base, "tech")
    phone.goto(f"{base}/field/")
    card = phone.get_by_test_id(f"card-{order.number}")
    expect(card).to_contain_text("巢湖市健康路8号3单元501")
    expect(card).to_contain_text("138****5678")
    fits_the_screen(phone)
    shot(phone, "field-my-day")

    _accept_agree_arrive(phone, card, shot)
    _record_work(phone, card)
    shot(phone, "field-work-recorded")

    card.get_by_test_id("go-sign").click()
    phone.fill("input[name=signed_by_name]", "张三")
    _draw_signature(phone)
    fits_the_screen(phone)
    shot(phone, "field-sign")
    phone.get_by_test_id("sign-submit").click()

    expect(phone.locator(".messages")).to_contain_text(f"已签字完工：{order.number}")
    shot(phone, "field-done")
    assert WorkOrder.objects.get(pk=order.pk).status == "completed"
    visit = FieldVisit.objects.get(order=order)
    assert visit.signed_by_name == "张三"
    assert visit.signature.read().startswith(b"\x89PNG")
    assert visit.materials == [
        {"name": "灶前阀", "quantity": "1", "unit": "个"},
        {"name": "燃气胶管", "quantity": "1.5", "unit": "米"},
    ]
