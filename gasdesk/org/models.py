"""Org units (materialised path) and users (ORG-1).

The path (`000001000007`) makes "this unit and everything under it" one indexed range
query on both SQLite and PostgreSQL, with no recursion in Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from gasdesk.org.bodies import BodyKind, BodyPosition

if TYPE_CHECKING:
    from django.db.models import QuerySet

SEGMENT_WIDTH = 6  # one zero-padded id per level: "000001" + "000007" = "000001000007"


def path_successor(path: str) -> str | None:
    """The first digit string after every path that starts with `path`.

    Paths are digits only, so [path, successor) is the subtree in any collation (an ICU
    collation sorts punctuation such as "~" unpredictably). None when `path` is all nines:
    nothing sorts after it.
    """
    following = f"{int(path) + 1:0{len(path)}d}"
    return following if len(following) == len(path) else None


class OrgUnitKind(models.TextChoices):
    """Levels used by the seeds (ORG-1): 集团 → 公司/分公司 → 事业部 → 所属单位 → 部门/班组."""

    GROUP = "group", _("集团")
    COMPANY = "company", _("公司/分公司")
    DIVISION = "division", _("事业部/区域公司")
    UNIT = "unit", _("所属单位/服务网点")
    DEPARTMENT = "department", _("部门")
    TEAM = "team", _("班组")


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def subtree(self, root: OrgUnit) -> OrgUnitQuerySet:
        """The unit and all its descendants: one range scan on the path index."""
        upper = path_successor(root.path)
        subtree = self.filter(path__gte=root.path)
        return subtree if upper is None else subtree.filter(path__lt=upper)


class OrgUnit(models.Model):
    """A node of the organisation tree; every scoped record belongs to one."""

    name = models.CharField("名称", max_length=100)
    code = models.CharField("编码", max_length=40, unique=True)
    kind = models.CharField("层级", max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("路径", max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    company = models.ForeignKey(
        "self",
        verbose_name="所属公司",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="nearest company ancestor (itself for a company); decides the pack",
    )
    standard_company = models.CharField(
        "服务标准包公司代码",
        max_length=40,
        blank=True,
        help_text="on company nodes: the company code of the service-standard pack in force",
    )
    difficulty_coefficient = models.DecimalField(
        "管理难度系数", max_digits=5, decimal_places=3, default=1
    )
    is_urban = models.BooleanField("市区", default=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "组织单元"
        verbose_name_plural = verbose_name
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> QuerySet[OrgUnit]:
        ids = [
            int(self.path[i : i + SEGMENT_WIDTH]) for i in range(0, len(self.path), SEGMENT_WIDTH)
        ]
        return OrgUnit.objects.filter(pk__in=ids).order_by("depth")


class User(AbstractUser):
    """A member of staff; belongs to exactly one org unit, roles are Django groups."""

    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    display_name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    is_committee_member = models.BooleanField(
        "服务管理委员会成员", default=False, help_text="ORG-2: may call back level-1 complaints"
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.display_name or self.username


class ServiceBody(models.Model):
    """A body of a company's service system (ORG-2, ORG-3, ORG-7), see `org.bodies`."""

    company = models.ForeignKey(
        OrgUnit, verbose_name="所属公司", on_delete=models.PROTECT, related_name="service_bodies"
    )
    kind = models.CharField("机构", max_length=30, choices=BodyKind.choices)
    name = models.CharField("名称", max_length=100)

    class Meta:
        verbose_name = "服务管理机构"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["company", "kind"], name="org_body_company_kind_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class BodyMembership(models.Model):
    """One person's post in a body; ended, never deleted, so past responsibility stays."""

    body = models.ForeignKey(
        ServiceBody, verbose_name="机构", on_delete=models.PROTECT, related_name="memberships"
    )
    user = models.ForeignKey(
        User, verbose_name="人员", on_delete=models.PROTECT, related_name="body_memberships"
    )
    position = models.CharField("职务", max_length=20, choices=BodyPosition.choices)
    appointed_at = models.DateTimeField("任命时间")
    appointed_by = models.ForeignKey(
        User, verbose_name="任命人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField("免职时间", null=True, blank=True)
    ended_by = models.ForeignKey(
        User,
        verbose_name="免职人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "机构任职"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["body", "user"],
                condition=models.Q(ended_at__isnull=True),
                name="org_body_member_current_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.user} {self.get_position_display()}"
