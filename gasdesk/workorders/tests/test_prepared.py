"""core.prepared on the intake customer query: compiled once, the same rows (bench finding C1)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db.models.sql.compiler import SQLCompiler

from gasdesk.core.prepared import Prepared
from gasdesk.customers.models import Customer
from gasdesk.customers.tests.factories import make_customer
from gasdesk.workorders.intake import customer_for_intake

pytestmark = pytest.mark.django_db


def _intake() -> Prepared[Customer]:
    return Prepared(lambda pk: customer_for_intake().filter(pk=pk), int)


def test_rows_related_rows_and_annotations_equal_the_querysets(org, django_assert_num_queries):
    customer = make_customer(org.unit_a, name="王建国", address="巢湖市东塘路1号")
    expected = customer_for_intake().get(pk=customer.pk)
    with django_assert_num_queries(1):
        found = _intake().first(customer.pk)
        assert found is not None
        assert found.org_unit.company == expected.org_unit.company  # no query
    assert {k: v for k, v in found.__dict__.items() if k != "_state"} == {
        k: v for k, v in expected.__dict__.items() if k != "_state"
    }
    assert found.intake_address == "巢湖市东塘路1号"  # type: ignore[attr-defined]
    assert found._state.adding is False
    assert found._state.db == "default"


def test_compiled_once_then_only_run(org):
    """The SQL and the column converters are worked out on the first call only."""
    first, second = make_customer(org.unit_a), make_customer(org.unit_b)
    prepared = _intake()
    with (
        mock.patch.object(
            SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
        ) as spy,
        mock.patch.object(
            SQLCompiler, "get_converters", autospec=True, side_effect=SQLCompiler.get_converters
        ) as converters,
    ):
        assert prepared.first(first.pk) == first
        compiled, looked_up = spy.call_count, converters.call_count
        assert prepared.first(second.pk) == second
        assert prepared.first(second.pk + 1000) is None
    assert compiled >= 1
    assert spy.call_count == compiled
    assert looked_up >= 1
    assert converters.call_count == looked_up


def test_an_integer_out_of_range_finds_nothing_without_a_query(django_assert_num_queries):
    """As Django's own lookups answer: no row, not a database error."""
    with django_assert_num_queries(0):
        assert _intake().all(2**70) == []


def test_a_parameter_the_query_does_not_use_is_refused(org):
    ignoring: Prepared[Customer] = Prepared(lambda pk: Customer.objects.all(), int)
    with pytest.raises(ValueError, match="found 0 times"):
        ignoring.all(1)


def test_values_rows_equal_the_querysets(org):
    """rows(): a values_list() query's converted tuples (Q7), here with a join."""
    customer = make_customer(org.unit_a, name="李四")
    query = Prepared(
        lambda pk: Customer.objects.filter(pk=pk).values_list("id", "name", "org_unit__name"),
        int,
    )
    expected = list(
        Customer.objects.filter(pk=customer.pk).values_list("id", "name", "org_unit__name")
    )
    assert query.rows(customer.pk) == expected == [(customer.pk, "李四", org.unit_a.name)]
    assert query.rows(customer.pk + 1000) == []


def test_instances_are_built_as_from_db_builds_them(org):
    """Q7: deferred fields stay deferred and load on access; the state says "from the db"."""
    customer = make_customer(org.unit_a, name="王五")
    query = Prepared(lambda pk: Customer.objects.filter(pk=pk).only("id", "name"), int)
    found = query.first(customer.pk)
    expected = Customer.objects.only("id", "name").get(pk=customer.pk)
    assert found is not None
    assert found.get_deferred_fields() == expected.get_deferred_fields()
    assert "account_no" in found.get_deferred_fields()
    assert found.account_no == customer.account_no  # loaded on access, as Django does
    assert (found._state.adding, found._state.db) == (False, "default")


def test_models_with_init_receivers_are_built_by_from_db(org):
    """A pre_init/post_init receiver still runs: those models take Django's own path."""
    from django.db.models.signals import post_init

    customer = make_customer(org.unit_a)
    seen: list[int] = []

    def receiver(sender: type, instance: Customer, **kwargs: object) -> None:
        seen.append(instance.pk)

    post_init.connect(receiver, sender=Customer)
    try:
        assert _intake().first(customer.pk) == customer
    finally:
        post_init.disconnect(receiver, sender=Customer)
    assert seen == [customer.pk]
