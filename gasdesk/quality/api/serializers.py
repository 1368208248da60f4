"""Input and output shapes of the hotline API (AGENT, KPI-6…8)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from gasdesk.quality.models import CallFormat, CallImport


class CallImportSerializer(serializers.ModelSerializer[CallImport]):
    company_name = serializers.CharField(source="company.name", read_only=True)
    by_name = serializers.SerializerMethodField()

    class Meta:
        model = CallImport
        fields = [
            "id", "company", "company_name", "source", "file_name", "file_format", "sha256",
            "started_at", "by_name", "lines", "events_parsed", "events_imported", "duplicates",
            "calls_rebuilt", "intervals_added", "report",
        ]  # fmt: skip
        read_only_fields = fields

    def get_by_name(self, obj: CallImport) -> str:
        return str(obj.by) if obj.by_id else ""


class CallImportInput(serializers.Serializer[None]):
    file = serializers.FileField()
    file_format = serializers.ChoiceField(choices=CallFormat.choices, default=CallFormat.QUEUE_LOG)
    source_system = serializers.CharField(max_length=60)


class HotlineQuery(serializers.Serializer[None]):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", required=False)
    company = serializers.IntegerField(required=False)


class KpiRowSerializer(serializers.Serializer[None]):
    period = serializers.DateField()
    calls = serializers.IntegerField()
    answered = serializers.IntegerField()
    answered_in_time = serializers.IntegerField()
    in_time_percent = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    lost = serializers.IntegerField()
    lost_percent = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    wait_seconds_avg = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    wait_minutes_avg = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class AgentMonthSerializer(serializers.Serializer[None]):
    agent = serializers.CharField()
    shift = serializers.CharField()
    volume = serializers.IntegerField()
    rung = serializers.IntegerField()
    failed = serializers.IntegerField()
    talk_seconds_avg = serializers.DecimalField(max_digits=12, decimal_places=2)
    after_call_seconds_avg = serializers.DecimalField(max_digits=12, decimal_places=2)
    away_seconds_avg = serializers.DecimalField(max_digits=12, decimal_places=2)
    after_call_longest_shift_seconds = serializers.IntegerField()


class AgentScoreSerializer(serializers.Serializer[None]):
    volume = serializers.DecimalField(max_digits=5, decimal_places=2)
    answer_failure = serializers.DecimalField(max_digits=5, decimal_places=2)
    talk_time = serializers.DecimalField(max_digits=5, decimal_places=2)
    after_call = serializers.DecimalField(max_digits=5, decimal_places=2)
    away_time = serializers.DecimalField(max_digits=5, decimal_places=2)
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    after_call_overridden = serializers.BooleanField()


class AgentRowSerializer(serializers.Serializer[None]):
    month = AgentMonthSerializer()
    score = AgentScoreSerializer(allow_null=True)


class HotlineSummarySerializer(serializers.Serializer[Any]):
    company = serializers.IntegerField(source="company.pk")
    month = serializers.DateField()
    answer_within_seconds = serializers.IntegerField(source="rules.answer_within_seconds")
    daily = KpiRowSerializer(many=True, required=False)
    monthly = KpiRowSerializer(many=True, required=False)
    agents = AgentRowSerializer(many=True)
