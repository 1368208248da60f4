"""Work-order API shapes: one output serializer for every read, one input per write."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from gasdesk.customers.masking import mask_phone
from gasdesk.customers.models import Customer
from gasdesk.org.models import OrgUnit, User
from gasdesk.workorders.models import Channel, SuspendReason, WorkOrder, WorkOrderEvent
from gasdesk.workorders.transitions import actions_from


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
        rows = [{"clock": clock, **basis} for clock, basis in order.deadline_basis.items()]
        return DeadlineSerializer(rows, many=True).data  # type: ignore[return-value]

    def get_allowed_actions(self, order: WorkOrder) -> list[str]:
        return [t.action for t in actions_from(order.status)]


class WorkOrderCreateInput(serializers.Serializer[Any]):
    business_type = serializers.CharField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    description = serializers.CharField()
    customer = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.all(), required=False, allow_null=True
    )
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
