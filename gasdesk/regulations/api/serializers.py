"""Regulations API shapes: one output serializer per record (phones masked), one input per write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from gasdesk.customers.choices import CATEGORY_CHOICES
from gasdesk.customers.masking import mask_phone
from gasdesk.customers.models import Customer
from gasdesk.org.models import OrgUnit, User
from gasdesk.regulations.models import (
    ApplicantKind,
    Appointment,
    AppointmentChannel,
    AppointmentEvent,
    AppointmentKind,
    AppointmentScope,
    AssistanceRecord,
    AssistanceService,
    CareVisit,
    ConductBreach,
    ConsultationRecord,
    DutyShift,
    HelperTest,
    InformedHow,
    ManagerGrade,
    ManagerRating,
    OneTimeNotice,
    PromisedMatter,
    PromiseOrigin,
    Prospect,
    ProspectEvent,
    ProspectStep,
)
from gasdesk.workorders.models import WorkOrder


class MaskedPhoneField(serializers.CharField):
    """Lists and detail never show a full phone number (customers/masking.py)."""

    def to_representation(self, value: Any) -> str:
        return mask_phone(str(value)) if value else ""


class AppointmentSerializer(serializers.ModelSerializer[Appointment]):
    applicant_phone = MaskedPhoneField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    staff_name = serializers.CharField(source="staff.__str__", default=None, read_only=True)

    class Meta:
        model = Appointment
        fields = [
            "id",
            "org_unit",
            "customer",
            "applicant_name",
            "applicant_phone",
            "channel",
            "kind",
            "matter",
            "scope",
            "applicant_kind",
            "address",
            "preferred_at",
            "status",
            "status_label",
            "requested_at",
            "reply_due_at",
            "replied_at",
            "agreed_start_at",
            "place",
            "staff",
            "staff_name",
            "ready_by_at",
            "forfeit_after_at",
            "refusal_reason",
            "refusal_approver",
            "staff_arrived_at",
            "staff_on_time",
            "applicant_arrived_at",
            "served_at",
            "completed_on_spot",
            "completion_statement",
        ]
        read_only_fields = fields


class AppointmentEventSerializer(serializers.ModelSerializer[AppointmentEvent]):
    class Meta:
        model = AppointmentEvent
        fields = ["at", "by", "by_name", "kind", "from_status", "to_status", "reason", "data"]


class AppointmentCreateInput(serializers.Serializer[Any]):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    customer = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.all(), required=False, allow_null=True, default=None
    )
    applicant_name = serializers.CharField(max_length=60)
    applicant_phone = serializers.CharField(max_length=30)
    channel = serializers.ChoiceField(choices=AppointmentChannel.choices)
    kind = serializers.ChoiceField(choices=AppointmentKind.choices)
    matter = serializers.CharField(max_length=200)
    scope = serializers.ChoiceField(
        choices=AppointmentScope.choices, required=False, default=AppointmentScope.OTHER
    )
    applicant_kind = serializers.ChoiceField(
        choices=ApplicantKind.choices,
        required=False,
        default=ApplicantKind.ENTERPRISE_OR_PERSON,
    )
    address = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    preferred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class AppointmentAgreeInput(serializers.Serializer[Any]):
    start_at = serializers.DateTimeField()
    staff = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )
    place = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class AppointmentRefuseInput(serializers.Serializer[Any]):
    reason = serializers.CharField()
    approver = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), allow_null=True)


class AppointmentArrivalInput(serializers.Serializer[Any]):
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class AppointmentServeInput(serializers.Serializer[Any]):
    completed_on_spot = serializers.BooleanField()
    statement = serializers.CharField(required=False, default="", allow_blank=True)


class NoticeSerializer(serializers.ModelSerializer[OneTimeNotice]):
    customer_phone = MaskedPhoneField(read_only=True)
    number = serializers.CharField(read_only=True)

    class Meta:
        model = OneTimeNotice
        fields = [
            "id",
            "number",
            "org_unit",
            "customer",
            "customer_name",
            "customer_phone",
            "work_order",
            "matter_code",
            "matter_name",
            "basis",
            "time_limit",
            "procedure",
            "required_documents",
            "missing_documents",
            "rectification_items",
            "other_reasons",
            "status",
            "issued_by",
            "issued_at",
            "fulfilled_at",
        ]
        read_only_fields = fields


class NoticeCreateInput(serializers.Serializer[Any]):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    matter_code = serializers.CharField(max_length=40)
    provided = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    customer = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.all(), required=False, allow_null=True, default=None
    )
    customer_name = serializers.CharField(required=False, default="", allow_blank=True)
    customer_phone = serializers.CharField(required=False, default="", allow_blank=True)
    work_order = serializers.PrimaryKeyRelatedField(
        queryset=WorkOrder.objects.all(), required=False, allow_null=True, default=None
    )
    rectification_items = serializers.ListField(
        child=serializers.CharField(), required=False, default=list
    )
    other_reasons = serializers.CharField(required=False, default="", allow_blank=True)


class ConsultationSerializer(serializers.ModelSerializer[ConsultationRecord]):
    caller_phone = MaskedPhoneField(read_only=True)

    class Meta:
        model = ConsultationRecord
        fields = [
            "id",
            "at",
            "by",
            "by_name",
            "org_unit",
            "customer",
            "caller_name",
            "caller_phone",
            "matter_code",
            "matter_name",
            "question",
            "told",
        ]
        read_only_fields = fields


class ConsultationCreateInput(serializers.Serializer[Any]):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    caller_name = serializers.CharField(max_length=60)
    caller_phone = serializers.CharField(max_length=30)
    matter_code = serializers.CharField(max_length=40)
    question = serializers.CharField()
    customer = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.all(), required=False, allow_null=True, default=None
    )


class PromisedMatterSerializer(serializers.ModelSerializer[PromisedMatter]):
    responsible_name = serializers.CharField(source="responsible.__str__", read_only=True)

    class Meta:
        model = PromisedMatter
        fields = [
            "id",
            "org_unit",
            "customer",
            "customer_name",
            "title",
            "origin",
            "promised_at",
            "due_at",
            "limit_basis",
            "written_reply_required",
            "responsible",
            "responsible_name",
            "status",
            "completed_at",
            "reply",
            "informed_at",
            "informed_how",
            "overdue_reason",
            "escalated_at",
        ]
        read_only_fields = fields


class PromiseCreateInput(serializers.Serializer[Any]):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    title = serializers.CharField(max_length=200)
    origin = serializers.ChoiceField(choices=PromiseOrigin.choices)
    responsible = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    customer = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.all(), required=False, allow_null=True, default=None
    )
    customer_name = serializers.CharField(required=False, default="", allow_blank=True)
    due_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class PromiseReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField()


class PromiseCompleteInput(serializers.Serializer[Any]):
    reply = serializers.CharField(allow_blank=True)
    informed_how = serializers.ChoiceField(choices=InformedHow.choices)
    overdue_reason = serializers.CharField(required=False, default="", allow_blank=True)


class AssistanceSerializer(serializers.ModelSerializer[AssistanceRecord]):
    class Meta:
        model = AssistanceRecord
        fields = [
            "id",
            "at",
            "by",
            "by_name",
            "org_unit",
            "customer",
            "customer_name",
            "service",
            "matter_code",
            "matter_name",
            "documents_complete",
            "missing_documents",
            "reason",
        ]
        read_only_fields = fields


class AssistanceCreateInput(serializers.Serializer[Any]):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    service = serializers.ChoiceField(choices=AssistanceService.choices)
    customer_name = serializers.CharField(required=False, default="", allow_blank=True)
    matter_code = serializers.CharField(required=False, default="", allow_blank=True)
    provided = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    customer = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.all(), required=False, allow_null=True, default=None
    )
    note = serializers.CharField(required=False, default="", allow_blank=True)


class HelperTestSerializer(serializers.ModelSerializer[HelperTest]):
    class Meta:
        model = HelperTest
        fields = ["id", "helper", "taken_on", "score", "off_post_study_days", "at", "by"]
        read_only_fields = fields


class HelperTestInput(serializers.Serializer[Any]):
    helper = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    taken_on = serializers.DateField()
    score = serializers.IntegerField(min_value=0, max_value=100)


class CareVisitSerializer(serializers.ModelSerializer[CareVisit]):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    manager_name = serializers.CharField(source="manager.__str__", read_only=True)

    class Meta:
        model = CareVisit
        fields = [
            "id",
            "customer",
            "customer_name",
            "manager",
            "manager_name",
            "org_unit",
            "tier",
            "visitors",
            "due_on",
            "status",
            "done_at",
            "note",
        ]
        read_only_fields = fields


class CareVisitInput(serializers.Serializer[Any]):
    note = serializers.CharField()


class ManagedCustomerSerializer(serializers.ModelSerializer[Customer]):
    """Portfolio rows: no phone or ID number at all."""

    class Meta:
        model = Customer
        fields = ["id", "account_no", "name", "category", "tier", "birthday", "customer_manager"]
        read_only_fields = fields


class AssignManagerInput(serializers.Serializer[Any]):
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())
    manager = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class CareReminderSerializer(serializers.Serializer[Any]):
    customer_id = serializers.IntegerField()
    customer_name = serializers.CharField()
    occasion = serializers.CharField()
    on = serializers.DateField()


class ProspectSerializer(serializers.ModelSerializer[Prospect]):
    """MGR-1: an intending customer; the contact phone is masked."""

    contact_phone = MaskedPhoneField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    manager_name = serializers.CharField(source="manager.__str__", default=None, read_only=True)

    class Meta:
        model = Prospect
        fields = [
            "id",
            "org_unit",
            "company_name",
            "contact_name",
            "contact_phone",
            "address",
            "expected_volume_m3_per_day",
            "needs",
            "manager",
            "manager_name",
            "status",
            "status_label",
            "customer",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProspectEventSerializer(serializers.ModelSerializer[ProspectEvent]):
    class Meta:
        model = ProspectEvent
        fields = ["at", "by", "by_name", "kind", "reason", "data"]
        read_only_fields = fields


class ProspectCreateInput(serializers.Serializer[Any]):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    company_name = serializers.CharField(max_length=200)
    contact_name = serializers.CharField(max_length=60)
    contact_phone = serializers.CharField(max_length=30)
    expected_volume_m3_per_day = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, default=Decimal(0)
    )
    address = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    needs = serializers.CharField(required=False, default="", allow_blank=True)
    manager = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )


class ProspectAssignInput(serializers.Serializer[Any]):
    manager = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class ProspectStepInput(serializers.Serializer[Any]):
    step = serializers.ChoiceField(choices=ProspectStep.choices)
    note = serializers.CharField()
    department_head = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )


class ProspectSignInput(serializers.Serializer[Any]):
    account_no = serializers.CharField(max_length=32)
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
    name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class ProspectDropInput(serializers.Serializer[Any]):
    reason = serializers.CharField()


class DutyShiftSerializer(serializers.ModelSerializer[DutyShift]):
    """HELP-2: one helper on a day's roster, with the substitute who covered and on-post time."""

    helper_name = serializers.CharField(source="helper.__str__", read_only=True)
    substitute_name = serializers.CharField(
        source="substitute.__str__", default=None, read_only=True
    )

    class Meta:
        model = DutyShift
        fields = [
            "id",
            "org_unit",
            "on",
            "helper",
            "helper_name",
            "role",
            "starts_at",
            "substitute",
            "substitute_name",
            "substitute_reason",
            "on_post_at",
            "on_post_on_time",
        ]
        read_only_fields = fields


class DutyRosterQuery(serializers.Serializer[Any]):
    start = serializers.DateField(required=False, allow_null=True, default=None)
    days = serializers.IntegerField(required=False, min_value=1, max_value=62, default=14)


class DutyPlanInput(serializers.Serializer[Any]):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    on = serializers.DateField()
    starts_at = serializers.DateTimeField()
    window_helpers = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True)
    full_time_helpers = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, required=False, default=list
    )


class DutySubstituteInput(serializers.Serializer[Any]):
    substitute = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    reason = serializers.CharField()


class ManagerRatingSerializer(serializers.ModelSerializer[ManagerRating]):
    """MGR-3: a specialist's rating of one year (append-only)."""

    manager_name = serializers.CharField(source="manager.__str__", read_only=True)
    grade_label = serializers.CharField(source="get_grade_display", read_only=True)
    note = serializers.CharField(source="reason", read_only=True)

    class Meta:
        model = ManagerRating
        fields = [
            "id",
            "manager",
            "manager_name",
            "org_unit",
            "year",
            "grade",
            "grade_label",
            "note",
            "at",
            "by",
            "by_name",
        ]
        read_only_fields = fields


class RatingYearQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(required=False, allow_null=True, default=None)


class ManagerRatingInput(serializers.Serializer[Any]):
    manager = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    year = serializers.IntegerField()
    grade = serializers.ChoiceField(choices=ManagerGrade.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ConductBreachSerializer(serializers.ModelSerializer[AppointmentEvent]):
    """APPT-10: a verified conduct breach on an appointment (no applicant phone at all)."""

    breach = serializers.SerializerMethodField()
    staff = serializers.SerializerMethodField()
    note = serializers.CharField(source="reason", read_only=True)
    applicant_name = serializers.CharField(source="appointment.applicant_name", read_only=True)

    class Meta:
        model = AppointmentEvent
        fields = [
            "id",
            "appointment",
            "applicant_name",
            "breach",
            "staff",
            "note",
            "at",
            "by",
            "by_name",
        ]
        read_only_fields = fields

    def get_breach(self, event: AppointmentEvent) -> str:
        return str(event.data.get("breach", ""))

    def get_staff(self, event: AppointmentEvent) -> int | None:
        staff = event.data.get("staff")
        return int(staff) if staff is not None else None


class ConductBreachInput(serializers.Serializer[Any]):
    appointment = serializers.IntegerField()
    breach = serializers.ChoiceField(choices=ConductBreach.choices)
    note = serializers.CharField()
