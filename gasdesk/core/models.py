"""Base models: the append-only event base every aggregate's history uses, and job leases."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """History rows are written once by a service and never changed or deleted."""


class Event(models.Model):
    """One entry of an aggregate's append-only history: who, when, what, why."""

    at = models.DateTimeField("时间", default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by_name = models.CharField("操作人姓名", max_length=150, blank=True)
    kind = models.CharField("事件", max_length=40)
    reason = models.TextField("原因/说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("history rows cannot be changed")
        if self.by_id and not self.by_name:
            self.by_name = str(self.by)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("history rows cannot be deleted")


class JobLease(models.Model):
    """Who may run a periodic job until when; a conditional UPDATE hands it to one process."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "定时任务租约"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.name
