"""Bench findings Q1, Q2, Q7 and C1 kept by tests: fixed query budgets, same output, numbering.

The figures themselves are in bench/README.md; these tests pin what the fixes rely on.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.db.models.signals import post_save
from rest_framework.test import APIClient

from gasdesk.customers.tests.factories import make_customer
from gasdesk.standards import lookup
from gasdesk.standards.models import StandardPack
from gasdesk.workorders import selectors
from gasdesk.workorders.api.serializers import (
    DeadlineSerializer,
    WorkOrderSerializer,
    deadline_dicts,
    order_data,
)
from gasdesk.workorders.intake import next_number
from gasdesk.workorders.models import WorkOrder
from gasdesk.workorders.tests.factories import REPAIR, make_order

TZ = ZoneInfo("Asia/Shanghai")


def make_user_with_role(org):
    from gasdesk.org.roles import Role
    from gasdesk.org.tests.factories import make_user

    return make_user(Role.DISPATCHER, org.unit_a, username="perf_dispatcher")


FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_c1_create_with_a_customer_has_a_fixed_query_budget(
    packs, org, agent_a, django_assert_num_queries
):
    """C1: session user with unit, company and roles in one query; customer with unit,
    company and address in one; number in one UPDATE."""
    customer = make_customer(org.unit_a, name="王建国", address="巢湖市东塘路1号")
    payload = {
        "business_type": REPAIR,
        "channel": "hotline",
        "description": "燃气灶不点火",
        "customer": customer.pk,
    }
    client = APIClient()
    client.force_login(agent_a)  # a real session: the request reads it and its user
    with time_machine.travel(FRI_2140, tick=False):
        client.post("/api/v1/work-orders/", payload, format="json")  # creates the day's row
        # session, user, customer, pack in force, calendar (both cached outside a
        # transaction), savepoint, number, order, event, release
        with django_assert_num_queries(10) as captured:
            response = client.post("/api/v1/work-orders/", payload, format="json")
    session, user = (query["sql"] for query in captured[:2])
    assert 'FROM "django_session"' in session
    assert 'FROM "org_user"' in user
    assert '"auth_group"' in user
    assert '"org_orgunit"' in user
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["address"]) == ("GD2026112000002", "巢湖市东塘路1号")


def test_c1_create_response_is_the_serializer_output(packs, org, agent_a):
    """C1: the shared renderer gives exactly WorkOrderSerializer's data."""
    with time_machine.travel(FRI_2140, tick=False):
        order = make_order(by=agent_a, org_unit=org.unit_a)
        fresh = WorkOrder.objects.get(pk=order.pk)
        assert order_data(fresh) == WorkOrderSerializer(fresh).data


def test_q1_fast_rendering_equals_drf_generic_rendering(packs, org, agent_a, technician_a):
    """Q1: the hand-built row is exactly what ModelSerializer.to_representation gives."""
    from rest_framework import serializers

    from gasdesk.workorders.services import apply_transition

    with time_machine.travel(FRI_2140, tick=False):
        anonymous = make_order(by=agent_a, org_unit=org.unit_a)
        customer = make_customer(org.unit_a, name="王建国")
        dispatched = make_order(by=agent_a, org_unit=org.unit_a, customer=customer)
        dispatcher = make_user_with_role(org)
        apply_transition(dispatched, "dispatch", by=dispatcher, assignee=technician_a)
        for order in WorkOrder.objects.filter(pk__in=[anonymous.pk, dispatched.pk]):
            serializer = WorkOrderSerializer()
            generic = dict(serializers.ModelSerializer.to_representation(serializer, order))
            fast = serializer.to_representation(order)
            if order.assignee is None:  # DRF rendered None.__str__ as "<method-wrapper …>"
                assert fast.pop("assignee_name") is None
                generic.pop("assignee_name")
            assert fast == generic


def test_q1_deadlines_as_dicts_match_the_deadline_serializer(packs, org, agent_a):
    """Q1: plain dicts, the same JSON as DeadlineSerializer(many=True)."""
    order = make_order(by=agent_a, org_unit=org.unit_a)
    rows = [{"clock": clock, **basis} for clock, basis in order.deadline_basis.items()]
    assert deadline_dicts(order.deadline_basis) == DeadlineSerializer(rows, many=True).data


def test_q2_a_page_is_ids_first_then_rows_in_queue_order(
    packs, org, agent_a, dispatcher_a, django_assert_num_queries
):
    """Q2: two queries whatever the page size, rows in the queue's order."""
    with time_machine.travel(FRI_2140, tick=False):
        later = make_order(by=agent_a, org_unit=org.unit_a, business_type="gas_on")
        sooner = make_order(by=agent_a, org_unit=org.unit_a)
    queue = selectors.dispatcher_queue(dispatcher_a)
    list(queue[:1])  # the scope lookups are cached on the user
    with django_assert_num_queries(2):
        page = selectors.fetch_page(queue, 10)
        names = [(o.number, o.customer, o.org_unit.name, o.pack.version) for o in page]
    assert [n[0] for n in names] == [sooner.number, later.number]


def test_q2_pages_of_any_size_equal_the_plain_query(packs, org, agent_a, dispatcher_a):
    """Q2: rows by the prepared query of the next size up (ids padded) are the ORM's rows."""
    with time_machine.travel(FRI_2140, tick=False):
        for n in range(12):
            make_order(by=agent_a, org_unit=org.unit_a, business_type=("gas_on", REPAIR)[n % 2])
    queue = selectors.dispatcher_queue(dispatcher_a)
    for limit in (1, 10, 11, 12):
        page = selectors.fetch_page(queue, limit)
        plain = list(selectors.listed(queue)[:limit])
        assert [vars(o) | {"_state": None} for o in page] == [
            vars(o) | {"_state": None} for o in plain
        ]
        assert [o.org_unit.name for o in page] == [o.org_unit.name for o in plain]


def test_q7_queue_lines_are_the_pages_orders_in_columns(
    packs, org, agent_a, dispatcher_a, technician_a, django_assert_num_queries
):
    """Q7: the page's columns, read without instances, equal the orders' own (any size)."""
    from gasdesk.workorders.services import apply_transition

    customer = make_customer(org.unit_a, name="张三")
    with time_machine.travel(FRI_2140, tick=False):
        for n in range(12):
            order = make_order(
                by=agent_a, org_unit=org.unit_a, customer=customer if n % 3 else None
            )
            if n % 4 == 0:
                apply_transition(order, "dispatch", by=dispatcher_a, assignee=technician_a)
    queue = selectors.dispatcher_queue(dispatcher_a)
    list(queue[:1])  # the scope lookups are cached on the user
    for limit in (1, 10, 11, 12):
        with django_assert_num_queries(2):
            lines = selectors.fetch_lines(queue, limit)
        orders = selectors.fetch_page(queue, limit)
        assert [
            (
                o.pk,
                o.number,
                o.business_type_name,
                o.customer.name if o.customer else None,
                o.caller_name,
                o.tier,
                o.org_unit.name,
                str(o.assignee) if o.assignee else None,
                o.status,
                o.next_due_at,
            )
            for o in orders
        ] == [(*line[:7], line.assignee, line.status, line.next_due_at) for line in lines]
    assert any(line.assignee for line in lines)
    assert any(line.customer_name is None for line in lines)


def test_q7_queue_api_rows_are_the_list_serializers(packs, org, agent_a, dispatcher_a):
    """Q7: rows rendered one by one (no ListSerializer cycle) are ListSerializer's JSON."""
    import json

    from rest_framework.renderers import JSONRenderer

    with time_machine.travel(FRI_2140, tick=False):
        for n in range(3):
            make_order(by=agent_a, org_unit=org.unit_a, business_type=("gas_on", REPAIR)[n % 2])
        client = APIClient()
        client.force_authenticate(dispatcher_a)
        answered = client.get("/api/v1/work-orders/queue/").json()
        orders = selectors.fetch_page(selectors.dispatcher_queue(dispatcher_a), 50)
        expected = json.loads(JSONRenderer().render(WorkOrderSerializer(orders, many=True).data))
    assert len(answered) == 3
    assert answered == expected


def test_q1_list_rows_do_not_load_the_password_hash(packs, org, agent_a, dispatcher_a):
    """Q1: lists read only the related columns they show."""
    make_order(by=agent_a, org_unit=org.unit_a)
    (order,) = selectors.fetch_page(selectors.dispatcher_queue(dispatcher_a), 10)
    assert order.org_unit.get_deferred_fields() >= {"path", "code"}


def test_c1_number_sequence_continues_with_update_returning(db):
    """WO-1 numbering: the day's counter advances by one per order (one query per number)."""
    from django.db import transaction

    with transaction.atomic():
        first, second = next_number(FRI_2140), next_number(FRI_2140)
    assert (first, second) == ("GD2026112000001", "GD2026112000002")


@pytest.mark.django_db(transaction=True)
def test_c1_pack_in_force_is_cached_outside_transactions_and_cleared_on_load(
    django_assert_num_queries,
):
    """C1: one query for the pack in force per (company, day), until a pack is saved."""
    from gasdesk.standards.loading import load_all_shipped

    lookup.clear_cache()
    load_all_shipped()
    assert not connection.in_atomic_block
    first = lookup.pack_in_force("chaohu", FRI_2140)
    with django_assert_num_queries(0):
        again = lookup.pack_in_force("chaohu", FRI_2140)
    assert again.record.pk == first.record.pk
    # A pack row written in this process (rows are immutable: loading a version saves one).
    post_save.send(sender=StandardPack, instance=first.record, created=True)
    with django_assert_num_queries(1):
        lookup.pack_in_force("chaohu", FRI_2140)
    lookup.clear_cache()
