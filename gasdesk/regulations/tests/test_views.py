"""Counter and customer-manager pages: one happy path each, scope, printing, query budgets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.regulations.jobs import plan_all_care_visits
from gasdesk.regulations.models import Appointment, OneTimeNotice, PromisedMatter
from gasdesk.regulations.services.care import assign_customer_manager
from gasdesk.regulations.services.notification import (
    NoticeInput,
    issue_notice,
    receive_documents,
    record_matter_visit,
)
from gasdesk.regulations.tests.factories import make_appointment, make_promise
from gasdesk.workorders.tests.factories import make_order

FRI_1600 = datetime(2026, 11, 20, 16, 0, tzinfo=SHANGHAI)


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "appointments",
        "appointment_new",
        "notices",
        "notice_new",
        "consultations",
        "promises",
        "promise_new",
        "assistance",
        "portfolio",
        "leaders",
        "duty",
        "prospects",
        "tier_strategy",
    ],
)
def test_pages_render_for_the_counter(client: Client, aode: Any, name: str) -> None:
    response = _login(client, aode.agent).get(reverse(f"regulations:{name}"))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["appointments", "duty", "prospects", "appointment_export"])
def test_pages_need_login(client: Client, db: None, name: str) -> None:
    response = client.get(reverse(f"regulations:{name}"))
    assert response.status_code == 302


def test_appointment_form_registers_and_shows_reply_due(client: Client, aode: Any) -> None:
    """APPT-3: the page shows the reply deadline (Mon 24:00 for Fri 16:00)."""
    data = {
        "applicant_name": "包女士",
        "applicant_phone": "13947512345",
        "channel": "phone",
        "kind": "counter",
        "matter": "开户",
        "scope": "outside_hours",
        "applicant_kind": "enterprise_or_person",
    }
    with time_machine.travel(FRI_1600, tick=False):
        response = _login(client, aode.agent).post(reverse("regulations:appointment_new"), data)
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("regulations:appointment_detail", args=[appointment.pk]))
    assert "2026-11-24 00:00" in page.content.decode()


def test_refusal_without_manager_shows_the_error_and_changes_nothing(
    client: Client, aode: Any
) -> None:
    """APPT-4 on the page: an agent picking no manager is refused."""
    with time_machine.travel(FRI_1600, tick=False):
        appointment = make_appointment(by=aode.agent, org_unit=aode.centre)
    url = reverse("regulations:appointment_action", args=[appointment.pk, "refuse"])
    response = _login(client, aode.agent).post(url, {"reason": "不办", "approver": ""})
    assert response.status_code == 400
    assert Appointment.objects.get().status == "requested"


def test_agree_from_the_page(client: Client, aode: Any) -> None:
    with time_machine.travel(FRI_1600, tick=False):
        appointment = make_appointment(by=aode.agent, org_unit=aode.centre)
        url = reverse("regulations:appointment_action", args=[appointment.pk, "agree"])
        response = _login(client, aode.agent).post(
            url, {"start_at": "2026-11-24T14:00", "staff": aode.agent.pk}
        )
    assert response.status_code == 302
    assert Appointment.objects.get().status == "agreed"
    page = client.get(reverse("regulations:appointment_detail", args=[appointment.pk]))
    body = page.content.decode()
    assert 'data-testid="action-applicant_arrived"' in body
    assert "13:50" in body  # APPT-7: ready 10 minutes before 14:00


def test_appointment_list_query_budget(
    client: Client, aode: Any, django_assert_max_num_queries: Any
) -> None:
    with time_machine.travel(FRI_1600, tick=False):
        for _ in range(6):
            make_appointment(by=aode.agent, org_unit=aode.centre)
    _login(client, aode.agent)
    # session, user, roles, unit + company, scope subtree (x2), awaiting rows, register rows
    with django_assert_max_num_queries(9):
        response = client.get(reverse("regulations:appointments"))
    assert len(response.context["rows"]) == 6


def test_notice_form_issues_and_prints_two_copies(
    client: Client, org: Any, agent_a: Any, packs: Any
) -> None:
    """NOTIFY-3: the printed notice has the customer copy and the department archive copy,
    each listing every missing document; the linked order is suspended."""
    order = make_order(by=agent_a, org_unit=org.unit_a)
    data = {
        "matter_code": "ownership_transfer",
        "provided": ["id_card"],
        "customer_name": "王先生",
        "work_order_number": order.number,
    }
    response = _login(client, agent_a).post(reverse("regulations:notice_new"), data)
    notice = OneTimeNotice.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("regulations:notice_print", args=[notice.pk])).content.decode()
    assert page.count('data-testid="notice-copy"') == 2
    assert "客户联" in page
    assert "部门存档联" in page
    assert page.count('data-testid="missing-item"') == 4
    order.refresh_from_db()
    assert order.status == "suspended"


def test_notice_form_htmx_swaps_the_document_list(
    client: Client, org: Any, agent_a: Any, packs: Any
) -> None:
    response = _login(client, agent_a).get(
        reverse("regulations:notice_new"),
        {"matter_code": "commercial_connection"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "营业执照复印件" in body
    assert "<html" not in body


def test_notice_for_an_invisible_order_is_refused(
    client: Client, org: Any, agent_a: Any, dispatcher_b: Any, packs: Any
) -> None:
    order = make_order(by=agent_a, org_unit=org.unit_a)
    data = {
        "matter_code": "ownership_transfer",
        "customer_name": "王",
        "work_order_number": order.number,
    }
    response = _login(client, dispatcher_b).post(reverse("regulations:notice_new"), data)
    assert response.status_code == 200
    assert not OneTimeNotice.objects.exists()


def test_customer_flag_partial(client: Client, org: Any, agent_a: Any, packs: Any) -> None:
    """NOTIFY-7: the customer page's flag after 3 visits for the same matter."""
    customer = make_customer(org.unit_a)
    notice = issue_notice(
        NoticeInput(org_unit=org.unit_a, matter_code="ownership_transfer", customer=customer),
        by=agent_a,
    )
    receive_documents(notice, by=agent_a)
    url = reverse("regulations:customer_flags", args=[customer.pk])
    assert "repeat-flag" not in _login(client, agent_a).get(url).content.decode()
    record_matter_visit(customer, by=agent_a, org_unit=org.unit_a, matter_code="ownership_transfer")
    body = client.get(url).content.decode()
    assert "repeat-flag" in body
    assert "燃气户名过户" in body


def test_promise_page_flow(client: Client, aode: Any) -> None:
    """TLC-2: the form without a limit stores 3 WD; completing needs the written reply."""
    data = {
        "customer_name": "包女士",
        "title": "核查表具",
        "origin": "customer_feedback",
        "responsible": aode.agent.pk,
    }
    with time_machine.travel(FRI_1600, tick=False):
        _login(client, aode.agent).post(reverse("regulations:promise_new"), data)
        matter = PromisedMatter.objects.get()
        url = reverse("regulations:promise_action", args=[matter.pk, "complete"])
        assert client.post(url, {"reply": ""}).status_code == 400
        assert client.post(url, {"reply": "已答复"}).status_code == 400  # TLC-3: party informed?
        assert client.post(url, {"reply": "已答复", "informed_how": "phone"}).status_code == 302
    assert matter.due_at == datetime(2026, 11, 26, 0, 0, tzinfo=SHANGHAI)
    assert PromisedMatter.objects.get().status == "done"


def test_promise_list_query_budget(
    client: Client, aode: Any, django_assert_max_num_queries: Any
) -> None:
    with time_machine.travel(FRI_1600, tick=False):
        for _ in range(5):
            make_promise(by=aode.agent, org_unit=aode.centre)
    _login(client, aode.agent)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("regulations:promises"))
    assert len(response.context["rows"]) == 5


def test_leader_board_shows_overdue_visit_and_portfolio(
    client: Client, org: Any, dispatcher_a: Any, packs: Any, django_assert_max_num_queries: Any
) -> None:
    """MGR-4: the leader sees the overdue VIP visit; the manager sees it as due."""
    manager = make_user(Role.HOTLINE_AGENT, org.unit_a)
    customer = make_customer(org.unit_a, tier="vip", category="commercial")
    assign_customer_manager(customer, by=dispatcher_a, manager=manager)
    plan_all_care_visits(datetime(2026, 1, 5, 9, 0, tzinfo=SHANGHAI))
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        _login(client, dispatcher_a)
        with django_assert_max_num_queries(14):
            board = client.get(reverse("regulations:leaders"))
        assert [v.customer for v in board.context["overdue"]] == [customer]
        _login(client, manager)
        with django_assert_max_num_queries(13):
            mine = client.get(reverse("regulations:portfolio"))
    assert [c for c, _strategy in mine.context["customers"]] == [customer]
    assert 'class="overdue"' in mine.content.decode()
