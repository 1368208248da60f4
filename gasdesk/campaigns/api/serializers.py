"""Campaign API shapes: one output serializer per record, one input per write."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from gasdesk.campaigns.models import (
    ConnectionCampaign,
    ConnectionHousehold,
    Hazard,
    InspectionPlan,
    InspectionVisit,
    MeterCampaign,
    MeterReplacement,
    Outage,
    OutageKind,
    SelectionKind,
    VisitOutcome,
)
from gasdesk.org.models import OrgUnit


class OutageSerializer(serializers.ModelSerializer[Outage]):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Outage
        fields = [
            "id",
            "org_unit",
            "title",
            "kind",
            "kind_label",
            "reason",
            "area_text",
            "selection_kind",
            "selection_value",
            "starts_at",
            "planned_restore_at",
            "restore_due_at",
            "restore_overdue_at",
            "status",
            "status_label",
            "published_at",
            "restored_at",
            "affected_count",
            "created_at",
        ]
        read_only_fields = fields


class OutageCreateInput(serializers.Serializer[Any]):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    title = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=OutageKind.choices)
    reason = serializers.CharField(max_length=200)
    area_text = serializers.CharField(max_length=200)
    selection_kind = serializers.ChoiceField(choices=SelectionKind.choices)
    selection_value = serializers.CharField()
    starts_at = serializers.DateTimeField()
    planned_restore_at = serializers.DateTimeField()


class BandCountSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the band's name, not Field.label
    events = serializers.IntegerField()


class InspectionPlanSerializer(serializers.ModelSerializer[InspectionPlan]):
    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "org_unit",
            "title",
            "year",
            "planned_households",
            "planned_visits",
            "created_at",
        ]
        read_only_fields = fields


class PlanCreateInput(serializers.Serializer[Any]):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class VisitSerializer(serializers.ModelSerializer[InspectionVisit]):
    customer_account = serializers.CharField(source="customer.account_no", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = InspectionVisit
        fields = [
            "id",
            "plan",
            "customer",
            "customer_account",
            "customer_name",
            "technician",
            "planned_on",
            "route",
            "round",
            "outcome",
            "outcome_label",
            "final_outcome",
            "visited_at",
            "notice_sent_on",
        ]
        read_only_fields = fields


class VisitOutcomeInput(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(
        choices=[c for c in VisitOutcome.choices if c[0] != VisitOutcome.PENDING]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    hazard_items = serializers.CharField(required=False, allow_blank=True, default="")


class HazardSerializer(serializers.ModelSerializer[Hazard]):
    customer_account = serializers.CharField(source="customer.account_no", read_only=True)

    class Meta:
        model = Hazard
        fields = [
            "id",
            "visit",
            "customer",
            "customer_account",
            "items",
            "found_at",
            "rectify_due_on",
            "rectified_at",
        ]
        read_only_fields = fields


class RateRowSerializer(serializers.Serializer[Any]):
    month = serializers.IntegerField(allow_null=True)
    planned = serializers.IntegerField()
    inspected = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class RateSerializer(serializers.Serializer[Any]):
    months = RateRowSerializer(many=True)
    year = RateRowSerializer()
    target_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    meets_target = serializers.BooleanField(allow_null=True)


class ConnectionSerializer(serializers.ModelSerializer[ConnectionCampaign]):
    class Meta:
        model = ConnectionCampaign
        fields = [
            "id",
            "org_unit",
            "title",
            "address",
            "arrive_at",
            "status",
            "notified_at",
            "household_count",
            "created_at",
        ]
        read_only_fields = fields


class ConnectionCreateInput(serializers.Serializer[Any]):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    title = serializers.CharField(max_length=120)
    address = serializers.CharField(max_length=200)
    arrive_at = serializers.DateTimeField()
    contact_email = serializers.EmailField(required=False, allow_blank=True, default="")


class HouseholdSerializer(serializers.ModelSerializer[ConnectionHousehold]):
    customer_account = serializers.CharField(source="customer.account_no", read_only=True)

    class Meta:
        model = ConnectionHousehold
        fields = [
            "id",
            "campaign",
            "customer",
            "customer_account",
            "announced_at",
            "arrived_at",
            "wait_minutes",
            "is_wait_exceeded",
            "safety_checked_at",
            "status",
            "reasons",
        ]
        read_only_fields = fields


class ArrivalInput(serializers.Serializer[Any]):
    at = serializers.DateTimeField(required=False)


class DeclineInput(serializers.Serializer[Any]):
    reasons = serializers.CharField()


class SupplementaryInput(serializers.Serializer[Any]):
    customer = serializers.IntegerField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


class MeterCampaignSerializer(serializers.ModelSerializer[MeterCampaign]):
    class Meta:
        model = MeterCampaign
        fields = [
            "id",
            "org_unit",
            "title",
            "as_of",
            "visit_on",
            "planned_count",
            "notified_at",
            "created_at",
        ]
        read_only_fields = fields


class MeterCampaignCreateInput(serializers.Serializer[Any]):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    as_of = serializers.DateField()


class MeterNotifyInput(serializers.Serializer[Any]):
    visit_on = serializers.DateField()


class ReplacementSerializer(serializers.ModelSerializer[MeterReplacement]):
    class Meta:
        model = MeterReplacement
        fields = ["id", "campaign", "meter", "customer", "status", "new_meter_no", "done_at"]
        read_only_fields = fields


class CompleteReplacementInput(serializers.Serializer[Any]):
    new_meter_no = serializers.CharField(max_length=40)


class ProgressSerializer(serializers.Serializer[Any]):
    done = serializers.IntegerField()
    planned = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class EmptyInput(serializers.Serializer[Any]):
    pass
