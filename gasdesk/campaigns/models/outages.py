"""Planned and emergency outages (停气, OUT-1/2) and the customers they affect."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gasdesk.campaigns.models.common import CampaignBase
from gasdesk.core.models import Event
from gasdesk.org.scoping import OrgScopedQuerySet


class OutageKind(models.TextChoices):
    PLANNED = "planned", _("计划停气")
    EMERGENCY = "emergency", _("紧急停气（事故抢修）")


class OutageStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RESTORED = "restored", _("已恢复供气")
    CANCELLED = "cancelled", _("已取消")


class SelectionKind(models.TextChoices):
    """How the affected customers are chosen; the choice is stored, the set materialised."""

    UNIT = "unit", _("片区（服务单位）")
    ADDRESS = "address", _("街道/小区/楼栋（地址包含）")
    CUSTOMERS = "customers", _("户号清单")


class Outage(CampaignBase):
    """One stop of supply. Published only with the pack's notice period (OUT-1) unless an
    emergency; `restore_due_at` is the restoration deadline, flagged by the overdue job."""

    kind = models.CharField("类型", max_length=10, choices=OutageKind.choices)
    reason = models.CharField("原因", max_length=200)
    area_text = models.CharField("停气区域（通知用语）", max_length=200)
    selection_kind = models.CharField("选择方式", max_length=10, choices=SelectionKind.choices)
    selection_value = models.TextField("选择条件")
    starts_at = models.DateTimeField("停气时间")
    planned_restore_at = models.DateTimeField("计划恢复时间")
    restore_due_at = models.DateTimeField("恢复供气时限")
    status = models.CharField(
        "状态", max_length=10, choices=OutageStatus.choices, default=OutageStatus.DRAFT
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    restored_at = models.DateTimeField("恢复时间", null=True, blank=True)
    restore_overdue_at = models.DateTimeField("恢复超时标记", null=True, blank=True)
    affected_count = models.PositiveIntegerField("影响户数", default=0)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "停气"
        verbose_name_plural = verbose_name
        indexes = [
            # selectors.visible_outages and outage_band_counts: a unit's outages by start.
            models.Index(fields=["org_unit", "-starts_at"], name="out_unit_start_idx"),
            # jobs.flag_overdue_restorations: published, not restored, not yet flagged.
            models.Index(
                fields=["restore_due_at"],
                name="out_restore_due_idx",
                condition=Q(status="published", restore_overdue_at__isnull=True),
            ),
        ]


class OutageCustomer(models.Model):
    """The materialised affected set (one INSERT … SELECT when the outage is published)."""

    outage = models.ForeignKey(Outage, on_delete=models.CASCADE, related_name="links")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "停气影响客户"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["outage", "customer"], name="out_one_link_per_cust")
        ]
        # selectors.customer_outages: the outages a customer went through.
        indexes = [models.Index(fields=["customer"], name="out_link_customer_idx")]

    def __str__(self) -> str:
        return f"{self.outage_id}/{self.customer_id}"


class OutageEvent(Event):
    outage = models.ForeignKey(Outage, on_delete=models.PROTECT, related_name="events")

    class Meta(Event.Meta):
        verbose_name = "停气记录"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["outage", "at"], name="out_event_idx")]
