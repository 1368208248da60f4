"""Who holds an order and by when they must sign for it (DSP-1…3), the field history, and the
client tokens that make a retried tap harmless."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gasdesk.core.models import Event
from gasdesk.org.scoping import OrgScopedQuerySet


class AssignmentKind(models.TextChoices):
    """DSP-1 prompt classes (1 h at any time) vs the others (team pool, next morning)."""

    PROMPT = "prompt", _("1小时签收")
    POOL = "pool", _("次日签收（团队池）")


class AssignmentQuerySet(OrgScopedQuerySet["Assignment"]):
    org_field = "team"


class Assignment(models.Model):
    """One hand-over of an order to a technician (派工/改派); the current one per order is
    unique. The acceptance deadline lives here, not on the order, and the scan job reads it."""

    order = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.PROTECT, related_name="assignments"
    )
    team = models.ForeignKey(
        "org.OrgUnit", verbose_name="班组", on_delete=models.PROTECT, related_name="+"
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="维修人员",
        on_delete=models.PROTECT,
        related_name="field_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField("派工时间")
    kind = models.CharField("签收规则", max_length=10, choices=AssignmentKind.choices)
    accept_due_at = models.DateTimeField("签收时限")
    pools_at = models.DateTimeField("进入团队池时间", null=True, blank=True)
    pooled_at = models.DateTimeField("已进入团队池", null=True, blank=True)
    accepted_at = models.DateTimeField("签收时间", null=True, blank=True)
    accept_overdue_at = models.DateTimeField("签收超时", null=True, blank=True)
    contact_due_at = models.DateTimeField("联系客户时限", null=True, blank=True)
    contacted_at = models.DateTimeField("联系客户时间", null=True, blank=True)
    appointment_at = models.DateTimeField("约定上门时间", null=True, blank=True)
    cannot_keep_at = models.DateTimeField("报告无法按约上门", null=True, blank=True)
    is_current = models.BooleanField(default=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "派工记录"
        verbose_name_plural = verbose_name
        constraints = [
            # Exactly one technician holds an order at a time (a second dispatcher loses).
            models.UniqueConstraint(
                fields=["order"], condition=Q(is_current=True), name="fw_one_current_assignment"
            )
        ]
        indexes = [
            # jobs.scan_acceptance: unsigned current assignments past their deadline.
            models.Index(
                fields=["accept_due_at"],
                name="fw_accept_due_idx",
                condition=Q(
                    is_current=True, accepted_at__isnull=True, accept_overdue_at__isnull=True
                ),
            ),
            # jobs.move_to_pool: unsigned pool-class orders at the end of their day.
            models.Index(
                fields=["pools_at"],
                name="fw_pools_at_idx",
                condition=Q(is_current=True, accepted_at__isnull=True, pooled_at__isnull=True),
            ),
            # selectors.technician_day: a technician's current orders in route order.
            models.Index(
                fields=["technician", "appointment_at"],
                name="fw_tech_day_idx",
                condition=Q(is_current=True),
            ),
            # selectors.team_pool: pooled orders of a team subtree.
            models.Index(
                fields=["team", "accept_due_at"],
                name="fw_team_pool_idx",
                condition=Q(is_current=True, accepted_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}→{self.technician_id}"


class FieldEvent(Event):
    """Field history of an order (assigned, signed for, time agreed, not met, hazard …)."""

    order = models.ForeignKey(
        "workorders.WorkOrder", on_delete=models.PROTECT, related_name="field_events"
    )

    class Meta(Event.Meta):
        verbose_name = "现场作业记录"
        verbose_name_plural = verbose_name
        # selectors.field_timeline: an order's field history in time order.
        indexes = [models.Index(fields=["order", "at"], name="fw_event_order_idx")]


class ClientRequest(models.Model):
    """A tap's client token (UUID), written in the tap's transaction: a retry finds it and
    gets the first answer instead of applying the action twice."""

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=40)
    order = models.ForeignKey(
        "workorders.WorkOrder", null=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "客户端请求"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return str(self.token)
