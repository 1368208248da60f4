"""Time-limited completion (限时办结, TLC-1…3): matters promised to a customer and their history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gasdesk.core.models import Event
from gasdesk.org.scoping import OrgScopedQuerySet
from gasdesk.regulations.models.base import UnderPack


class PromiseOrigin(models.TextChoices):
    """Where the time limit comes from (TLC-1)."""

    TOLD_CUSTOMER = "told_customer", _("向客户明确的办结时间")
    PUBLISHED = "published", _("公司对外承诺时限")
    LEADER = "leader", _("领导批办")
    MEETING = "meeting", _("会议议定")
    CUSTOMER_FEEDBACK = "customer_feedback", _("客户反馈事项")


class InformedHow(models.TextChoices):
    """How the party was told the result (TLC-3: 在承诺时限内将办理结果通知当事人)."""

    PHONE = "phone", _("电话告知")
    WRITTEN = "written", _("书面答复")
    IN_PERSON = "in_person", _("当面告知")
    SMS = "sms", _("短信告知")


class PromiseStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    DONE = "done", _("已办结")


class PromisedMatterQuerySet(OrgScopedQuerySet["PromisedMatter"]):
    """Scoped by the responsible unit."""


class PromisedMatter(UnderPack):
    """A matter promised to a customer with its deadline (TLC-1/2), stored once and indexed."""

    customer_name = models.CharField("当事人", max_length=100)
    title = models.CharField("办理事项", max_length=200)
    origin = models.CharField("时限来源", max_length=20, choices=PromiseOrigin.choices)
    promised_at = models.DateTimeField("受理时间")
    due_at = models.DateTimeField("办结时限")
    limit_basis = models.JSONField("时限依据", default=dict)
    written_reply_required = models.BooleanField("须书面答复", default=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=PromiseStatus.choices, default=PromiseStatus.OPEN
    )
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    reply = models.TextField("书面答复", blank=True)
    informed_at = models.DateTimeField("告知当事人时间", null=True, blank=True)
    informed_how = models.CharField(
        "告知方式", max_length=12, choices=InformedHow.choices, blank=True
    )
    overdue_reason = models.TextField("未按时办结原因", blank=True)
    escalated_at = models.DateTimeField("上报领导时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PromisedMatterQuerySet.as_manager()

    class Meta:
        verbose_name = "限时办结事项"
        verbose_name_plural = verbose_name
        indexes = [
            # open_matters() and leader_overdue_matters(): open matters of a unit by deadline.
            models.Index(
                fields=["org_unit", "due_at"], name="promise_open_idx", condition=Q(status="open")
            ),
            # jobs.escalate_overdue_matters: open, not yet escalated, past the deadline.
            models.Index(
                fields=["due_at"],
                name="promise_escalate_idx",
                condition=Q(status="open", escalated_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PromiseEvent(Event):
    """Promised, reason stated, escalated, completed; append-only."""

    matter = models.ForeignKey(PromisedMatter, on_delete=models.PROTECT, related_name="events")

    class Meta(Event.Meta):
        verbose_name = "限时办结记录"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["matter", "at"], name="promise_event_idx")]
