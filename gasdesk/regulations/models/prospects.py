"""Intending customers (意向客户, MGR-1…3): prospects with their specialist, the specialist's
service steps (MGR-2) and the yearly rating of specialists (MGR-3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gasdesk.core.models import Event
from gasdesk.org.scoping import OrgScopedQuerySet


class ProspectStatus(models.TextChoices):
    INTENDING = "intending", _("意向中")
    SIGNED = "signed", _("已签约建档")
    DROPPED = "dropped", _("已放弃")


class ProspectStep(models.TextChoices):
    """The specialist's working mode (MGR-2, 002 一.(三)) as steps recorded on a prospect."""

    RECEIVED = "received", _("主动受理、直接服务")
    FORWARDED = "forwarded", _("专员接待、并联办理：向部门负责人反馈需求")
    REPORTED = "reported", _("集中反馈、统一建档：向部门负责人报告服务情况")


class ProspectQuerySet(OrgScopedQuerySet["Prospect"]):
    """Scoped by the unit that keeps the prospect."""


class Prospect(models.Model):
    """An intending customer with gas needs (有燃气意向和需求的用户、企业, MGR-1).

    Every intending customer has at least one specialist (客户服务专员); when they sign, the
    prospect becomes a Customer in the archive and keeps the link (`customer`).
    """

    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="所属单位", on_delete=models.PROTECT, related_name="+"
    )
    company_name = models.CharField("意向客户（单位/个人）", max_length=200)
    contact_name = models.CharField("联系人", max_length=60)
    contact_phone = models.CharField("联系电话", max_length=30)
    address = models.CharField("用气地址", max_length=200, blank=True)
    expected_volume_m3_per_day = models.DecimalField(
        "预计日用气量(m³/日)", max_digits=12, decimal_places=2, default=0
    )
    needs = models.TextField("用气需求", blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="客户服务专员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=12, choices=ProspectStatus.choices, default=ProspectStatus.INTENDING
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name="签约后客户档案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProspectQuerySet.as_manager()

    class Meta:
        verbose_name = "意向客户"
        verbose_name_plural = verbose_name
        constraints = [
            # convert_prospect: one prospect per archived customer.
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(customer__isnull=False),
                name="prospect_customer_uniq",
            )
        ]
        indexes = [
            # prospects_without_manager(): a unit's intending prospects lacking a specialist.
            models.Index(
                fields=["org_unit"],
                name="prospect_unmanaged_idx",
                condition=Q(status="intending", manager__isnull=True),
            ),
            # manager_prospects(): the specialist's own intending prospects (portfolio).
            models.Index(
                fields=["manager"], name="prospect_manager_idx", condition=Q(status="intending")
            ),
        ]

    def __str__(self) -> str:
        return self.company_name


class ProspectEvent(Event):
    """Registered, specialist assigned, service steps (MGR-2), signed, dropped; append-only."""

    prospect = models.ForeignKey(Prospect, on_delete=models.PROTECT, related_name="events")

    class Meta(Event.Meta):
        verbose_name = "意向客户服务记录"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["prospect", "at"], name="prospect_event_idx")]


class ManagerGrade(models.TextChoices):
    """MGR-3 (002 一.(四)): the yearly evaluation of a specialist."""

    COMMENDED = "commended", _("工作成绩好、评价好，通报表扬")
    QUALIFIED = "qualified", _("称职")
    POOR = "poor", _("服务不到位、造成不良影响，通报所在部门处理")


class ManagerRatingQuerySet(OrgScopedQuerySet["ManagerRating"]):
    """Scoped by the specialist's unit, so the department head sees their specialists."""


class ManagerRating(Event):
    """One specialist's rating for a year (MGR-3); one per year, never edited."""

    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="客户服务专员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="所属单位", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    grade = models.CharField("评定结果", max_length=12, choices=ManagerGrade.choices)

    objects = ManagerRatingQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = "客户服务专员年度评定"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["manager", "year"], name="manager_rating_year_uniq")
        ]
        indexes = [
            # year_ratings(): a unit's ratings of one year.
            models.Index(fields=["year", "org_unit"], name="manager_rating_year_idx"),
        ]
