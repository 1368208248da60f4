"""Columns every campaign record shares: owning unit (scope), pack version, who and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class CampaignBase(models.Model):
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("名称", max_length=120)
    pack = models.ForeignKey(
        "standards.StandardPack",
        verbose_name="服务标准版本",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title
