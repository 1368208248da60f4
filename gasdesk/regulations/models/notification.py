"""One-time notification (一次性告知, NOTIFY-1…7): written notices, visits per matter, phone log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gasdesk.core.models import Event
from gasdesk.org.scoping import OrgScopedQuerySet
from gasdesk.regulations.models.base import AtUnit, UnderPack


class NoticeStatus(models.TextChoices):
    OPEN = "open", _("待补齐")
    FULFILLED = "fulfilled", _("已补齐")


class NoticeQuerySet(OrgScopedQuerySet["OneTimeNotice"]):
    """Scoped by the unit whose counter issued the notice."""


class OneTimeNotice(UnderPack):
    """一次性告知单 (NOTIFY-3): every required document not yet provided, named at once.

    The matter's basis, time limit, procedure and document list are copied from the pack when
    the notice is issued, so a reprint years later shows what the customer was told.
    """

    customer_name = models.CharField("服务对象", max_length=100)
    customer_phone = models.CharField("联系电话", max_length=30, blank=True)
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name="关联工单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    matter_code = models.CharField("办理事项代码", max_length=40)
    matter_name = models.CharField("办理事项", max_length=100)
    basis = models.TextField("依据")
    time_limit = models.CharField("办理时限", max_length=200)
    procedure = models.JSONField("办理程序", default=list)
    required_documents = models.JSONField("所需资料清单", default=list)
    missing_documents = models.JSONField("需补充资料", default=list)
    rectification_items = models.JSONField("验收不合格需整改内容", default=list, blank=True)
    other_reasons = models.TextField("不予办理的其他事项", blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=NoticeStatus.choices, default=NoticeStatus.OPEN
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("告知时间")
    fulfilled_at = models.DateTimeField("补齐时间", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "一次性告知单"
        verbose_name_plural = verbose_name
        indexes = [
            # notice_list(): a unit's notices, newest first.
            models.Index(fields=["org_unit", "-issued_at"], name="notice_list_idx"),
            # open_notices_of_order(): the open notice that keeps an order suspended.
            models.Index(
                fields=["work_order"], name="notice_order_idx", condition=Q(status="open")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.matter_name}"

    @property
    def number(self) -> str:
        """告知单编号: issue date + id, unique without a counter table."""
        return f"GZ{self.issued_at:%Y%m%d}-{self.pk:06d}"


class NoticeEvent(Event):
    """Issued, documents received; append-only."""

    notice = models.ForeignKey(OneTimeNotice, on_delete=models.PROTECT, related_name="events")

    class Meta(Event.Meta):
        verbose_name = "告知单记录"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["notice", "at"], name="notice_event_idx")]


class MatterVisitQuerySet(OrgScopedQuerySet["MatterVisit"]):
    """Scoped by the unit where the customer came."""


class MatterVisit(Event):
    """A customer came to the counter for a matter (NOTIFY-7 counts these per matter)."""

    customer = models.ForeignKey(
        "customers.Customer", verbose_name="客户", on_delete=models.PROTECT, related_name="+"
    )
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="办理单位", on_delete=models.PROTECT, related_name="+"
    )
    matter_code = models.CharField("办理事项代码", max_length=40)
    notice = models.ForeignKey(
        OneTimeNotice, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )

    objects = MatterVisitQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = "来访办理记录"
        verbose_name_plural = verbose_name
        indexes = [
            # repeat_visits(): visits of one customer for one matter (GROUP BY on the index).
            models.Index(fields=["customer", "matter_code"], name="matter_visit_idx"),
        ]


class ConsultationQuerySet(OrgScopedQuerySet["ConsultationRecord"]):
    """Scoped by the business hall that keeps the record book."""


class ConsultationRecord(Event, AtUnit):
    """电话咨询记录簿 (NOTIFY-5): one phone consultation and what the customer was told."""

    caller_name = models.CharField("来电人", max_length=60)
    caller_phone = models.CharField("来电号码", max_length=30)
    matter_code = models.CharField("咨询事项代码", max_length=40)
    matter_name = models.CharField("咨询事项", max_length=100)
    question = models.TextField("咨询内容")
    told = models.TextField("告知内容")

    objects = ConsultationQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = "电话咨询记录"
        verbose_name_plural = verbose_name
        indexes = [
            # consultation_log(): a hall's record book, newest first.
            models.Index(fields=["org_unit", "-at"], name="consultation_log_idx"),
        ]
