"""Output serializers of the pack API (read-only: packs are loaded by command, STD-1)."""

from rest_framework import serializers

from gasdesk.standards.models import StandardPack

_SUMMARY_FIELDS = [
    "id",
    "company",
    "company_name",
    "version",
    "effective_from",
    "status",
    "trial_months",
    "source_name",
    "source_sha256",
    "loaded_at",
]


class StandardPackSerializer(serializers.ModelSerializer[StandardPack]):
    class Meta:
        model = StandardPack
        fields = _SUMMARY_FIELDS
        read_only_fields = fields


class StandardPackDetailSerializer(serializers.ModelSerializer[StandardPack]):
    """The summary plus the validated document (the pack as JSON)."""

    class Meta:
        model = StandardPack
        fields = [*_SUMMARY_FIELDS, "document"]
        read_only_fields = fields


class StandardPackInForceQuery(serializers.Serializer[None]):
    company = serializers.CharField(max_length=40)
    at = serializers.DateTimeField(required=False)
