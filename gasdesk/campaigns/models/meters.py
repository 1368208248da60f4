"""Meter-replacement campaigns (到期气表免费更换, METER-1/2): meters past their service life."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gasdesk.campaigns.models.common import CampaignBase
from gasdesk.core.models import Event
from gasdesk.org.scoping import OrgScopedQuerySet


class ReplacementStatus(models.TextChoices):
    PENDING = "pending", _("待更换")
    DONE = "done", _("已更换")


class MeterCampaign(CampaignBase):
    """Meters whose install date + service life (meter value, else pack) fall on or before
    `as_of`, selected once; progress is done / planned."""

    as_of = models.DateField("到期截止日")
    visit_on = models.DateField("上门日期", null=True, blank=True)
    planned_count = models.PositiveIntegerField("计划户数", default=0)
    notified_at = models.DateTimeField("通知时间", null=True, blank=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "换表计划"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["org_unit", "-as_of"], name="meter_unit_idx")]


class MeterReplacement(models.Model):
    campaign = models.ForeignKey(
        MeterCampaign, on_delete=models.CASCADE, related_name="replacements"
    )
    meter = models.ForeignKey("customers.Meter", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=ReplacementStatus.choices,
        default=ReplacementStatus.PENDING,
    )
    new_meter_no = models.CharField("新表号", max_length=40, blank=True)
    done_at = models.DateTimeField("更换时间", null=True, blank=True)

    class Meta:
        verbose_name = "换表户"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["campaign", "meter"], name="meter_one_per_campaign")
        ]
        # selectors.meter_progress: counts by status per campaign.
        indexes = [models.Index(fields=["campaign", "status"], name="meter_progress_idx")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.meter_id}"


class MeterCampaignEvent(Event):
    campaign = models.ForeignKey(MeterCampaign, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = "换表记录"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["campaign", "at"], name="meter_event_idx")]
