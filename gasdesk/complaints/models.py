"""Complaints (投诉, CMP-1…CMP-25), their append-only history and level appeals (申诉).

Every clock is computed at registration or levelling (clocks.py) and stored as an indexed
`*_due_at` column; the late scan and the specialist's desk read the columns, never re-derive.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gasdesk.core.models import Event
from gasdesk.customers.choices import AREA_CHOICES
from gasdesk.org.scoping import OrgScopedQuerySet


class ComplaintChannel(models.TextChoices):
    """投诉渠道 (CMP-2)."""

    HOTLINE = "hotline", _("服务热线")
    COUNTER = "counter", _("营业厅柜台")
    ONLINE = "online", _("网上/微信")
    CITY_12345 = "city_12345", _("12345转办")
    MEDIA = "media", _("媒体转来")
    GOVERNMENT = "government", _("政府部门转来")
    CALLBACK = "callback", _("回访发现")


class ComplaintStatus(models.TextChoices):
    """受理 → 转专员 → 处理 → (方案) → 反馈 → 回访 → 归档 (CMP-17)."""

    REGISTERED = "registered", _("已受理")
    ROUTED = "routed", _("已转专员")
    INVESTIGATING = "investigating", _("处理中")
    SOLUTION_GIVEN = "solution_given", _("已给方案待办结")
    ANSWERED = "answered", _("已反馈")
    CALLED_BACK = "called_back", _("已回访")
    ARCHIVED = "archived", _("已归档")


# 一级…五级 (CMP-7): one msgid per level, so each translates whole ("Level 1", not "一 level").
LEVEL_LABELS = {
    1: _("一级"),
    2: _("二级"),
    3: _("三级"),
    4: _("四级"),
    5: _("五级"),
}

OPEN_STATUSES = tuple(s.value for s in ComplaintStatus if s != ComplaintStatus.ARCHIVED)

# Each clock and the moments that meet it (any one set meets the clock).
CLOCK_MET_BY: dict[str, tuple[str, ...]] = {
    "route": ("routed_at",),
    "response": ("responded_at", "closed_at"),
    "closure": ("closed_at",),
    "solution": ("solution_at", "closed_at"),
    "callback": ("callback_at",),
    "second_callback": ("second_callback_at",),
}
CLOCK_LABELS = {
    "route": _("转专员"),
    "response": _("响应"),
    "closure": _("办结"),
    "solution": _("商定方案"),
    "callback": _("回访"),
    "second_callback": _("二次回访"),
}


def next_due(values: Mapping[str, Any]) -> datetime | None:
    """Earliest deadline whose clock is still running: what the desk sorts by."""
    pending = [
        values[f"{clock}_due_at"]
        for clock, met in CLOCK_MET_BY.items()
        if values.get(f"{clock}_due_at") is not None and not any(values.get(m) for m in met)
    ]
    return min(pending, default=None)


def clock_pending_q(clock: str) -> Q:
    """Open rows whose `clock` has a deadline that is neither met nor flagged late."""
    met = {f"{name}__isnull": True for name in CLOCK_MET_BY[clock]}
    flags = {f"{clock}_due_at__isnull": False, f"{clock}_late_at__isnull": True}
    return Q(status__in=OPEN_STATUSES, **flags, **met)


class ComplaintQuerySet(OrgScopedQuerySet["Complaint"]):
    """Scoped on `org_unit`: the target unit, or the company when no unit is named."""


class Complaint(models.Model):
    """A customer's complaint from the first responder's registration to the archive.

    `version` grows on every write; services update with a condition on the version seen, so
    two specialists acting at once cannot overwrite each other (ConcurrentChange).
    """

    number = models.CharField("投诉编号", max_length=24, unique=True)
    company = models.ForeignKey(
        "org.OrgUnit", verbose_name="公司", on_delete=models.PROTECT, related_name="+"
    )
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="归属单位", on_delete=models.PROTECT, related_name="+"
    )
    pack = models.ForeignKey(
        "standards.StandardPack",
        verbose_name="服务标准版本",
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField("投诉渠道", max_length=20, choices=ComplaintChannel.choices)
    external_ref = models.CharField("外部编号", max_length=60, blank=True)
    first_responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="首问负责人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    complainant_name = models.CharField("投诉人", max_length=60)
    address = models.CharField("地址", max_length=200)
    phone = models.CharField("电话", max_length=30)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name="客户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name="关联工单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    target_unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name="被投诉部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    target_text = models.CharField("投诉对象", max_length=200)
    business_type = models.CharField("业务类型", max_length=40, blank=True)
    cause = models.CharField("投诉原因", max_length=40, blank=True)
    area = models.CharField("区域", max_length=10, choices=AREA_CHOICES)
    narrative = models.TextField("投诉经过")
    level = models.PositiveSmallIntegerField("投诉级别", null=True, blank=True)
    needs_investigation = models.BooleanField("需调查取证/部门配合", default=False)
    status = models.CharField(
        "状态", max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.REGISTERED
    )
    version = models.PositiveIntegerField(default=0)

    received_at = models.DateTimeField("受理时间")
    routed_at = models.DateTimeField("转专员时间", null=True, blank=True)
    levelled_at = models.DateTimeField("定级时间", null=True, blank=True)
    appeal_due_at = models.DateTimeField("申诉截止", null=True, blank=True)
    responded_at = models.DateTimeField("响应时间", null=True, blank=True)
    solution_at = models.DateTimeField("方案商定时间", null=True, blank=True)
    promised_final_at = models.DateTimeField("约定最终解决时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    callback_at = models.DateTimeField("回访时间", null=True, blank=True)
    second_callback_at = models.DateTimeField("二次回访时间", null=True, blank=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    route_due_at = models.DateTimeField("转专员时限", null=True, blank=True)
    response_due_at = models.DateTimeField("响应时限", null=True, blank=True)
    closure_due_at = models.DateTimeField("办结时限", null=True, blank=True)
    solution_due_at = models.DateTimeField("方案时限", null=True, blank=True)
    callback_due_at = models.DateTimeField("回访时限", null=True, blank=True)
    second_callback_due_at = models.DateTimeField("二次回访时限", null=True, blank=True)
    route_late_at = models.DateTimeField("转专员超时", null=True, blank=True)
    response_late_at = models.DateTimeField("响应超时", null=True, blank=True)
    closure_late_at = models.DateTimeField("办结超时", null=True, blank=True)
    solution_late_at = models.DateTimeField("方案超时", null=True, blank=True)
    callback_late_at = models.DateTimeField("回访超时", null=True, blank=True)
    second_callback_late_at = models.DateTimeField("二次回访超时", null=True, blank=True)
    next_due_at = models.DateTimeField("最近时限", null=True, blank=True)
    deadline_basis = models.JSONField("时限依据", default=dict, blank=True)
    resolution = models.TextField("处理结果", blank=True)
    callback_result = models.TextField("回访结果", blank=True)
    is_satisfied = models.BooleanField("投诉客户满意", null=True, blank=True)  # CMP-21
    # 有效投诉 (CMP-1, KPI-10, OQ-13): the specialist's decision; None = not decided yet.
    is_valid = models.BooleanField("有效投诉", null=True, blank=True)
    invalid_reason = models.TextField("无效原因", blank=True)
    validity_decided_at = models.DateTimeField("有效性认定时间", null=True, blank=True)
    # CMP-5/6/24: the role the pack routes a new complaint to (its desk alert), the role a
    # serious image-affecting complaint is first reported to, and the named responsible person.
    handler_role = models.CharField("受理岗位", max_length=20, blank=True)
    affects_image = models.BooleanField("影响公司形象和声誉", default=False)
    escalation_role = models.CharField("先行上报", max_length=20, blank=True)
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="投诉处理责任人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = "投诉"
        verbose_name_plural = verbose_name
        constraints = [
            # 12345 intake is idempotent on the other system's reference (per channel).
            models.UniqueConstraint(
                fields=["channel", "external_ref"],
                condition=~Q(external_ref=""),
                name="cmp_uniq_channel_external_ref",
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                name="cmp_level_1_to_5",
            ),
            # An invalid complaint always carries the specialist's reason (OQ-13).
            models.CheckConstraint(
                condition=~Q(is_valid=False, invalid_reason=""),
                name="cmp_invalid_has_reason",
            ),
        ]
        indexes = [
            # complaint_desk: open complaints, nearest deadline first (partial: archive stays out).
            models.Index(
                fields=["next_due_at"],
                name="cmp_desk_open_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            # deduction_drilldown: one unit's period in ORDER BY level, levelled_at, read in
            # index order, so a page of 50 stops after 50 entries (CMP-19, bench K2).
            models.Index(fields=["target_unit", "level", "levelled_at"], name="cmp_deduction_idx"),
            # deduction_counts / department_deductions: company-wide period aggregate as an
            # index-only scan; scope (org_unit) and GROUP BY columns ride along (CMP-19, K1).
            # `include` is PostgreSQL-only; SQLite builds a plain partial index on levelled_at.
            models.Index(
                fields=["levelled_at"],
                include=["org_unit", "target_unit", "level", "id"],
                condition=Q(target_unit__isnull=False),
                name="cmp_deduction_period_idx",
            ),
            # hot_spots and complaint_metrics: every column they filter, group or count is in
            # the index, so a period report never reads the ~1.5 KB rows (CMP-21, CMP-23, K1).
            models.Index(
                fields=["received_at"],
                include=[
                    "id",
                    "org_unit",
                    "target_unit",
                    "cause",
                    "business_type",
                    "area",
                    "closed_at",
                    "closure_due_at",
                    "is_satisfied",
                ],
                name="cmp_received_report_idx",
            ),  # fmt: skip
            # quality.kpi.sources._complaints: one company's complaints received in a period.
            models.Index(fields=["company", "received_at"], name="cmp_company_received_idx"),
            # customer 360: a customer's complaints.
            models.Index(fields=["customer", "-received_at"], name="cmp_customer_idx"),
            # scan_late_steps: one partial index per clock (healthchecks alert_after).
            *[
                models.Index(
                    fields=[f"{clock}_due_at"],
                    name=f"cmp_{clock}_late_idx",
                    condition=clock_pending_q(clock),
                )
                for clock in CLOCK_MET_BY
            ],
        ]

    def __str__(self) -> str:
        return self.number


class ComplaintEvent(Event):
    """One step of a complaint's history (registered, routed, levelled, late, appealed …)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)

    class Meta(Event.Meta):
        verbose_name = "投诉记录"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["complaint", "at"], name="cmp_event_complaint_idx"),
            # the desk's alert list: recent LATE events.
            models.Index(fields=["kind", "-at"], name="cmp_event_kind_idx"),
        ]


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("待裁定")
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉驳回")


class ComplaintAppeal(models.Model):
    """申诉 (CMP-14): a department disputes a level through its department service admin."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="appeals")
    unit = models.ForeignKey("org.OrgUnit", verbose_name="申诉部门", on_delete=models.PROTECT)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申诉人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField("申诉时间")
    level_disputed = models.PositiveSmallIntegerField("原级别")
    level_requested = models.PositiveSmallIntegerField("申请级别")
    reason = models.TextField("申诉理由")
    status = models.CharField(
        "状态", max_length=20, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="裁定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("裁定时间", null=True, blank=True)
    decision_reason = models.TextField("裁定意见", blank=True)

    class Meta:
        verbose_name = "投诉申诉"
        verbose_name_plural = verbose_name
        constraints = [
            # one open appeal per complaint: a second filing while one is pending is refused.
            models.UniqueConstraint(
                fields=["complaint"],
                condition=Q(status="pending"),
                name="cmp_one_pending_appeal",
            )
        ]
        indexes = [
            # the specialist's "appeals to decide" list.
            models.Index(fields=["status", "filed_at"], name="cmp_appeal_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint} 申诉"
