"""Work-order API shapes: one output serializer for every read, one input per write."""

from __future__ import annotations

from datetime import tzinfo
from functools import cache
from typing import Any

from django.db import models
from django.utils import timezone
from rest_framework import serializers

from gasdesk.core.prepared import Prepared
from gasdesk.customers.masking import mask_phone
from gasdesk.customers.models import Customer
from gasdesk.org.models import OrgUnit, User
from gasdesk.workorders.intake import customer_for_intake
from gasdesk.workorders.models import (
    Channel,
    SuspendReason,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderStatus,
)
from gasdesk.workorders.transitions import actions_from

DEADLINE_KEYS = ("code", "title", "amount", "unit", "start_at", "due_at", "pack_version")


def deadline_dicts(basis: dict[str, Any]) -> list[dict[str, Any]]:
    """An order's stored deadlines in DeadlineSerializer's shape, as plain dicts.

    A nested DeadlineSerializer(many=True) per order built ~600 DRF fields (deep copies)
    per 50-row queue response, 40 % of its CPU (bench finding Q1). The basis is written by
    deadlines.py with ISO times already, so the dicts are the same JSON.
    """
    return [
        {"clock": clock, **{key: data.get(key) for key in DEADLINE_KEYS}}
        | {"agreed": bool(data.get("agreed", False))}
        for clock, data in basis.items()
    ]


class DeadlineSerializer(serializers.Serializer[Any]):
    clock = serializers.CharField()
    code = serializers.CharField()
    title = serializers.CharField()
    amount = serializers.IntegerField()
    unit = serializers.CharField()
    start_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    agreed = serializers.BooleanField(default=False)
    pack_version = serializers.CharField()


class WorkOrderSerializer(serializers.ModelSerializer[WorkOrder]):
    """Lists and detail; the caller's phone is masked (full number is on the customer page)."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    caller_phone = serializers.SerializerMethodField()
    customer_account = serializers.CharField(source="customer.account_no", default=None)
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    assignee_name = serializers.CharField(source="assignee.__str__", default=None)
    seconds_left = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    pack_version = serializers.CharField(source="pack.version", read_only=True)

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "number",
            "status",
            "status_label",
            "business_type",
            "business_type_name",
            "channel",
            "customer",
            "customer_account",
            "caller_name",
            "caller_phone",
            "address",
            "area",
            "tier",
            "description",
            "org_unit",
            "org_unit_name",
            "assignee",
            "assignee_name",
            "first_responder",
            "pack",
            "pack_version",
            "received_at",
            "response_due_at",
            "arrival_due_at",
            "completion_due_at",
            "next_due_at",
            "responded_at",
            "arrived_at",
            "completed_at",
            "closed_at",
            "suspend_reason",
            "response_breached_at",
            "arrival_breached_at",
            "completion_breached_at",
            "seconds_left",
            "is_overdue",
            "deadlines",
            "allowed_actions",
            "result",
        ]
        read_only_fields = fields

    def to_representation(self, instance: WorkOrder) -> dict[str, Any]:
        """The same JSON as ModelSerializer's generic path, built directly (bench Q1).

        DRF resolves each of the 40 fields through get_attribute, which inspects every
        attribute for being callable: about half of the queue API's CPU. The fields above
        stay declared for the OpenAPI schema; test_performance pins the equality.
        """
        order, zone = instance, timezone.get_current_timezone()  # once, not per time field
        data: dict[str, Any] = {}
        for name in self.Meta.fields:
            if name in _TIMES:
                data[name] = _time(getattr(order, name), zone)
            else:
                data[name] = _FAST[name](self, order)
        return data

    def get_caller_phone(self, order: WorkOrder) -> str:
        return mask_phone(order.caller_phone)

    def get_seconds_left(self, order: WorkOrder) -> int | None:
        if order.next_due_at is None:
            return None
        return int((order.next_due_at - timezone.now()).total_seconds())

    def get_is_overdue(self, order: WorkOrder) -> bool:
        left = self.get_seconds_left(order)
        return left is not None and left < 0 and order.status != "suspended"

    def get_deadlines(self, order: WorkOrder) -> list[dict[str, Any]]:
        return deadline_dicts(order.deadline_basis)

    def get_allowed_actions(self, order: WorkOrder) -> list[str]:
        return [t.action for t in actions_from(order.status)]


_STATUS_LABELS = dict(WorkOrderStatus.choices)


def status_label(status: str) -> str:
    """get_status_display without it: Django hashes every lazy label on each call (11 gettext)."""
    return str(_STATUS_LABELS.get(status, status))


def _time(value: Any, zone: tzinfo) -> str | None:
    """DRF DateTimeField's ISO output in the current time zone."""
    if value is None:
        return None
    text: str = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _plain(name: str) -> Any:
    return lambda serializer, order: getattr(order, name)


def _related(name: str, attribute: str) -> Any:
    def read(serializer: WorkOrderSerializer, order: WorkOrder) -> Any:
        related = getattr(order, name)
        return None if related is None else attribute_of(related, attribute)

    return read


def attribute_of(related: Any, attribute: str) -> Any:
    return str(related) if attribute == "__str__" else getattr(related, attribute)


_TIMES = frozenset(  # the listed columns that DRF renders with DateTimeField
    field.name
    for field in WorkOrder._meta.concrete_fields
    if isinstance(field, models.DateTimeField) and field.name in WorkOrderSerializer.Meta.fields
)
_FKS = ("customer", "org_unit", "assignee", "first_responder", "pack")
_FAST: dict[str, Any] = {
    **{name: _plain(name) for name in WorkOrderSerializer.Meta.fields},
    **{name: _plain(f"{name}_id") for name in _FKS},
    "status_label": lambda serializer, order: status_label(order.status),
    "caller_phone": WorkOrderSerializer.get_caller_phone,
    "customer_account": _related("customer", "account_no"),
    "org_unit_name": _related("org_unit", "name"),
    "assignee_name": _related("assignee", "__str__"),
    "pack_version": _related("pack", "version"),
    "seconds_left": WorkOrderSerializer.get_seconds_left,
    "is_overdue": WorkOrderSerializer.get_is_overdue,
    "deadlines": WorkOrderSerializer.get_deadlines,
    "allowed_actions": WorkOrderSerializer.get_allowed_actions,
}


@cache
def _shared_output() -> WorkOrderSerializer:
    return WorkOrderSerializer()


def order_data(order: WorkOrder) -> dict[str, Any]:
    """One order as WorkOrderSerializer renders it, without building its ~40 fields again.

    Building a ModelSerializer's fields costs ~6 ms per request (bench finding C1), so one
    long-lived instance renders single orders; rendering keeps no state, so it is safe.
    """
    return dict(_shared_output().to_representation(order))


_INTAKE_CUSTOMER: Prepared[Customer] = Prepared(lambda pk: customer_for_intake().filter(pk=pk), int)


class IntakeCustomerField(serializers.PrimaryKeyRelatedField[Customer]):
    """The customer with unit, company and primary address, by a query compiled once (C1)."""

    def to_internal_value(self, data: Any) -> Customer:
        try:
            if isinstance(data, bool):
                raise TypeError
            customer = _INTAKE_CUSTOMER.first(int(data))
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if customer is None:
            self.fail("does_not_exist", pk_value=data)
        return customer


class WorkOrderCreateInput(serializers.Serializer[Any]):
    business_type = serializers.CharField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    description = serializers.CharField()
    # Unit, company and primary address in the customer's own query (bench finding C1).
    customer = IntakeCustomerField(queryset=customer_for_intake(), required=False, allow_null=True)
    caller_name = serializers.CharField(required=False, allow_blank=True, default="")
    caller_phone = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField(required=False, allow_blank=True, default="")
    area = serializers.CharField(required=False, allow_blank=True, default="")
    org_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    received_at = serializers.DateTimeField(required=False, allow_null=True)


class TransitionInput(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    suspend_reason = serializers.ChoiceField(
        choices=SuspendReason.choices, required=False, allow_blank=True
    )
    result = serializers.CharField(required=False, allow_blank=True, default="")


class AgreeDeadlineInput(serializers.Serializer[Any]):
    clock = serializers.ChoiceField(choices=["response", "arrival", "completion"])
    agreed_at = serializers.DateTimeField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PaymentInput(serializers.Serializer[Any]):
    paid_at = serializers.DateTimeField()


class WorkOrderEventSerializer(serializers.ModelSerializer[WorkOrderEvent]):
    class Meta:
        model = WorkOrderEvent
        fields = ["id", "at", "by", "by_name", "kind", "from_status", "to_status", "reason", "data"]
        read_only_fields = fields
