"""The message log of customer notices (SMS-1): one row per message, its outcome and tries.

A message is queued first and delivered by the drain job (jobs.py), so a campaign of 100,000
customers is one INSERT … SELECT and the provider is paced in batches. The row is the log:
channel, recipient, template, rendered body, status, tries, last error, when sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gasdesk.org.scoping import OrgScopedQuerySet


class MessageChannel(models.TextChoices):
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")
    INBOX = "inbox", _("自助服务消息")  # shown on the customer self-service page only


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败，待重试")
    DEAD = "dead", _("发送失败，已停止重试")


# Rows the drain job picks up when next_try_at has come (SENDING = a lease that ran out).
DUE_STATUSES = (MessageStatus.QUEUED, MessageStatus.FAILED, MessageStatus.SENDING)
FAILED_STATUSES = (MessageStatus.FAILED, MessageStatus.DEAD)


class MessageQuerySet(OrgScopedQuerySet["Message"]):
    """Messages scoped by the customer's service unit."""


class Message(models.Model):
    """One notice to one recipient; written by notices.services only."""

    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="所属单位", on_delete=models.PROTECT, related_name="+"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name="客户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # msg_customer_idx below leads with customer
    )
    pack = models.ForeignKey(
        "standards.StandardPack",
        verbose_name="服务标准版本",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    channel = models.CharField("渠道", max_length=10, choices=MessageChannel.choices)
    recipient = models.CharField("接收人", max_length=254, blank=True)
    template = models.CharField("模板", max_length=40)
    context = models.JSONField("模板字段", default=dict, blank=True)
    body = models.TextField("内容", blank=True)  # rendered at delivery for bulk rows
    source = models.CharField("来源", max_length=60, blank=True)  # e.g. "outage:12"
    status = models.CharField(
        "状态", max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    tries = models.PositiveSmallIntegerField("发送次数", default=0)
    next_try_at = models.DateTimeField("下次发送", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = "客户通知"
        verbose_name_plural = verbose_name
        indexes = [
            # jobs.drain_queue / services.deliver_due: due rows, oldest first; sent rows
            # (nearly all of the table) are outside the partial index.
            models.Index(
                fields=["next_try_at", "id"],
                name="msg_due_idx",
                condition=Q(status__in=DUE_STATUSES),
            ),
            # selectors.customer_inbox: a customer's messages, newest first.
            models.Index(fields=["customer", "-created_at"], name="msg_customer_idx"),
            # selectors.visible_messages: a unit's log, newest first (keyset on id).
            models.Index(fields=["org_unit", "-id"], name="msg_unit_idx"),
            # selectors.failed_messages: the failed list of a unit.
            models.Index(
                fields=["org_unit", "-id"],
                name="msg_failed_idx",
                condition=Q(status__in=FAILED_STATUSES),
            ),
            # selectors.source_counts: delivery progress of one campaign.
            models.Index(fields=["source", "status"], name="msg_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.template} #{self.pk}"
