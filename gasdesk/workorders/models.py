"""Work orders (工单, WO-1…9) and their append-only history.

Deadlines are computed once (deadlines.py) and stored as indexed columns; the breach job and
the dispatcher queue read the columns, never re-derive them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gasdesk.core.models import Event
from gasdesk.customers.choices import AREA_CHOICES, TIER_CHOICES
from gasdesk.org.roles import Role, has_role
from gasdesk.org.scoping import OrgScopedQuerySet


class WorkOrderStatus(models.TextChoices):
    NEW = "new", _("待派工")
    DISPATCHED = "dispatched", _("已派工")
    ACCEPTED = "accepted", _("已接单")
    ARRIVED = "arrived", _("已到达")
    IN_PROGRESS = "in_progress", _("处理中")
    COMPLETED = "completed", _("已完工")
    CLOSED = "closed", _("已归档")
    SUSPENDED = "suspended", _("挂起")
    RETURNED = "returned", _("已退回")
    CANCELLED = "cancelled", _("已取消")


# Statuses in which the order still owes the customer something (queue, breach scan).
OPEN_STATUSES = (
    WorkOrderStatus.NEW,
    WorkOrderStatus.DISPATCHED,
    WorkOrderStatus.ACCEPTED,
    WorkOrderStatus.ARRIVED,
    WorkOrderStatus.IN_PROGRESS,
    WorkOrderStatus.RETURNED,
    WorkOrderStatus.SUSPENDED,
)
RUNNING_STATUSES = tuple(s for s in OPEN_STATUSES if s != WorkOrderStatus.SUSPENDED)

# Each deadline clock and the moment that meets it.
CLOCK_MET_BY = {"response": "responded_at", "arrival": "arrived_at", "completion": "completed_at"}


class Channel(models.TextChoices):
    """受理渠道 (WO-3)."""

    HOTLINE = "hotline", _("热线")
    COUNTER = "counter", _("营业厅柜台")
    ONLINE = "online", _("网上/微信")
    CITY_12345 = "city_12345", _("12345转办")
    ON_SITE = "on_site", _("现场")
    CALLBACK = "callback", _("回访发现")


class SuspendReason(models.TextChoices):
    """Customer-side reasons that pause the clocks (CAL-9)."""

    CUSTOMER_WAITING = "customer_waiting", _("等待客户")
    MATERIALS_MISSING = "materials_missing", _("资料/材料不全")
    CUSTOMER_APPOINTMENT = "customer_appointment", _("客户要求另约时间")
    NOT_AT_HOME = "not_at_home", _("到访不遇")


class WorkOrderQuerySet(OrgScopedQuerySet["WorkOrder"]):
    def visible_to(self, user: Any) -> WorkOrderQuerySet:
        """The org scope; a technician also sees what is assigned to them (a team's
        technician may be sent an order of the parent unit)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = self.scope_q(user)
        if condition is None:
            return self
        if has_role(user, Role.TECHNICIAN):
            condition |= Q(assignee=user)
        return self.filter(condition)

    def open(self) -> WorkOrderQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class WorkOrder(models.Model):
    """A service task from intake to archive; remembers the pack version that set its deadlines."""

    # Unique by wo_number_uniq below: `unique=True` would add an unused `_like` index on
    # PostgreSQL (787 MB at 20 M orders; numbers are matched exactly). Bench finding Q4.
    number = models.CharField("工单号", max_length=24)
    company = models.ForeignKey(
        "org.OrgUnit",
        verbose_name="公司",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # wo_company_received_idx (company, received_at) leads with it
    )
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="work_orders"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_orders",
    )
    business_type = models.CharField("业务类型", max_length=40)
    business_type_name = models.CharField("业务类型名称", max_length=60)
    channel = models.CharField("受理渠道", max_length=20, choices=Channel.choices)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name="客户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
        db_index=False,  # wo_customer_idx (customer, -received_at) leads with it
    )
    caller_name = models.CharField("来电人", max_length=60, blank=True)
    caller_phone = models.CharField("来电号码", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    area = models.CharField("区域", max_length=10, choices=AREA_CHOICES)
    tier = models.CharField("客户等级", max_length=12, choices=TIER_CHOICES)
    description = models.TextField("问题描述")
    first_responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="首问负责人",
        on_delete=models.PROTECT,
        related_name="first_responder_orders",
    )
    pack = models.ForeignKey(
        "standards.StandardPack",
        verbose_name="服务标准版本",
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=20, choices=WorkOrderStatus.choices, default=WorkOrderStatus.NEW
    )
    status_before_suspend = models.CharField(max_length=20, blank=True)
    suspend_reason = models.CharField(
        "挂起原因", max_length=30, choices=SuspendReason.choices, blank=True
    )
    suspended_at = models.DateTimeField("挂起时间", null=True, blank=True)

    received_at = models.DateTimeField("受理时间")
    paid_at = models.DateTimeField("交费时间", null=True, blank=True)
    response_due_at = models.DateTimeField("响应时限", null=True, blank=True)
    arrival_due_at = models.DateTimeField("到达时限", null=True, blank=True)
    completion_due_at = models.DateTimeField("完成时限", null=True, blank=True)
    next_due_at = models.DateTimeField("最近时限", null=True, blank=True)
    deadline_basis = models.JSONField("时限依据", default=dict, blank=True)
    responded_at = models.DateTimeField("响应时间", null=True, blank=True)
    arrived_at = models.DateTimeField("到达时间", null=True, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    closed_at = models.DateTimeField("归档时间", null=True, blank=True)
    response_breached_at = models.DateTimeField("响应超时", null=True, blank=True)
    arrival_breached_at = models.DateTimeField("到达超时", null=True, blank=True)
    completion_breached_at = models.DateTimeField("完成超时", null=True, blank=True)
    result = models.TextField("处理结果", blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        verbose_name = "工单"
        verbose_name_plural = verbose_name
        indexes = [
            # dispatcher_queue: open orders of a unit subtree, earliest deadline first; the
            # partial condition keeps 20 M closed orders out of the index. Status and business
            # type ride along so the queue's filters are read from the index, not the heap
            # (`?status=new&business_type=repair`: 62 → 2.4 ms, bench fourth session).
            models.Index(
                fields=["org_unit", "next_due_at"],
                include=["status", "business_type", "id"],
                name="wo_queue_open_cover_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            models.Index(
                fields=["next_due_at"],
                name="wo_open_due_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            # dispatcher queue `?overdue=true` (selectors.overdue_filter): ids of running orders
            # past their nearest deadline as an index-only scan, the unit and id included; the
            # open-orders index needed a heap visit per row (53–88 ms at 3 M, bench Q2).
            models.Index(
                fields=["next_due_at"],
                include=["org_unit", "id"],
                name="wo_running_due_idx",
                condition=Q(status__in=RUNNING_STATUSES),
            ),
            # customer_orders: a customer's history, newest first (360 view).
            models.Index(fields=["customer", "-received_at"], name="wo_customer_idx"),
            # technician's day: open orders assigned to a person.
            models.Index(
                fields=["assignee", "next_due_at"],
                name="wo_assignee_open_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            # scan_breaches: running orders past an unmet, unflagged deadline, one per clock.
            *[
                models.Index(
                    fields=[f"{clock}_due_at"],
                    name=f"wo_{clock}_breach_idx",
                    condition=Q(
                        status__in=RUNNING_STATUSES,
                        **{f"{met}__isnull": True, f"{clock}_breached_at__isnull": True},
                    ),
                )
                for clock, met in CLOCK_MET_BY.items()
            ],
            # reports by period and unit (KPI issue).
            models.Index(fields=["company", "received_at"], name="wo_company_received_idx"),
            # callbacks daily job: the orders a company completed on a day (CB-5).
            models.Index(
                fields=["company", "completed_at"],
                name="wo_company_completed_idx",
                condition=Q(status__in=["completed", "closed"]),
            ),
        ]
        constraints = [
            # Order lookup by number (WorkOrderFilter number=, detail links) and uniqueness.
            models.UniqueConstraint(fields=["number"], name="wo_number_uniq"),
        ]

    def __str__(self) -> str:
        return self.number


class WorkOrderEvent(Event):
    """One step of an order's history (created, dispatched, suspended, deadline changed …)."""

    order = models.ForeignKey(
        WorkOrder,
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,  # wo_event_order_idx (order, at) leads with it
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)

    class Meta(Event.Meta):
        verbose_name = "工单记录"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["order", "at"], name="wo_event_order_idx")]


class DailySequence(models.Model):
    """Per-day counter behind order numbers; the UPDATE's row lock serialises writers."""

    prefix = models.CharField(max_length=8)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "day"], name="uniq_daily_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}{self.day:%Y%m%d}:{self.last}"
