"""KPI pages and API (KPI-1…20): permissions, links, pass/fail marks, query budgets."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from gasdesk.quality import order_facts
from gasdesk.quality.models import HotlineCall
from gasdesk.quality.tests.kpi_factories import make_timed_orders
from gasdesk.quality.tests.kpi_fixtures import KPI_NOW, SHANGHAI, KunlunOrg

MARCH_5 = dt.datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI)
H = dt.timedelta(hours=1)
QUERY = {"period": "month", "month": "2026-03"}


@pytest.fixture(autouse=True)
def _frozen() -> object:
    with time_machine.travel(KPI_NOW, tick=False):
        yield


def _repairs(org, by, n: int, met_hours: float, **extra) -> list:  # type: ignore[no-untyped-def]
    return make_timed_orders(
        n,
        unit=extra.pop("unit", org.unit_a),
        by=by,
        business_type="repair",
        clock="arrival",
        received_at=MARCH_5,
        due_after=4 * H,
        met_after=met_hours * H,
        **extra,
    )


def _login(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_table_page_marks_pass_and_fail_and_links_drill_down(org, specialist, packs) -> None:
    """KPI-19/20: repair 1 of 2 on time = 50 %; 一般 tier target 95 % → 未达标; counts link."""
    _repairs(org, specialist, 1, 1)
    _repairs(org, specialist, 1, 6)

    response = _login(specialist).get(reverse("kpi:table"), {**QUERY, "tier": "general"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "50.00%" in html
    assert "kpi-fail" in html
    assert reverse("kpi:records", args=["kpi.repair_replacement_timeliness"]) in html


def test_table_page_shows_tier_table_and_not_applicable(org, specialist, packs) -> None:
    """KPI-20: the per-tier table renders; an indicator without orders shows 不适用."""
    _repairs(org, specialist, 2, 1, tier="vip")

    response = _login(specialist).get(reverse("kpi:table"), QUERY)

    html = response.content.decode()
    assert 'data-testid="kpi-tier-table"' in html
    assert "不适用" in html


def test_htmx_request_gets_the_partial(org, specialist, packs) -> None:
    response = _login(specialist).get(reverse("kpi:table"), QUERY, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert b"<html" not in response.content


def test_technician_is_refused(org, technician_a, packs) -> None:
    assert _login(technician_a).get(reverse("kpi:table"), QUERY).status_code == 403


def test_unit_b_dispatcher_cannot_open_unit_a(org, dispatcher_b, packs) -> None:
    """KPI scope: a unit outside the user's subtree is not offered, so the filter falls back."""
    response = _login(dispatcher_b).get(reverse("kpi:table"), {**QUERY, "unit": org.unit_a.pk})

    assert response.status_code == 200
    assert response.context["scope"].unit == org.unit_b
    assert response.context["scope"].period.start == dt.date(2026, 3, 1)


def test_drill_down_page_lists_the_late_order_only(org, specialist, packs) -> None:
    """KPI-19: the numerator page of 1-of-2 lists the on-time order and not the late one."""
    (on_time,) = _repairs(org, specialist, 1, 1)
    (late,) = _repairs(org, specialist, 1, 6)
    url = reverse("kpi:records", args=["kpi.repair_timeliness"])

    html = _login(specialist).get(url, {**QUERY, "part": "numerator"}).content.decode()

    assert on_time.number in html
    assert late.number not in html


def test_unknown_code_is_404(org, specialist, packs) -> None:
    url = reverse("kpi:records", args=["kpi.nothing"])

    assert _login(specialist).get(url, QUERY).status_code == 404


def test_table_page_query_budget(org, specialist, packs, django_assert_max_num_queries) -> None:
    """KPI: session, user, scope, pack, the table (9) and the tier table (6), nav, unit list."""
    _repairs(org, specialist, 30, 1)
    client = _login(specialist)

    # 27 on SQLite, 28 on PostgreSQL (measured; the extra query was not traced), of which one
    # is the facts' check that nothing changed
    order_facts.refresh()  # steady state: the facts are current
    with django_assert_max_num_queries(28):
        client.get(reverse("kpi:table"), QUERY)


def test_drill_down_query_budget(org, specialist, packs, django_assert_max_num_queries) -> None:
    _repairs(org, specialist, 60, 1)
    client = _login(specialist)
    url = reverse("kpi:records", args=["kpi.repair_timeliness"])

    order_facts.refresh()  # steady state: the facts are current
    with django_assert_max_num_queries(12):  # + base.html nav badges
        client.get(url, QUERY)


def test_api_list_and_records(org, specialist, packs, django_assert_max_num_queries) -> None:
    """KPI API: the same figure as the page, and its drill-down ids with a keyset cursor."""
    orders = _repairs(org, specialist, 3, 1)
    api = APIClient()
    api.force_authenticate(specialist)

    order_facts.refresh()  # steady state: the facts are current
    with django_assert_max_num_queries(25):
        figures = api.get("/api/v1/kpis/", QUERY).json()
    records = api.get("/api/v1/kpis/kpi.repair_timeliness/records/", QUERY).json()

    repair = next(f for f in figures if f["code"] == "kpi.repair_timeliness")
    assert (repair["numerator"], repair["denominator"], repair["value"]) == (3, 3, "100.00")
    assert {r["id"] for r in records["records"]} == {o.pk for o in orders}
    assert records["next_after"] is None


def test_api_tiers(org, specialist, packs) -> None:
    _repairs(org, specialist, 2, 1, tier="vip")
    api = APIClient()
    api.force_authenticate(specialist)

    rows = api.get("/api/v1/kpis/tiers/", QUERY).json()

    row = next(r for r in rows if r["code"] == "kpi.repair_replacement_timeliness")
    assert [f["denominator"] for f in row["figures"]] == [2, 0, 0, 0]


def test_api_refuses_technician(org, technician_a, packs) -> None:
    api = APIClient()
    api.force_authenticate(technician_a)

    assert api.get("/api/v1/kpis/", QUERY).status_code == 403


def _calls(company, waits: list[int | None], exit: str = "completed") -> None:  # type: ignore[no-untyped-def]
    HotlineCall.objects.bulk_create(
        HotlineCall(
            company=company,
            source="t",
            callid=f"{exit}-{i}-{wait}",
            queue="q",
            caller="13812345678",
            entered_at=MARCH_5,
            entered_on=MARCH_5.date(),
            wait_seconds=wait,
            is_answered=exit == "completed",
            exit=exit,
        )
        for i, wait in enumerate(waits)
    )


def test_hotline_kpis_6_7_8(kunlun_org: KunlunOrg) -> None:
    """KPI-6/7/8 M-06: 3 rings × 5 s = 15 s; 3 of 5 answered within 15 s = 60 %, 1 lost = 20 %."""
    _calls(kunlun_org.company, [15, 15, 15, 16])
    _calls(kunlun_org.company, [60], exit="abandoned")
    api = APIClient()
    api.force_authenticate(kunlun_org.specialist)

    figures = {f["code"]: f for f in api.get("/api/v1/kpis/", QUERY).json()}

    assert figures["kpi.calls_answered_in_time"]["value"] == "60.00"
    assert figures["kpi.calls_answered_in_time"]["target"] == {"op": ">=", "value": "90.00"}
    assert figures["kpi.queue_abandonment"]["value"] == "20.00"
    # the hotline's own queue wait; KPI-8 itself reads on-site samples (none here: N/A)
    assert figures["kpi.hotline_average_wait_minutes"]["value"] == "0.40"  # 121 s / 5 calls / 60
    assert figures["kpi.average_wait_minutes"]["value"] is None


def test_hotline_drill_down_masks_the_caller(kunlun_org: KunlunOrg) -> None:
    _calls(kunlun_org.company, [10])
    api = APIClient()
    api.force_authenticate(kunlun_org.specialist)

    page = api.get("/api/v1/kpis/kpi.calls_answered_in_time/records/", QUERY).json()

    assert page["record_kind"] == "call"
    assert "13812345678" not in str(page["records"])
