"""Safety-inspection plans (安检, INSP-1…6): visits per customer, outcomes, hazards."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gasdesk.campaigns.models.common import CampaignBase
from gasdesk.core.models import Event
from gasdesk.org.scoping import OrgScopedQuerySet


class VisitOutcome(models.TextChoices):
    PENDING = "pending", _("待安检")
    INSPECTED = "inspected", _("已安检")
    NOT_HOME = "not_home", _("到访不遇")
    REFUSED = "refused", _("拒绝入户")
    HAZARD = "hazard", _("发现隐患")


# Outcomes that count as a successful in-home inspection for the rate (INSP-5).
MET_OUTCOMES = (VisitOutcome.INSPECTED, VisitOutcome.HAZARD)
# Outcomes that call for a repeat visit (pack: repeat_visits).
NOT_MET_OUTCOMES = (VisitOutcome.NOT_HOME, VisitOutcome.REFUSED)


class VisitQuerySet(OrgScopedQuerySet["InspectionVisit"]):
    def visible_to(self, user: Any) -> VisitQuerySet:
        """The org scope, plus the visits assigned to the user (a team's technician serves
        the parent unit's customers)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = self.scope_q(user)
        if condition is None:
            return self
        return self.filter(condition | Q(technician=user))


class InspectionPlan(CampaignBase):
    """A unit's plan for one year, generated set-based from the pack's frequencies."""

    year = models.PositiveSmallIntegerField("年度")
    planned_households = models.PositiveIntegerField("计划户数", default=0)
    planned_visits = models.PositiveIntegerField("计划户次", default=0)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "安检计划"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year"], name="insp_one_plan_per_year")
        ]


class InspectionVisit(models.Model):
    """One planned visit; round 1 is the plan, later rounds are repeat visits of a root."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="visits")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    planned_on = models.DateField("计划日期")
    route = models.PositiveSmallIntegerField("片区路线", default=1)
    round = models.PositiveSmallIntegerField("轮次", default=1)
    root = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    outcome = models.CharField(
        "结果", max_length=10, choices=VisitOutcome.choices, default=VisitOutcome.PENDING
    )
    final_outcome = models.CharField(
        "最终结果", max_length=10, choices=VisitOutcome.choices, default=VisitOutcome.PENDING
    )
    visited_at = models.DateTimeField("入户时间", null=True, blank=True)
    notice_sent_on = models.DateField("通知日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = "安检户次"
        verbose_name_plural = verbose_name
        indexes = [
            # selectors.inspection_rate: round-1 visits of a plan by month.
            models.Index(fields=["plan", "round", "planned_on"], name="insp_plan_rate_idx"),
            # jobs.send_inspection_notices: pending visits on a day without a notice.
            models.Index(
                fields=["planned_on", "org_unit"],
                name="insp_notice_idx",
                condition=Q(outcome="pending", notice_sent_on__isnull=True),
            ),
            # selectors.technician_visits: a technician's pending visits by day and route.
            models.Index(
                fields=["technician", "planned_on"],
                name="insp_tech_idx",
                condition=Q(outcome="pending"),
            ),
            # a customer's inspection history.
            models.Index(fields=["customer", "planned_on"], name="insp_customer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}@{self.planned_on}#{self.round}"


class Hazard(models.Model):
    """A hazard found (安全隐患, INSP-6): the rectification notice and its deadline."""

    visit = models.ForeignKey(InspectionVisit, on_delete=models.PROTECT, related_name="hazards")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    items = models.TextField("隐患内容")
    found_at = models.DateTimeField("发现时间")
    rectify_due_on = models.DateField("整改期限")
    rectified_at = models.DateTimeField("整改完成", null=True, blank=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "安全隐患"
        verbose_name_plural = verbose_name
        indexes = [
            # selectors.open_hazards: a unit's hazards not yet rectified, earliest due first.
            models.Index(
                fields=["org_unit", "rectify_due_on"],
                name="insp_hazard_open_idx",
                condition=Q(rectified_at__isnull=True),
            ),
            models.Index(fields=["customer"], name="insp_hazard_customer_idx"),
        ]

    def __str__(self) -> str:
        return self.items[:40]


class InspectionEvent(Event):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="events")
    visit = models.ForeignKey(
        InspectionVisit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )

    class Meta(Event.Meta):
        verbose_name = "安检记录"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["plan", "at"], name="insp_event_idx")]
