"""Whole-building gas connection (整体通气, CONN-2): households, waiting, safety check, refusals."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gasdesk.campaigns.models.common import CampaignBase
from gasdesk.core.models import Event
from gasdesk.org.scoping import OrgScopedQuerySet


class ConnectionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    NOTIFIED = "notified", _("已通知")
    DONE = "done", _("已完成")


class HouseholdStatus(models.TextChoices):
    PENDING = "pending", _("待通气")
    CONNECTED = "connected", _("已通气点火")
    NOT_CONNECTED = "not_connected", _("不能通气")


class ConnectionCampaign(CampaignBase):
    """A building (or estate) connected on one day; households chosen by address."""

    address = models.CharField("楼栋/小区地址", max_length=200)
    arrive_at = models.DateTimeField("计划到达时间（短信告知）")
    contact_email = models.EmailField("物业/开发商邮箱", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ConnectionStatus.choices, default=ConnectionStatus.DRAFT
    )
    notified_at = models.DateTimeField("通知时间", null=True, blank=True)
    household_count = models.PositiveIntegerField("户数", default=0)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "整体通气"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["org_unit", "-arrive_at"], name="conn_unit_idx")]


class ConnectionHousehold(models.Model):
    campaign = models.ForeignKey(
        ConnectionCampaign, on_delete=models.CASCADE, related_name="households"
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    announced_at = models.DateTimeField("短信告知时间")
    arrived_at = models.DateTimeField("到户时间", null=True, blank=True)
    wait_minutes = models.PositiveIntegerField("客户等待(分钟)", null=True, blank=True)
    is_wait_exceeded = models.BooleanField("等待超时", default=False)
    safety_checked_at = models.DateTimeField("点火前安全检查", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=15, choices=HouseholdStatus.choices, default=HouseholdStatus.PENDING
    )
    reasons = models.TextField("不能通气原因（书面告知）", blank=True)

    class Meta:
        verbose_name = "通气户"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["campaign", "customer"], name="conn_one_per_cust")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.customer_id}"


class ConnectionEvent(Event):
    campaign = models.ForeignKey(
        ConnectionCampaign, on_delete=models.CASCADE, related_name="events"
    )
    household = models.ForeignKey(
        ConnectionHousehold,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )

    class Meta(Event.Meta):
        verbose_name = "通气记录"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["campaign", "at"], name="conn_event_idx")]
