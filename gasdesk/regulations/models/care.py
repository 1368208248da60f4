"""Customer managers' care visits (MGR-1…5): the visit plan per tier and the care history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gasdesk.core.models import Event
from gasdesk.customers.choices import TIER_CHOICES
from gasdesk.org.scoping import OrgScopedQuerySet


class CareVisitStatus(models.TextChoices):
    PLANNED = "planned", _("待拜访")
    DONE = "done", _("已拜访")


class CareVisitQuerySet(OrgScopedQuerySet["CareVisit"]):
    """Scoped by the customer manager's unit, so the manager's leader sees the visit (MGR-4)."""


class CareVisit(models.Model):
    """One planned visit (拜访) of a tiered customer; due dates come from the pack's tier plan.

    `org_unit` is the manager's unit when planned: a leader (manager or dispatcher role in that
    unit or above) sees the visit through the usual org scope.
    """

    customer = models.ForeignKey(
        "customers.Customer", verbose_name="客户", on_delete=models.PROTECT, related_name="+"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="客户经理",
        on_delete=models.PROTECT,
        related_name="+",
    )
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="客户经理所属单位", on_delete=models.PROTECT, related_name="+"
    )
    tier = models.CharField("客户等级", max_length=20, choices=TIER_CHOICES)
    visitors = models.CharField("拜访人", max_length=100)
    due_on = models.DateField("应拜访日期")
    status = models.CharField(
        "状态", max_length=10, choices=CareVisitStatus.choices, default=CareVisitStatus.PLANNED
    )
    done_at = models.DateTimeField("拜访时间", null=True, blank=True)
    note = models.TextField("拜访情况", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CareVisitQuerySet.as_manager()

    class Meta:
        verbose_name = "客户拜访计划"
        verbose_name_plural = verbose_name
        constraints = [
            # plan_care_visits inserts with ignore_conflicts: one planned visit per customer.
            models.UniqueConstraint(
                fields=["customer"], condition=Q(status="planned"), name="care_one_planned_visit"
            )
        ]
        indexes = [
            # overdue_visits(): a leader's subtree, oldest due date first.
            models.Index(
                fields=["org_unit", "due_on"],
                name="care_unit_due_idx",
                condition=Q(status="planned"),
            ),
            # visits_due(): the manager's own planned visits.
            models.Index(
                fields=["manager", "due_on"],
                name="care_manager_due_idx",
                condition=Q(status="planned"),
            ),
            # the last done visit of a customer (next due date).
            models.Index(fields=["customer", "-done_at"], name="care_customer_done_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.due_on}"


class CareEvent(Event):
    """Manager assigned or changed, visit done; append-only history of a customer's care."""

    customer = models.ForeignKey(
        "customers.Customer", verbose_name="客户", on_delete=models.PROTECT, related_name="+"
    )

    class Meta(Event.Meta):
        verbose_name = "客户关怀记录"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["customer", "at"], name="care_event_idx")]
