"""Complaint API shapes: one output serializer for reads, one input per write (CMP)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from gasdesk.complaints.models import (
    CLOCK_MET_BY,
    Complaint,
    ComplaintAppeal,
    ComplaintChannel,
    ComplaintEvent,
)
from gasdesk.complaints.transitions import steps_from
from gasdesk.customers.masking import mask_phone
from gasdesk.customers.models import Customer
from gasdesk.org.models import OrgUnit, User
from gasdesk.workorders.models import WorkOrder


class ComplaintSerializer(serializers.ModelSerializer[Complaint]):
    """Lists and detail; the complainant's phone is always masked."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    phone = serializers.SerializerMethodField()
    target_unit_name = serializers.CharField(source="target_unit.name", default=None)
    seconds_left = serializers.SerializerMethodField()
    late_clocks = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id", "number", "status", "status_label", "channel", "channel_label",
            "external_ref", "first_responder", "complainant_name", "address", "phone",
            "customer", "work_order", "target_unit", "target_unit_name", "target_text",
            "business_type", "cause", "area", "narrative", "level", "needs_investigation",
            "received_at", "routed_at", "levelled_at", "appeal_due_at", "responded_at",
            "solution_at", "promised_final_at", "closed_at", "callback_at",
            "second_callback_at", "archived_at",
            *[f"{clock}_due_at" for clock in CLOCK_MET_BY],
            *[f"{clock}_late_at" for clock in CLOCK_MET_BY],
            "next_due_at", "seconds_left", "late_clocks", "deadline_basis", "resolution",
            "callback_result", "is_satisfied", "allowed_actions", "is_valid", "invalid_reason",
            "validity_decided_at", "handler_role", "affects_image", "escalation_role",
            "responsible_person",
        ]  # fmt: skip
        read_only_fields = fields

    def get_phone(self, complaint: Complaint) -> str:
        return mask_phone(complaint.phone)

    def get_seconds_left(self, complaint: Complaint) -> int | None:
        if complaint.next_due_at is None:
            return None
        return int((complaint.next_due_at - timezone.now()).total_seconds())

    def get_late_clocks(self, complaint: Complaint) -> list[str]:
        return [c for c in CLOCK_MET_BY if getattr(complaint, f"{c}_late_at") is not None]

    def get_allowed_actions(self, complaint: Complaint) -> list[str]:
        return [s.action for s in steps_from(complaint.status)]


class DeductionComplaintSerializer(serializers.ModelSerializer[Complaint]):
    """A drill-down row (CMP-19): the columns of selectors.DRILL_COLUMNS, phone masked."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    phone = serializers.SerializerMethodField()
    target_unit_name = serializers.CharField(source="target_unit.name", default=None)

    class Meta:
        model = Complaint
        fields = [
            "id", "number", "status", "status_label", "level", "levelled_at", "received_at",
            "closed_at", "target_unit", "target_unit_name", "target_text", "cause",
            "business_type", "area", "complainant_name", "phone", "is_satisfied",
        ]  # fmt: skip
        read_only_fields = fields

    def get_phone(self, complaint: Complaint) -> str:
        return mask_phone(complaint.phone)


class ComplaintEventSerializer(serializers.ModelSerializer[ComplaintEvent]):
    class Meta:
        model = ComplaintEvent
        fields = ["id", "at", "by", "by_name", "kind", "from_status", "to_status", "reason", "data"]
        read_only_fields = fields


class ComplaintAppealSerializer(serializers.ModelSerializer[ComplaintAppeal]):
    class Meta:
        model = ComplaintAppeal
        fields = [
            "id", "complaint", "unit", "filed_by", "filed_at", "level_disputed",
            "level_requested", "reason", "status", "decided_by", "decided_at", "decision_reason",
        ]  # fmt: skip
        read_only_fields = fields


class ComplaintCreateInput(serializers.Serializer[Any]):
    """Blank strings pass through so the service names the missing field in Chinese (CMP-3)."""

    channel = serializers.ChoiceField(choices=ComplaintChannel.choices)
    complainant_name = serializers.CharField(allow_blank=True, default="")
    address = serializers.CharField(allow_blank=True, default="")
    phone = serializers.CharField(allow_blank=True, default="")
    target_text = serializers.CharField(allow_blank=True, default="")
    narrative = serializers.CharField(allow_blank=True, default="")
    customer = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.all(), required=False, allow_null=True
    )
    work_order = serializers.PrimaryKeyRelatedField(
        queryset=WorkOrder.objects.all(), required=False, allow_null=True
    )
    business_type = serializers.CharField(required=False, allow_blank=True, default="")
    cause = serializers.CharField(required=False, allow_blank=True, default="")
    target_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    external_ref = serializers.CharField(required=False, allow_blank=True, default="")
    received_at = serializers.DateTimeField(required=False, allow_null=True)
    affects_image = serializers.BooleanField(required=False, default=False)


class ExternalIntakeInput(ComplaintCreateInput):
    """A 12345 transfer: the other system's reference number is required."""

    channel = serializers.ChoiceField(choices=ComplaintChannel.choices, default="city_12345")
    external_ref = serializers.CharField()


class LevelInput(serializers.Serializer[Any]):
    level = serializers.IntegerField(min_value=1, max_value=5)
    needs_investigation = serializers.BooleanField(default=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    valid = serializers.BooleanField(required=False, allow_null=True, default=None)
    invalid_reason = serializers.CharField(required=False, allow_blank=True, default="")


class ValidityInput(serializers.Serializer[Any]):
    """有效投诉 (CMP-1, OQ-13); the reason is required by the service when invalid."""

    valid = serializers.BooleanField()
    invalid_reason = serializers.CharField(required=False, allow_blank=True, default="")


class AssignInput(serializers.Serializer[Any]):
    """CMP-24: the named responsible person (the service checks the company)."""

    person = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))


class NoteInput(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SolutionInput(serializers.Serializer[Any]):
    solution = serializers.CharField(allow_blank=True)
    promised_final_at = serializers.DateTimeField()


class CloseInput(serializers.Serializer[Any]):
    resolution = serializers.CharField(allow_blank=True)


class CallbackInput(serializers.Serializer[Any]):
    result = serializers.CharField(allow_blank=True)
    satisfied = serializers.BooleanField(required=False, allow_null=True, default=None)


class AppealInput(serializers.Serializer[Any]):
    level_requested = serializers.IntegerField(min_value=1, max_value=5)
    reason = serializers.CharField(allow_blank=True)


class DecideAppealInput(serializers.Serializer[Any]):
    appeal = serializers.IntegerField()
    upheld = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class PeriodQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False)
    unit = serializers.IntegerField(required=False)


class HotSpotQuery(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    dimension = serializers.ChoiceField(choices=["cause", "business_type", "area", "unit"])
    top = serializers.IntegerField(min_value=1, max_value=50, default=10)


class DeductionRowSerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    counts = serializers.DictField(child=serializers.IntegerField())
    points_by_level = serializers.DictField(child=serializers.DecimalField(10, 2))
    total = serializers.DecimalField(10, 2)


class HotSpotSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    count = serializers.IntegerField()
    previous = serializers.IntegerField()
    change = serializers.IntegerField()
