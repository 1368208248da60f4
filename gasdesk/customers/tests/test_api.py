"""/api/v1/customers/: permissions, scope (404), masking, one happy path per action."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from gasdesk.customers.models import Customer, Meter, TierChange
from gasdesk.customers.tests.factories import customer_payload, make_customer
from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.standards.schema import Tier

LIST = "/api/v1/customers/"


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def detail_url(customer: Customer, action: str = "") -> str:
    return f"{LIST}{customer.pk}/{action + '/' if action else ''}"


@pytest.mark.django_db
def test_anonymous_callers_are_refused() -> None:
    assert APIClient().get(LIST).status_code in (401, 403)


def test_sysadmin_has_no_customer_access(sysadmin: User, customer_a: Customer) -> None:
    assert client_for(sysadmin).get(LIST).status_code == 403


def test_list_rows_are_masked_and_scoped(
    dispatcher_b: User, customer_a: Customer, customer_b: Customer
) -> None:
    response = client_for(dispatcher_b).get(LIST)

    assert response.status_code == 200
    assert [row["account_no"] for row in response.json()["results"]] == ["HS20240002"]
    assert response.json()["results"][0]["phone_masked"] == "055*****5679"


def test_search_param_uses_the_agent_search(
    agent_a: User, customer_a: Customer, customer_b: Customer
) -> None:
    """CUST-10: ?q=5678 finds 王建国 by phone tail; the row is masked."""
    response = client_for(agent_a).get(LIST, {"q": "5678"})

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert (row["id"], row["name"], row["phone_masked"]) == (customer_a.pk, "王建国", "138****5678")


def test_filters_combine_with_search(org: Any, agent_a: User) -> None:
    vip = make_customer(org.unit_a, name="巢湖钢厂", tier=Tier.VIP, flag_pillar_industry=True)
    make_customer(org.unit_a, name="巢湖面馆")
    client = client_for(agent_a)

    assert [r["id"] for r in client.get(LIST, {"q": "巢湖", "tier": "vip"}).json()["results"]] == [
        vip.pk
    ]
    flagged = client.get(LIST, {"flag": "pillar_industry"}).json()["results"]
    assert [r["id"] for r in flagged] == [vip.pk]
    units = client.get(LIST, {"org_unit": org.unit_b.pk}).json()["results"]
    assert units == []


def test_list_query_budget(org: Any, agent_a: User, django_assert_max_num_queries: Any) -> None:
    for n in range(30):
        make_customer(org.unit_a, name=f"客户{n}", phones=[f"1370000{n:04d}"])
    client = client_for(User.objects.get(pk=agent_a.pk))

    with django_assert_max_num_queries(4):
        page = client.get(LIST).json()
    with django_assert_max_num_queries(5):
        found = client.get(LIST, {"q": "客户"}).json()

    assert len(page["results"]) == 30
    assert len(found["results"]) == 20


def test_out_of_scope_customer_is_404(dispatcher_b: User, customer_a: Customer) -> None:
    client = client_for(dispatcher_b)
    assert client.get(detail_url(customer_a)).status_code == 404
    assert client.get(detail_url(customer_a, "tier-history")).status_code == 404


def test_detail_shows_full_numbers_to_the_agent_only(
    agent_a: User, inspector: User, customer_a: Customer
) -> None:
    customer_a.id_number = "340181199001011234"
    customer_a.save()

    full = client_for(agent_a).get(detail_url(customer_a)).json()
    masked = client_for(inspector).get(detail_url(customer_a)).json()

    assert (full["phones"], full["id_number"]) == (["13812345678"], "340181199001011234")
    assert (masked["phones"], masked["id_number"]) == (["138****5678"], "340181********1234")
    assert full["addresses"][0]["text"] == "巢湖市东塘路1号"


def test_meter_1_detail_marks_the_retired_meter(agent_a: User, customer_a: Customer) -> None:
    """METER-1: the API lists the active meter first; the replaced one carries retired_on."""
    Meter.objects.create(
        customer=customer_a, meter_no="M-OLD-1", kind="ordinary", retired_on=date(2026, 11, 20)
    )
    Meter.objects.create(customer=customer_a, meter_no="M-NEW-9", kind="smart")

    meters = client_for(agent_a).get(detail_url(customer_a)).json()["meters"]

    assert [(m["meter_no"], m["retired_on"]) for m in meters] == [
        ("M-NEW-9", None),
        ("M-OLD-1", "2026-11-20"),
    ]


@pytest.mark.usefixtures("packs")
def test_create_through_the_service(org: Any, agent_a: User) -> None:
    """CUST-3: a commercial customer at 650 m³/day is created as 重点."""
    payload = {**customer_payload(flags=["stable_use"]), "org_unit": org.unit_a.pk}

    response = client_for(agent_a).post(LIST, payload, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["tier"], body["flags"], body["phones"]) == (
        Tier.IMPORTANT,
        ["stable_use"],
        ["0551-8234 5678"],
    )
    assert Customer.objects.get().flag_stable_use is True


@pytest.mark.usefixtures("packs")
def test_create_rule_violation_is_400_on_the_field(org: Any, agent_a: User) -> None:
    payload = {**customer_payload(phones=["123"]), "org_unit": org.unit_a.pk}

    response = client_for(agent_a).post(LIST, payload, format="json")

    assert (response.status_code, response.json()) == (400, {"phones": ["电话号码应为7–20位数字"]})
    assert Customer.objects.count() == 0


@pytest.mark.usefixtures("packs")
def test_create_by_a_dispatcher_is_403(org: Any, dispatcher_a: User) -> None:
    payload = {**customer_payload(), "org_unit": org.unit_a.pk}
    assert client_for(dispatcher_a).post(LIST, payload, format="json").status_code == 403
    assert Customer.objects.count() == 0


@pytest.mark.usefixtures("packs")
def test_patch_recomputes_and_history_shows_it(org: Any, agent_a: User) -> None:
    """CUST-4: PATCH actual 1200 → VIP; tier-history lists the change."""
    client = client_for(agent_a)
    created = client.post(
        LIST, {**customer_payload(), "org_unit": org.unit_a.pk}, format="json"
    ).json()
    customer = Customer.objects.get(pk=created["id"])

    response = client.patch(detail_url(customer), {"actual_volume_m3_per_day": "1200"})
    history = client.get(detail_url(customer, "tier-history")).json()

    assert (response.status_code, response.json()["tier"]) == (200, Tier.VIP)
    assert [(h["old_tier"], h["new_tier"], h["kind"]) for h in history] == [
        (Tier.IMPORTANT, Tier.VIP, "recomputed")
    ]


def test_put_is_not_offered(agent_a: User, customer_a: Customer) -> None:
    assert client_for(agent_a).put(detail_url(customer_a), {}).status_code == 405


@pytest.mark.usefixtures("packs")
def test_override_tier_action(specialist: User, customer_a: Customer) -> None:
    """CUST-4: POST override-tier with a reason; without one the service's message is 400."""
    client = client_for(specialist)
    url = detail_url(customer_a, "override-tier")

    refused = client.post(url, {"tier": "vip"})
    assert (refused.status_code, refused.json()) == (400, {"reason": ["请填写调整原因"]})
    assert TierChange.objects.count() == 0

    accepted = client.post(url, {"tier": "vip", "reason": "重大活动保障"})
    assert (accepted.status_code, accepted.json()["tier"]) == (200, Tier.VIP)
    assert accepted.json()["tier_is_manual"] is True

    cleared = client.post(detail_url(customer_a, "clear-tier-override"), {})
    assert (cleared.status_code, cleared.json()["tier"]) == (200, Tier.GENERAL)


def test_override_by_an_agent_is_403(agent_a: User, customer_a: Customer) -> None:
    response = client_for(agent_a).post(
        detail_url(customer_a, "override-tier"), {"tier": "vip", "reason": "客户要求"}
    )
    assert response.status_code == 403
    assert Customer.objects.get(pk=customer_a.pk).tier == Tier.GENERAL


def test_export_action_returns_xlsx(org: Any, customer_a: Customer, customer_b: Customer) -> None:
    callback_agent = make_user(Role.CALLBACK_AGENT, org.unit_a)

    response = client_for(callback_agent).get(f"{LIST}export/", {"org_unit": org.unit_a.pk})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(response.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]


def test_schema_lists_the_actions(agent_a: User) -> None:
    schema = client_for(agent_a).get("/api/schema/").content.decode()
    actions = ("override-tier", "tier-history", "clear-tier-override", "/api/v1/customers/export/")
    for path in actions:
        assert path in schema
