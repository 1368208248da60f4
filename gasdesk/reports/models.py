"""The monthly service report snapshot (RPT-1/2): one row per company and month, and its log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gasdesk.core.models import Event


class ReportStatus(models.TextChoices):
    GENERATED = "generated", "已生成"  # built by the job or on demand
    LATE = "late", "逾期生成"  # built after the RPT-1 due time


class MonthlyReport(models.Model):
    """企业服务月报: the figures of one company's month, frozen when generated (RPT-1).

    `figures` is the report dataclass as JSON (reports.monthly.to_json); regenerating on demand
    overwrites it, and each generation writes a MonthlyReportEvent.
    """

    company = models.ForeignKey(
        "org.OrgUnit", verbose_name="公司", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("月份")  # the first day of the reported month
    generated_at = models.DateTimeField("生成时间")
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.GENERATED
    )
    figures = models.JSONField("数据", default=dict)
    improvement_actions = models.TextField("改进措施", blank=True)
    build_ms = models.PositiveIntegerField("生成耗时(毫秒)", default=0)

    class Meta:
        verbose_name = "企业服务月报"
        verbose_name_plural = verbose_name
        constraints = [
            # The job's idempotency: one report per company and month (get_or_create on it).
            models.UniqueConstraint(fields=["company", "month"], name="rpt_company_month_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.month:%Y-%m}"


class MonthlyReportEvent(Event):
    """GENERATED / REGENERATED / ACTIONS_EDITED: who built or edited the report and when."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.PROTECT, related_name="events")

    class Meta(Event.Meta):
        verbose_name = "月报记录"
        verbose_name_plural = verbose_name
