"""Serializers of the supervision API (SURV-3/4, SCORE-6…13): output rows and action inputs."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from gasdesk.org.models import OrgUnit, User
from gasdesk.quality.models_supervision import (
    Evaluation,
    Inspection,
    InspectionFinding,
    InspectionKind,
    Survey,
)


class FindingSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = InspectionFinding
        fields = ["item_code", "count", "manual_score", "evidence"]


class InspectionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    findings = FindingSerializer(many=True, read_only=True)
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "kind",
            "org_unit",
            "org_unit_name",
            "person",
            "checklist",
            "pack_version",
            "inspected_at",
            "inspector_name",
            "report",
            "score",
            "max_points",
            "version",
            "findings",
        ]


class FindingInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    item_code = serializers.CharField(max_length=40)
    count = serializers.IntegerField(min_value=0, default=0)
    manual_score = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class InspectionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    person = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )
    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    checklist = serializers.CharField(max_length=40)
    inspected_at = serializers.DateTimeField()
    report = serializers.CharField(required=False, allow_blank=True, default="")
    findings = FindingInputSerializer(many=True)


class FindingChangeSerializer(FindingInputSerializer):
    reason = serializers.CharField()


class EvaluationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "kind",
            "org_unit",
            "org_unit_name",
            "period_start",
            "period_end",
            "pack_version",
            "published",
            "grade",
            "rank",
            "computed_at",
            "inputs",
            "result",
        ]


class EvaluateInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """SCORE-1…10: a unit's period; entered rows by code (values override a KPI figure)."""

    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    period = serializers.ChoiceField(choices=["month", "quarter", "year"])
    day = serializers.DateField()
    values = serializers.DictField(
        child=serializers.DecimalField(max_digits=12, decimal_places=4), default=dict
    )
    manual = serializers.DictField(
        child=serializers.DecimalField(max_digits=8, decimal_places=2), default=dict
    )
    occurrences = serializers.DictField(
        child=serializers.ListField(child=serializers.DecimalField(max_digits=6, decimal_places=2)),
        default=dict,
    )
    not_applicable = serializers.ListField(child=serializers.CharField(), default=list)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class WhatIfInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Changed inputs by posted key: `values.kpi.x`, `findings.H-01`, `manual.X-01`."""

    changes = serializers.DictField(child=serializers.CharField(allow_blank=True))


class WhatIfSerializer(serializers.Serializer):  # type: ignore[type-arg]
    before = serializers.DecimalField(max_digits=8, decimal_places=2)
    after = serializers.DecimalField(max_digits=8, decimal_places=2)
    delta = serializers.DecimalField(max_digits=8, decimal_places=2)
    grade = serializers.CharField()
    changes = serializers.ListField(child=serializers.DictField())

    @staticmethod
    def from_result(result: Any) -> dict[str, Any]:
        return {
            "before": result.before.published,
            "after": result.after.published,
            "delta": result.delta,
            "grade": result.after.grade.code,
            "changes": [
                {"code": c.code, "before": c.before, "after": c.after} for c in result.changes
            ],
        }


class SurveySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    answered = serializers.IntegerField(read_only=True)
    satisfied = serializers.IntegerField(read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "title",
            "org_unit",
            "method",
            "starts_on",
            "ends_on",
            "answered",
            "satisfied",
        ]


class ResponseInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    respondent = serializers.CharField(max_length=100)
    answers = serializers.DictField(child=serializers.IntegerField(min_value=1))
