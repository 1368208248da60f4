"""What happened at the door (DSP-7/8, WO-7): the visit, photos, the signature, and the two
printed notices: 到访不遇通知单 (visited, not met) and 安全隐患整改通知书 (hazard rectification)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gasdesk.org.scoping import OrgScopedQuerySet


class VisitOutcome(models.TextChoices):
    OPEN = "open", _("处理中")
    COMPLETED = "completed", _("已完工")
    NOT_MET = "not_met", _("到访不遇")


class FieldVisit(models.Model):
    """One trip to the customer: arrival (or the not-met knock), the work, materials, hazards
    and the customer's on-screen signature (任务单签字)."""

    order = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.PROTECT, related_name="field_visits"
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    visited_at = models.DateTimeField("到访时间")
    outcome = models.CharField(
        "结果", max_length=12, choices=VisitOutcome.choices, default=VisitOutcome.OPEN
    )
    work_done = models.TextField("作业内容", blank=True)
    result = models.TextField("处理结果", blank=True)
    materials = models.JSONField("使用材料", default=list, blank=True)
    hazards = models.TextField("发现隐患", blank=True)
    signature = models.FileField("客户签字", upload_to="fieldwork/signatures/%Y/%m/", blank=True)
    signed_by_name = models.CharField("签字人", max_length=60, blank=True)
    completed_at = models.DateTimeField("完工时间", null=True, blank=True)
    # SMS-2: safety leaflets handed out and safe use explained before leaving (None: not done)
    safety_briefed_at = models.DateTimeField("安全宣传讲解时间", null=True, blank=True)

    class Meta:
        verbose_name = "上门记录"
        verbose_name_plural = verbose_name
        # services: the order's latest open visit; detail pages: visits in time order.
        indexes = [models.Index(fields=["order", "visited_at"], name="fw_visit_order_idx")]

    def __str__(self) -> str:
        return f"{self.order_id}@{self.visited_at:%Y-%m-%d %H:%M}"


class VisitPhoto(models.Model):
    """A site photo (images only, size-limited by the service)."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.PROTECT, related_name="photos")
    image = models.FileField("照片", upload_to="fieldwork/photos/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size_bytes = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = "现场照片"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.image.name or ""


class NotMetNotice(models.Model):
    """到访不遇通知单 (DSP-8): posted at the door with the visit time; the order is suspended
    (CAL-9), so the customer's absence never counts as a breach."""

    order = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.PROTECT, related_name="not_met_notices"
    )
    visit = models.OneToOneField(FieldVisit, on_delete=models.PROTECT, related_name="not_met")
    visited_at = models.DateTimeField("到访时间")
    note = models.TextField("情况说明", blank=True)
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "到访不遇通知单"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"NM{self.pk}"


class HazardNotice(models.Model):
    """安全隐患整改通知书: the hazard items and the rectification deadline given to the
    customer in writing (CONN-3 reasons, INSP hazards)."""

    order = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.PROTECT, related_name="hazard_notices"
    )
    visit = models.ForeignKey(FieldVisit, on_delete=models.PROTECT, related_name="hazard_notices")
    items = models.JSONField("隐患项目", default=list)
    rectify_by = models.DateField("整改期限")
    issued_at = models.DateTimeField("下达时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "安全隐患整改通知书"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"HZ{self.pk}"


class FollowUpTaskQuerySet(OrgScopedQuerySet["FollowUpTask"]):
    pass


class FollowUpTask(models.Model):
    """The re-check of a hazard after its rectification deadline (复查)."""

    notice = models.OneToOneField(HazardNotice, on_delete=models.PROTECT, related_name="follow_up")
    org_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("复查日期")
    done_at = models.DateTimeField("复查完成", null=True, blank=True)

    objects = FollowUpTaskQuerySet.as_manager()

    class Meta:
        verbose_name = "隐患复查任务"
        verbose_name_plural = verbose_name
        # follow-up list: open re-checks of a unit, earliest first.
        indexes = [
            models.Index(
                fields=["org_unit", "due_on"],
                name="fw_followup_open_idx",
                condition=Q(done_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"FU{self.pk}"
