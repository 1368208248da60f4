"""Work-order pages (WO-1…6): who sees what, one happy path per page, htmx partials, budgets.

The rules themselves are tested in test_services/test_deadlines; here the pages must show
the stored results and route every write through the services.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gasdesk.customers.tests.factories import make_customer
from gasdesk.workorders.jobs import scan_breaches
from gasdesk.workorders.models import WorkOrder, WorkOrderEvent, WorkOrderStatus
from gasdesk.workorders.services import apply_transition
from gasdesk.workorders.templatetags.workorders_ui import due_time, span_text, time_left_text
from gasdesk.workorders.tests.factories import REPAIR, make_order

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)
HX = {"HTTP_HX_REQUEST": "true"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(org):
    return make_customer(org.unit_a, name="张三", phones=["13812345678"])


def _login(client, user):
    client.force_login(user)
    return client


def _intake(**extra):
    return {"business_type": REPAIR, "channel": "hotline", "description": "燃气灶打不着火", **extra}


# --- pure presentation helpers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(2 * 3600 + 15 * 60 + 59, "2小时15分"), (35 * 60, "35分钟"), (26 * 3600, "1天2小时")],
)
def test_span_text_reads_in_chinese_to_the_minute(seconds, text):
    assert span_text(seconds) == text


def test_time_left_says_remaining_before_and_overdue_after_the_deadline():
    due = FRI_2140 + timedelta(hours=4)
    assert time_left_text(due, due - timedelta(hours=2, minutes=15)) == "剩余 2小时15分"
    assert time_left_text(due, due + timedelta(minutes=35)) == "超时 35分钟"


def test_midnight_deadline_reads_as_24_00_of_the_previous_day():
    """CAL-3: 1 natural day from 2026-11-20 21:40 ends 2026-11-21 24:00."""
    assert due_time(datetime(2026, 11, 22, 0, 0, tzinfo=TZ)) == "2026-11-21 24:00"
    assert due_time(datetime(2026, 11, 21, 1, 40, tzinfo=TZ)) == "2026-11-21 01:40"


# --- intake -------------------------------------------------------------------------------


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("workorders:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_intake_page_offers_the_company_pack_business_types(client, packs, agent_a, customer):
    response = _login(client, agent_a).get(reverse("workorders:create"), {"customer": customer.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{REPAIR}"' in page
    assert "户内燃气设施报修" in page
    assert customer.account_no in page


def test_intake_for_customer_outside_scope_is_404(client, packs, org, dispatcher_b, customer):
    response = _login(client, dispatcher_b).get(
        reverse("workorders:create"), {"customer": customer.pk}
    )
    assert response.status_code == 404


def test_preview_shows_the_deadlines_that_will_be_stored(client, packs, agent_a, customer):
    """DSP-4 / STD-3 C8: repair reported Fri 21:40 → arrival due Sat 01:40, 4小时."""
    url = reverse("workorders:preview") + f"?customer={customer.pk}"
    with time_machine.travel(FRI_2140, tick=False):
        response = _login(client, agent_a).post(
            url, {"business_type": REPAIR, "channel": "hotline"}, **HX
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert "到达" in page
    assert "C8" in page
    assert "4小时" in page
    assert "2026-11-21 01:40" in page
    assert not WorkOrder.objects.exists()


@pytest.mark.parametrize(
    ("area", "due", "period"), [("", "21:10", "30分钟"), ("remote", "21:30", "50分钟")]
)
def test_preview_for_an_anonymous_alarm_needs_no_phone_yet(
    client, packs, org, agent_a, area, due, period
):
    """EMG-1 / STD-3 C9b, C9c: alarm at 20:40 → on site by 21:10 urban, 21:30 remote."""
    alarm_at = datetime(2026, 11, 20, 20, 40, tzinfo=TZ)
    data = {"business_type": "emergency", "channel": "hotline", "area": area}
    data["org_unit"] = org.unit_a.pk
    with time_machine.travel(alarm_at, tick=False):
        response = _login(client, agent_a).post(reverse("workorders:preview"), data, **HX)
    page = response.content.decode()
    assert f"2026-11-20 {due}" in page
    assert period in page
    assert "preview-error" not in page


def test_create_via_form_stores_the_order_and_redirects_to_it(client, packs, agent_a, customer):
    """DSP-4 / STD-3 C8: the stored arrival deadline is 4 h after the report."""
    url = reverse("workorders:create") + f"?customer={customer.pk}"
    with time_machine.travel(FRI_2140, tick=False):
        response = _login(client, agent_a).post(url, _intake(), follow=True)
    order = WorkOrder.objects.get()
    assert response.redirect_chain == [(reverse("workorders:detail", args=[order.pk]), 302)]
    assert order.customer == customer
    assert order.first_responder == agent_a
    assert order.arrival_due_at == FRI_2140 + timedelta(hours=4)
    page = response.content.decode()
    assert f"工单 {order.number} 已创建" in page
    assert "2026-11-21 01:40" in page


def test_rule_violation_is_shown_on_its_field_and_nothing_is_saved(
    client, packs, agent_a, customer
):
    url = reverse("workorders:create") + f"?customer={customer.pk}"
    response = _login(client, agent_a).post(url, _intake(description="  "))
    assert response.status_code == 200
    assert response.context["form"].errors == {"description": ["请填写问题描述"]}
    assert not WorkOrder.objects.exists()
    assert not WorkOrderEvent.objects.exists()


def test_anonymous_caller_needs_a_phone(client, packs, agent_a):
    response = _login(client, agent_a).post(
        reverse("workorders:create"), {**_intake(), "address": "巢湖市东塘路1号"}
    )
    assert response.context["form"].errors == {"caller_phone": ["未关联客户时须填写来电号码"]}
    assert not WorkOrder.objects.exists()


# --- queue --------------------------------------------------------------------------------


def test_queue_lists_open_orders_in_scope_nearest_deadline_first(
    client, packs, org, agent_a, dispatcher_a
):
    later = make_order(by=agent_a, org_unit=org.unit_a, received_at=FRI_2140)
    sooner = make_order(by=agent_a, org_unit=org.unit_a, received_at=FRI_2140 - timedelta(hours=1))
    make_order(by=agent_a, org_unit=org.unit_b, received_at=FRI_2140)
    with time_machine.travel(FRI_2140, tick=False):
        response = _login(client, dispatcher_a).get(reverse("workorders:queue"))
    assert response.status_code == 200
    assert [o.number for o in response.context["orders"]] == [sooner.number, later.number]
    page = response.content.decode()
    assert page.count('data-testid="queue-row"') == 2
    assert "剩余 3小时0分" in page
    assert 'hx-trigger="every 60s"' in page


def test_queue_marks_overdue_and_due_soon_rows(client, packs, org, agent_a, dispatcher_a):
    """DSP-4: the 4-hour arrival deadline drives the row colour (the 1-hour band is UI only)."""
    overdue = make_order(by=agent_a, org_unit=org.unit_a, received_at=FRI_2140)
    soon = make_order(by=agent_a, org_unit=org.unit_a, received_at=FRI_2140 + timedelta(hours=1))
    with time_machine.travel(FRI_2140 + timedelta(hours=4, minutes=35), tick=False):
        response = _login(client, dispatcher_a).get(reverse("workorders:queue"))
    page = response.content.decode()
    assert f'data-number="{overdue.number}" class="overdue"' in page
    assert f'data-number="{soon.number}" class="due-soon"' in page
    assert "超时 35分钟" in page
    assert "剩余 25分钟" in page


def test_queue_filter_returns_the_rows_partial_for_htmx(client, packs, org, agent_a, dispatcher_a):
    make_order(by=agent_a, org_unit=org.unit_a, received_at=FRI_2140)
    fresh = make_order(by=agent_a, org_unit=org.unit_a, received_at=FRI_2140 + timedelta(hours=3))
    with time_machine.travel(FRI_2140 + timedelta(hours=5), tick=False):
        response = _login(client, dispatcher_a).get(
            reverse("workorders:queue"), {"overdue": "false"}, **HX
        )
    page = response.content.decode()
    assert "<html" not in page
    assert [o.number for o in response.context["orders"]] == [fresh.number]


def test_queue_shows_a_first_page_and_a_more_link_without_counting(
    client, packs, org, agent_a, dispatcher_a
):
    for hour in range(3):
        make_order(by=agent_a, org_unit=org.unit_a, received_at=FRI_2140 + timedelta(hours=hour))
    response = _login(client, dispatcher_a).get(reverse("workorders:queue"), {"limit": "2"})
    assert len(response.context["orders"]) == 2
    assert response.context["more_url"] == "?limit=4"


def test_queue_rows_escape_what_callers_typed_and_link_each_order(
    client, packs, org, agent_a, dispatcher_a, technician_a
):
    """Q7: the rows are printed in Python, so escaping and links are checked here."""
    typed = make_order(by=agent_a, org_unit=org.unit_a, caller_name='<b>"张" & 李</b>')
    apply_transition(typed, "dispatch", by=dispatcher_a, assignee=technician_a)
    page = _login(client, dispatcher_a).get(reverse("workorders:queue")).content.decode()
    assert "<b>" not in page
    assert "&lt;b&gt;&quot;张&quot; &amp; 李&lt;/b&gt;" in page
    detail = reverse("workorders:detail", args=[typed.pk])
    assert f'<td><a href="{detail}">{typed.number}</a></td>' in page
    assert f"<td>{technician_a}</td><td>已派工</td>" in page


def test_queue_rows_follow_the_language_switch(client, packs, org, agent_a, dispatcher_a):
    """Labels and time left are looked up once per page, in the language of the request."""
    make_order(by=agent_a, org_unit=org.unit_a, received_at=FRI_2140)
    client.cookies["django_language"] = "en"
    with time_machine.travel(FRI_2140, tick=False):
        page = _login(client, dispatcher_a).get(reverse("workorders:queue")).content.decode()
    assert "剩余" not in page
    assert re.search(r'<td class="left">\d+ (h|min)[^<]* left</td>', page)


def test_queue_limit_is_capped(client, packs, dispatcher_a):
    response = _login(client, dispatcher_a).get(reverse("workorders:queue"), {"limit": "5000"})
    assert response.context["limit"] == 200


@pytest.mark.parametrize("rows", [3, 12])
def test_queue_query_budget_does_not_grow_with_rows(
    client,
    packs,
    org,
    agent_a,
    dispatcher_a,
    technician_a,
    customer,
    rows,
    django_assert_max_num_queries,
):
    for n in range(rows):
        order = make_order(by=agent_a, org_unit=org.unit_a, customer=customer)
        if n % 2:
            apply_transition(order, "dispatch", by=dispatcher_a, assignee=technician_a)
    _login(client, dispatcher_a)
    # session, user, unit + company, roles, scope unit ids, page ids, page rows (Q2: ids
    # first), the pack in force (cached outside tests' transactions), the unit filter choices,
    # and base.html's fieldwork emergency banner
    with django_assert_max_num_queries(10):
        response = client.get(reverse("workorders:queue"))
    assert len(response.context["orders"]) == rows


# --- detail and transitions ---------------------------------------------------------------


def test_detail_shows_deadline_basis_timeline_and_allowed_actions(
    client, packs, org, agent_a, dispatcher_a
):
    """DSP-4 / STD-3 C8: the detail shows the stored basis: C8, 4小时, due 01:40."""
    order = make_order(by=agent_a, org_unit=org.unit_a, received_at=FRI_2140)
    with time_machine.travel(FRI_2140 + timedelta(hours=1), tick=False):
        response = _login(client, dispatcher_a).get(reverse("workorders:detail", args=[order.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert order.number in page
    assert order.pack.version in page
    assert "C8" in page
    assert "4小时" in page
    assert "2026-11-21 01:40" in page
    assert "剩余 3小时0分" in page
    assert "受理建单" in page
    actions = [form.transition.action for form in response.context["action_forms"]]
    assert actions == ["dispatch", "suspend", "cancel"]


def test_detail_flags_a_breached_deadline(client, packs, org, agent_a, dispatcher_a):
    """DSP-4 / STD-3 C8: unmet 4 h after the report, the arrival clock shows as breached."""
    order = make_order(by=agent_a, org_unit=org.unit_a, received_at=FRI_2140)
    late = FRI_2140 + timedelta(hours=4, minutes=1)
    scan_breaches(now=late)
    with time_machine.travel(late, tick=False):
        response = _login(client, dispatcher_a).get(reverse("workorders:detail", args=[order.pk]))
    page = response.content.decode()
    assert 'data-testid="breached-arrival"' in page
    assert "超时 1分钟" in page
    assert "到达超时" in page  # the breach scan's history entry


def test_detail_outside_scope_is_404(client, packs, org, agent_a, dispatcher_b):
    order = make_order(by=agent_a, org_unit=org.unit_a)
    response = _login(client, dispatcher_b).get(reverse("workorders:detail", args=[order.pk]))
    assert response.status_code == 404


def test_technician_is_offered_only_actions_on_orders_assigned_to_them(
    client, packs, org, agent_a, dispatcher_a, technician_a
):
    order = make_order(by=agent_a, org_unit=org.team_a)
    response = _login(client, technician_a).get(reverse("workorders:detail", args=[order.pk]))
    assert [f.transition.action for f in response.context["action_forms"]] == ["suspend"]
    apply_transition(order, "dispatch", by=dispatcher_a, assignee=technician_a)
    response = client.get(reverse("workorders:detail", args=[order.pk]))
    assert [f.transition.action for f in response.context["action_forms"]] == [
        "accept",
        "suspend",
        "return",
    ]


def test_dispatch_via_the_form_assigns_the_technician(
    client, packs, org, agent_a, dispatcher_a, technician_a
):
    order = make_order(by=agent_a, org_unit=org.unit_a)
    url = reverse("workorders:transition", args=[order.pk, "dispatch"])
    response = _login(client, dispatcher_a).post(url, {"assignee": technician_a.pk}, follow=True)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.DISPATCHED
    assert order.assignee == technician_a
    assert WorkOrderEvent.objects.get(order=order, kind="DISPATCHED").by == dispatcher_a
    assert "已派工" in response.content.decode()


def test_dispatch_without_technician_shows_the_error_and_changes_nothing(
    client, packs, org, agent_a, dispatcher_a
):
    order = make_order(by=agent_a, org_unit=org.unit_a)
    url = reverse("workorders:transition", args=[order.pk, "dispatch"])
    response = _login(client, dispatcher_a).post(url, {})
    assert response.status_code == 400
    assert "请选择处理人" in response.content.decode()
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.NEW
    assert list(order.events.values_list("kind", flat=True)) == ["CREATED"]


def test_action_the_role_does_not_allow_is_refused_in_chinese(
    client, packs, org, agent_a, technician_a
):
    order = make_order(by=agent_a, org_unit=org.team_a)
    url = reverse("workorders:transition", args=[order.pk, "dispatch"])
    response = _login(client, technician_a).post(url, {"assignee": technician_a.pk})
    assert response.status_code == 400
    assert "需要以下角色之一" in response.content.decode()
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.NEW
    assert order.events.count() == 1


def test_transition_outside_scope_is_404_and_changes_nothing(
    client, packs, org, agent_a, dispatcher_b
):
    order = make_order(by=agent_a, org_unit=org.unit_a)
    url = reverse("workorders:transition", args=[order.pk, "cancel"])
    response = _login(client, dispatcher_b).post(url, {"reason": "重复"})
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.NEW


def test_suspend_via_the_form_needs_a_reason_code(client, packs, org, agent_a, dispatcher_a):
    order = make_order(by=agent_a, org_unit=org.unit_a)
    url = reverse("workorders:transition", args=[order.pk, "suspend"])
    _login(client, dispatcher_a)
    response = client.post(url, {"reason": "客户出差"})
    assert "请选择挂起原因" in response.content.decode()
    client.post(url, {"reason": "客户出差", "suspend_reason": "not_at_home"})
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.SUSPENDED
    assert order.suspend_reason == "not_at_home"


# --- customer 360 partial -----------------------------------------------------------------


def test_customer_orders_partial_lists_the_customer_orders(client, packs, org, agent_a, customer):
    order = make_order(by=agent_a, org_unit=org.unit_a, customer=customer)
    other = make_customer(org.unit_a)
    make_order(by=agent_a, org_unit=org.unit_a, customer=other)
    response = _login(client, agent_a).get(
        reverse("workorders:customer_orders", args=[customer.pk]), **HX
    )
    assert response.status_code == 200
    assert [o.number for o in response.context["orders"]] == [order.number]
    assert response.content.decode().count('data-testid="customer-order-row"') == 1


def test_customer_orders_outside_scope_is_404(client, packs, org, dispatcher_b, customer):
    url = reverse("workorders:customer_orders", args=[customer.pk])
    assert _login(client, dispatcher_b).get(url).status_code == 404
