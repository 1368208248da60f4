"""Field pages (DSP, EMG): the technician's day with htmx taps, the signature page, the
printable notices, the dispatcher's board, the emergency desk and the banner."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from gasdesk.fieldwork.models import Assignment, Emergency, HazardNotice, NotMetNotice
from gasdesk.fieldwork.services.dispatch import accept_order, agree_visit_time
from gasdesk.fieldwork.services.visits import issue_hazard_notice, record_arrival, record_not_met
from gasdesk.fieldwork.tests.factories import assigned_order, signature_url
from gasdesk.workorders.models import WorkOrder, WorkOrderEvent
from gasdesk.workorders.tests.factories import make_order

TZ = ZoneInfo("Asia/Shanghai")
FRI_0900 = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
HTMX = {"HTTP_HX_REQUEST": "true"}

pytestmark = pytest.mark.django_db


def _login(user):
    client = Client()
    client.force_login(user)
    return client


def _order(org, agent_a, dispatcher_a, technician_a, minutes=0, **fields):
    order, _ = assigned_order(
        agent=agent_a,
        dispatcher=dispatcher_a,
        technician=technician_a,
        unit=org.unit_a,
        at=FRI_0900 + timedelta(minutes=minutes),
        **fields,
    )
    return order


def test_dsp_my_day_lists_orders_in_route_order(
    org, packs, agent_a, dispatcher_a, technician_a, django_assert_max_num_queries
):
    """Agreed time first (earliest first), then address; unagreed orders after them."""
    late = _order(org, agent_a, dispatcher_a, technician_a, address="巢湖市B路1号")
    early = _order(org, agent_a, dispatcher_a, technician_a, 1, address="巢湖市C路1号")
    loose = _order(org, agent_a, dispatcher_a, technician_a, 2, address="巢湖市A路1号")
    with time_machine.travel(FRI_0900 + timedelta(minutes=5), tick=False):
        for order, hour in ((late, 15), (early, 11)):
            accept_order(order, by=technician_a)
            agree_visit_time(
                order, by=technician_a, appointment_at=datetime(2026, 11, 20, hour, 0, tzinfo=TZ)
            )
        client = _login(technician_a)
        with django_assert_max_num_queries(14):
            page = client.get("/field/").content.decode()
    positions = [page.index(o.number) for o in (early, late, loose)]
    assert positions == sorted(positions)
    assert "138****5678" in page
    assert "13812345678" not in page


def test_dsp_htmx_accept_tap_returns_the_fresh_card_and_a_retry_is_harmless(
    org, packs, agent_a, dispatcher_a, technician_a
):
    order = _order(org, agent_a, dispatcher_a, technician_a)
    client = _login(technician_a)
    token = str(uuid.uuid4())
    with time_machine.travel(FRI_0900 + timedelta(minutes=2), tick=False):
        first = client.post(f"/field/{order.pk}/tap/accept/", {"client_token": token}, **HTMX)
        retry = client.post(f"/field/{order.pk}/tap/accept/", {"client_token": token}, **HTMX)
    assert first.status_code == retry.status_code == 200
    assert "已接单" in first.content.decode()
    assert 'data-testid="tap-arrive"' in first.content.decode()
    assert WorkOrderEvent.objects.filter(order=order, kind="ACCEPTED").count() == 1


def test_dsp_a_refused_tap_shows_the_chinese_message_on_the_card(
    org, packs, agent_a, dispatcher_a, technician_a
):
    order = _order(org, agent_a, dispatcher_a, technician_a)
    client = _login(technician_a)
    response = client.post(f"/field/{order.pk}/tap/arrive/", {}, **HTMX)
    assert response.status_code == 400
    assert "不能到达现场" in response.content.decode()
    assert WorkOrder.objects.get(pk=order.pk).status == "dispatched"


def test_wo_7_sign_page_completes_with_the_canvas_png(
    org, packs, agent_a, dispatcher_a, technician_a
):
    order = _order(org, agent_a, dispatcher_a, technician_a)
    with time_machine.travel(FRI_0900 + timedelta(minutes=30), tick=False):
        accept_order(order, by=technician_a)
        record_arrival(order, by=technician_a)
    client = _login(technician_a)
    assert 'data-testid="sign-pad"' in client.get(f"/field/{order.pk}/sign/").content.decode()
    response = client.post(
        f"/field/{order.pk}/sign/",
        {
            "signature": signature_url(),
            "signed_by_name": "王先生",
            "client_token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    assert WorkOrder.objects.get(pk=order.pk).status == "completed"


def test_wo_7_sign_page_without_a_signature_shows_the_error(
    org, packs, agent_a, dispatcher_a, technician_a
):
    order = _order(org, agent_a, dispatcher_a, technician_a)
    with time_machine.travel(FRI_0900 + timedelta(minutes=30), tick=False):
        accept_order(order, by=technician_a)
        record_arrival(order, by=technician_a)
    response = _login(technician_a).post(f"/field/{order.pk}/sign/", {"signed_by_name": "王"})
    assert response.status_code == 400
    assert "请客户在屏幕上签字确认" in response.content.decode()
    assert WorkOrder.objects.get(pk=order.pk).status == "arrived"


def test_dsp_8_not_met_notice_prints_the_visit_time(
    org, packs, agent_a, dispatcher_a, technician_a
):
    order = _order(org, agent_a, dispatcher_a, technician_a)
    with time_machine.travel(datetime(2026, 11, 20, 10, 15, tzinfo=TZ), tick=False):
        accept_order(order, by=technician_a)
        notice = record_not_met(order, by=technician_a)
    page = _login(technician_a).get(f"/field/notices/not-met/{notice.pk}/").content.decode()
    assert "到访不遇通知单" in page
    assert "2026年11月20日 10:15" in page
    assert NotMetNotice.objects.count() == 1


def test_hazard_notice_prints_items_and_deadline(org, packs, agent_a, dispatcher_a, technician_a):
    order = _order(org, agent_a, dispatcher_a, technician_a)
    with time_machine.travel(FRI_0900 + timedelta(minutes=30), tick=False):
        accept_order(order, by=technician_a)
        record_arrival(order, by=technician_a)
        notice = issue_hazard_notice(
            order, by=technician_a, items=["胶管老化"], rectify_by=date(2026, 11, 27)
        )
    page = _login(dispatcher_a).get(f"/field/notices/hazard/{notice.pk}/").content.decode()
    assert "安全隐患整改通知书" in page
    assert "胶管老化" in page
    assert "2026年11月27日" in page
    assert HazardNotice.objects.count() == 1


def test_notices_outside_scope_answer_404(
    org, packs, agent_a, dispatcher_a, dispatcher_b, technician_a
):
    order = _order(org, agent_a, dispatcher_a, technician_a)
    with time_machine.travel(FRI_0900 + timedelta(minutes=5), tick=False):
        accept_order(order, by=technician_a)
        notice = record_not_met(order, by=technician_a)
    assert _login(dispatcher_b).get(f"/field/notices/not-met/{notice.pk}/").status_code == 404


def test_dsp_dispatch_board_assigns_a_new_order(
    org, packs, agent_a, dispatcher_a, technician_a, django_assert_max_num_queries
):
    with time_machine.travel(FRI_0900, tick=False):
        order = make_order(by=agent_a, org_unit=org.unit_a)
        client = _login(dispatcher_a)
        with django_assert_max_num_queries(14):
            board = client.get("/field/dispatch/").content.decode()
        assert order.number in board
        response = client.post(
            f"/field/{order.pk}/tap/assign/",
            {
                "technician": technician_a.pk,
                "client_token": str(uuid.uuid4()),
                "next": "/field/dispatch/",
            },
        )
    assert response.status_code == 302
    assert Assignment.objects.get().technician == technician_a


def test_emg_alarm_desk_takes_an_alarm_and_the_banner_shows_it(org, packs, agent_a):
    client = _login(agent_a)
    data = {
        "org_unit": org.unit_b.pk,
        "fault_class": "leak",
        "address": "含山县某路9号",
        "caller_phone": "13911112222",
        "description": "燃气泄漏",
    }
    with time_machine.travel(FRI_0900, tick=False):
        assert client.post("/field/emergencies/", data).status_code == 302
    assert Emergency.objects.get().arrival_due_at == FRI_0900 + timedelta(minutes=50)
    page = client.get("/field/").content.decode()
    assert 'data-testid="emergency-banner"' in page
    assert "含山县某路9号" in page


def test_emg_banner_absent_without_open_alarms(org, packs, agent_a):
    page = _login(agent_a).get("/field/").content.decode()
    assert 'data-testid="emergency-banner"' not in page
