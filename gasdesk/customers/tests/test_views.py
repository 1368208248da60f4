"""Customer pages: intake search (htmx partial), 360 page, new customer, export, permissions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gasdesk.customers.models import Customer, Meter, TierChange
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.models import User
from gasdesk.standards.schema import Tier


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_search_page_has_the_box_and_create_link(agent_a: User) -> None:
    response = client_for(agent_a).get(reverse("customers:search"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in html
    assert f'hx-get="{reverse("customers:search")}"' in html
    assert 'data-testid="customer-create-link"' in html


def test_htmx_request_gets_only_the_rows(agent_a: User, customer_a: Customer) -> None:
    """CUST-10: live results: the partial holds masked rows that link to the customer."""
    response = client_for(agent_a).get(
        reverse("customers:search"), {"q": "5678"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert "<html" not in html
    assert html.count('data-testid="customer-row"') == 1
    assert reverse("customers:detail", args=[customer_a.pk]) in html
    assert "138****5678" in html
    assert "13812345678" not in html


def test_search_page_query_budget(
    org: Any, agent_a: User, django_assert_max_num_queries: Any
) -> None:
    for n in range(25):
        make_customer(org.unit_a, name=f"周{n}")
    client = client_for(agent_a)

    # session, user, roles, unit + company, scope ids, candidates, rows; + base.html's
    # fieldwork emergency banner
    with django_assert_max_num_queries(8):
        response = client.get(reverse("customers:search"), {"q": "周"})

    assert response.content.decode().count('data-testid="customer-row"') == 20


def test_dispatcher_b_finds_nothing_of_unit_a(dispatcher_b: User, customer_a: Customer) -> None:
    client = client_for(dispatcher_b)
    response = client.get(reverse("customers:search"), {"q": "5678"})

    assert 'data-testid="customer-row"' not in response.content.decode()
    assert client.get(reverse("customers:detail", args=[customer_a.pk])).status_code == 404


def test_detail_is_the_customer_360(agent_a: User, customer_a: Customer) -> None:
    response = client_for(agent_a).get(reverse("customers:detail", args=[customer_a.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "13812345678" in html  # the agent calls the customer back
    orders = reverse("workorders:customer_orders", args=[customer_a.pk])
    assert f'hx-get="{orders}" hx-trigger="load"' in html
    assert f"{reverse('workorders:create')}?customer={customer_a.pk}" in html
    assert 'data-testid="override-tier-form"' not in html  # agents do not override tiers


def test_meter_1_detail_lists_the_active_meter_and_marks_the_retired_one(
    agent_a: User, customer_a: Customer
) -> None:
    """METER-1: the 360 page shows the meter on site; the replaced one only as 已拆除."""
    Meter.objects.create(
        customer=customer_a,
        meter_no="M-OLD-1",
        kind="ordinary",
        installed_on=date(2014, 5, 1),
        retired_on=date(2026, 11, 20),
    )
    Meter.objects.create(
        customer=customer_a, meter_no="M-NEW-9", kind="smart", installed_on=date(2026, 11, 20)
    )
    html = client_for(agent_a).get(reverse("customers:detail", args=[customer_a.pk]))
    page = html.content.decode()
    active = page.split('data-testid="customer-meter">')[1].split("</li>")[0]
    retired = page.split('data-testid="customer-meter-retired">')[1].split("</li>")[0]
    assert "M-NEW-9" in active
    assert "M-OLD-1" not in active
    assert "M-OLD-1" in retired
    assert "已拆除" in retired
    assert page.count('data-testid="customer-meter"') == 1
    assert page.index("M-NEW-9") < page.index("M-OLD-1")


def test_detail_masks_numbers_for_an_inspector(inspector: User, customer_a: Customer) -> None:
    html = client_for(inspector).get(reverse("customers:detail", args=[customer_a.pk]))
    assert "138****5678" in html.content.decode()
    assert "13812345678" not in html.content.decode()


@pytest.mark.usefixtures("packs")
def test_create_page_saves_through_the_service(org: Any, agent_a: User) -> None:
    """CUST-3: a commercial customer at 1,000 m³/day is created as VIP (004 ≥ 1000)."""
    response = client_for(agent_a).post(
        reverse("customers:create"),
        {
            "org_unit": org.unit_a.pk,
            "account_no": "CH7788",
            "name": "巢湖化工厂",
            "category": "commercial",
            "phones": "13811112222；0551-82223333",
            "addresses": "巢湖市化工路1号",
            "actual_volume_m3_per_day": "1000",
            "flags": ["pillar_industry"],
        },
    )

    customer = Customer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("customers:detail", args=[customer.pk])
    assert (customer.tier, customer.flag_pillar_industry, customer.phones.count()) == (
        Tier.VIP,
        True,
        2,
    )


@pytest.mark.usefixtures("packs")
def test_create_page_shows_the_rule_on_its_field(org: Any, agent_a: User) -> None:
    response = client_for(agent_a).post(
        reverse("customers:create"),
        {
            "org_unit": org.unit_a.pk,
            "account_no": "CH7788",
            "name": "刘先生",
            "category": "residential",
            "phones": "12345",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-phones"' in html
    assert "电话号码应为7–20位数字" in html
    assert Customer.objects.count() == 0


def test_create_page_is_forbidden_to_dispatchers(dispatcher_a: User) -> None:
    assert client_for(dispatcher_a).get(reverse("customers:create")).status_code == 403


@pytest.mark.usefixtures("packs")
def test_override_form_on_the_360_page(specialist: User, customer_a: Customer) -> None:
    """CUST-4: the specialist overrides with a reason; an empty reason shows on the form."""
    client = client_for(specialist)
    url = reverse("customers:override_tier", args=[customer_a.pk])

    refused = client.post(url, {"tier": "key", "reason": ""})
    assert refused.status_code == 400
    assert "请填写调整原因" in refused.content.decode()
    assert TierChange.objects.count() == 0

    accepted = client.post(url, {"tier": "key", "reason": "人大代表"})
    assert accepted.status_code == 302
    assert Customer.objects.get(pk=customer_a.pk).tier == Tier.KEY
    page = client.get(reverse("customers:detail", args=[customer_a.pk])).content.decode()
    assert page.count('data-testid="tier-change"') == 1


def test_export_downloads_the_filtered_list(
    agent_a: User, customer_a: Customer, customer_b: Customer
) -> None:
    response = client_for(agent_a).get(reverse("customers:export"), {"category": "residential"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]


def test_pages_need_a_login(customer_a: Customer) -> None:
    response = Client().get(reverse("customers:search"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
