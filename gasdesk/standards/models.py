"""The loaded service-standard pack: one immutable row per company and version (STD-1, STD-6).

Orders point at the row that set their deadlines (on_delete=PROTECT), so a KPI from last year is
recomputed with last year's rules. A change to a company's rules is a new version, never an edit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from gasdesk.core.models import AppendOnlyError


class PackImmutableError(AppendOnlyError):
    """A loaded pack never changes: load a new version instead."""


class PackStatus(models.TextChoices):
    """STD-6: a pack (regulation) may be issued on trial (试行) before it becomes definitive."""

    TRIAL = "trial", "试行"
    DEFINITIVE = "definitive", "正式"


class StandardPackQuerySet(models.QuerySet["StandardPack"]):
    def update(self, **kwargs: Any) -> int:
        """Refused: bulk updates would bypass save() and break the immutability."""
        raise PackImmutableError("服务标准包加载后不可修改，请发布新版本")


class StandardPack(models.Model):
    """One company's service standard, one version, as validated at load time (服务标准包).

    `document` is the pydantic Pack dumped as JSON; `source_sha256` is the hash of the YAML
    file it came from, so reloading the same file is a no-op and a changed file under an
    existing version is refused (loading.load_pack_file).
    """

    company = models.CharField("公司代码", max_length=40)
    company_name = models.CharField("公司名称", max_length=100)
    version = models.CharField("版本", max_length=40)
    effective_from = models.DateField("生效日期")
    status = models.CharField("状态", max_length=20, choices=PackStatus.choices)
    trial_months = models.PositiveSmallIntegerField("试行期(月)", null=True, blank=True)
    document = models.JSONField("服务标准内容")
    source_sha256 = models.CharField("源文件SHA-256", max_length=64)
    source_name = models.CharField("源文件", max_length=200)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="加载人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    loaded_at = models.DateTimeField("加载时间", auto_now_add=True)

    objects = StandardPackQuerySet.as_manager()

    class Meta:
        verbose_name = "服务标准包"
        verbose_name_plural = verbose_name
        ordering = ["company", "-effective_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "version"], name="standards_pack_company_version_uniq"
            ),
        ]
        indexes = [
            # lookup.pack_in_force: greatest effective_from <= day for one company.
            models.Index(fields=["company", "-effective_from"], name="standards_pack_in_force_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.company_name} {self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PackImmutableError("服务标准包加载后不可修改，请发布新版本")
        super().save(*args, **kwargs)
