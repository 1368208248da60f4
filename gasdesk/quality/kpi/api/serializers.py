"""Output shapes of the KPI API; figures and drill-down rows, phone numbers masked."""

from __future__ import annotations

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers


class TargetSerializer(serializers.Serializer):  # type: ignore[type-arg]
    op = serializers.CharField()
    value = serializers.DecimalField(max_digits=9, decimal_places=2)


class FigureSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One indicator; value null = not applicable (zero denominator) or source not available."""

    code = serializers.CharField()
    spec = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    unit = serializers.CharField()
    target = TargetSerializer(allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    available = serializers.BooleanField()


class TierRowSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField(source="indicator.code")
    title = serializers.CharField(source="indicator.title")
    figures = FigureSerializer(many=True)


class OrderRecordSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    number = serializers.CharField()
    business_type = serializers.CharField()
    org_unit = serializers.CharField(source="org_unit.name")
    tier = serializers.CharField()
    status = serializers.CharField()
    received_at = serializers.DateTimeField()


class CallRecordSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    entered_at = serializers.DateTimeField()
    caller = serializers.CharField()  # masked by the selector
    wait_seconds = serializers.IntegerField(allow_null=True)
    exit = serializers.CharField()


class RecordSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Complaints, callback tasks, inspection visits and outages: id and their display name."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class RecordPageSerializer(serializers.Serializer):  # type: ignore[type-arg]
    figure = FigureSerializer()
    record_kind = serializers.CharField()
    next_after = serializers.IntegerField(allow_null=True)
    records = serializers.SerializerMethodField()

    @extend_schema_field(
        PolymorphicProxySerializer(
            component_name="KpiRecord",
            serializers=[OrderRecordSerializer, CallRecordSerializer, RecordSerializer],
            resource_type_field_name=None,
            many=True,
        )
    )
    def get_records(self, page: object) -> list[dict[str, object]]:
        kind = getattr(page, "record_kind", "order")
        serializer = {"call": CallRecordSerializer, "order": OrderRecordSerializer}.get(
            kind, RecordSerializer
        )
        return serializer(getattr(page, "records", []), many=True).data  # type: ignore[return-value]
