"""API shapes of the reports app (RPT-1)."""

from __future__ import annotations

from rest_framework import serializers

from gasdesk.reports.models import MonthlyReport


class MonthlyReportSerializer(serializers.ModelSerializer[MonthlyReport]):
    company_name = serializers.CharField(source="company.name", read_only=True)
    generated_by_name = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "company",
            "company_name",
            "month",
            "status",
            "generated_at",
            "generated_by_name",
            "build_ms",
            "improvement_actions",
            "figures",
        ]
        read_only_fields = fields

    def get_generated_by_name(self, report: MonthlyReport) -> str:
        return str(report.generated_by) if report.generated_by else "系统"


class MonthlyReportGenerateInput(serializers.Serializer[dict[str, object]]):
    company = serializers.IntegerField()
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="YYYY-MM")
