"""Field-work API shapes: one input serializer per action (each may carry a client token),
and masked outputs for lists."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from gasdesk.customers.masking import mask_phone
from gasdesk.fieldwork.models import Assignment, Emergency, EmergencyEscalation, FieldEvent
from gasdesk.org.models import OrgUnit, User
from gasdesk.standards.sections.fieldwork import FaultClass


class TapInput(serializers.Serializer[Any]):
    client_token = serializers.UUIDField(required=False, allow_null=True, default=None)


class AssignInput(TapInput):
    technician = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AgreeTimeInput(TapInput):
    appointment_at = serializers.DateTimeField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(TapInput):
    reason = serializers.CharField()


class NoteInput(TapInput):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MaterialInput(serializers.Serializer[Any]):
    name = serializers.CharField()
    quantity = serializers.CharField(default="1")
    unit = serializers.CharField(required=False, allow_blank=True, default="")


class WorkInput(TapInput):
    work_done = serializers.CharField()
    result = serializers.CharField(required=False, allow_blank=True, default="")
    materials = MaterialInput(many=True, required=False, default=list)
    hazards = serializers.CharField(required=False, allow_blank=True, default="")


class HazardNoticeInput(TapInput):
    items = serializers.ListField(child=serializers.CharField(), allow_empty=False)
    rectify_by = serializers.DateField()


class CompleteInput(TapInput):
    signature = serializers.CharField(help_text="canvas.toDataURL('image/png')")
    signed_by_name = serializers.CharField()
    result = serializers.CharField(required=False, allow_blank=True, default="")
    safety_briefed = serializers.BooleanField(
        required=False, default=False, help_text="SMS-2: safety leaflets handed out and explained"
    )


class VerifyRectificationInput(TapInput):
    notice_id = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MeterReplacementInput(TapInput):
    meter_id = serializers.IntegerField()
    new_meter_no = serializers.CharField()
    new_kind = serializers.CharField(required=False, allow_blank=True, default="")


class PhotoInput(serializers.Serializer[Any]):
    photo = serializers.FileField()


class AlarmCreateInput(serializers.Serializer[Any]):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    fault_class = serializers.ChoiceField(choices=[c.value for c in FaultClass])
    address = serializers.CharField()
    caller_phone = serializers.CharField()
    caller_name = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField()
    area = serializers.CharField(required=False, allow_blank=True, default="")


class TapResultSerializer(serializers.Serializer[Any]):
    order = serializers.IntegerField()
    action = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    record = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()
    replayed = serializers.BooleanField(required=False)


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    """A technician's or team's order row; the caller's phone is masked."""

    number = serializers.CharField(source="order.number")
    status = serializers.CharField(source="order.status")
    business_type_name = serializers.CharField(source="order.business_type_name")
    address = serializers.CharField(source="order.address")
    caller_phone = serializers.SerializerMethodField()
    technician_name = serializers.CharField(source="technician.__str__")

    class Meta:
        model = Assignment
        fields = [
            "id",
            "order",
            "number",
            "status",
            "business_type_name",
            "address",
            "caller_phone",
            "technician",
            "technician_name",
            "kind",
            "assigned_at",
            "accept_due_at",
            "pooled_at",
            "accepted_at",
            "accept_overdue_at",
            "contact_due_at",
            "contacted_at",
            "appointment_at",
            "cannot_keep_at",
        ]
        read_only_fields = fields

    def get_caller_phone(self, row: Assignment) -> str:
        return mask_phone(row.order.caller_phone)


class FieldEventSerializer(serializers.ModelSerializer[FieldEvent]):
    class Meta:
        model = FieldEvent
        fields = ["id", "at", "by", "by_name", "kind", "reason", "data"]
        read_only_fields = fields


class EmergencySerializer(serializers.ModelSerializer[Emergency]):
    number = serializers.CharField(source="order.number")
    address = serializers.CharField(source="order.address")
    status = serializers.CharField(source="order.status")
    area = serializers.CharField(source="order.area")
    arrived_at = serializers.DateTimeField(source="order.arrived_at")
    completion_due_at = serializers.DateTimeField(source="order.completion_due_at")

    class Meta:
        model = Emergency
        fields = [
            "id",
            "order",
            "number",
            "address",
            "status",
            "area",
            "fault_class",
            "reported_at",
            "arrival_due_at",
            "arrived_at",
            "completion_due_at",
            "escalate_at",
            "escalated_at",
            "resolved_at",
        ]
        read_only_fields = fields


class EscalationSerializer(serializers.ModelSerializer[EmergencyEscalation]):
    order = serializers.IntegerField(source="emergency.order_id")
    number = serializers.CharField(source="emergency.order.number")

    class Meta:
        model = EmergencyEscalation
        fields = ["id", "emergency", "order", "number", "at", "arrival_due_at", "acknowledged_at"]
        read_only_fields = fields
