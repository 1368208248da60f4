"""Agency-assistance desk (帮办代办, HELP-1…4): desk records, the duty roster, monthly tests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gasdesk.core.models import Event
from gasdesk.org.scoping import OrgScopedQuerySet
from gasdesk.regulations.models.base import AtUnit


class AssistanceService(models.TextChoices):
    """The desk's services (HELP-3)."""

    CONSULTATION = "consultation", _("办事咨询")
    FULL_HELP = "full_help", _("全程帮办")
    DOCUMENT_CHECK = "document_check", _("材料预审")
    ENTRUSTED = "entrusted", _("受托协办行政审批")
    REFLECTION = "reflection", _("办不成事反映")


class AssistanceQuerySet(OrgScopedQuerySet["AssistanceRecord"]):
    """Scoped by the service centre of the desk."""


class AssistanceRecord(Event, AtUnit):
    """One customer served at the 办不成事反映窗口 desk (HELP-1/3); append-only.

    A document check copies the missing documents from the pack, all at once, as NOTIFY-2.
    """

    customer_name = models.CharField("办事群众/企业", max_length=100)
    service = models.CharField("服务内容", max_length=20, choices=AssistanceService.choices)
    matter_code = models.CharField("办理事项代码", max_length=40, blank=True)
    matter_name = models.CharField("办理事项", max_length=100, blank=True)
    documents_complete = models.BooleanField("材料齐全", null=True, blank=True)
    missing_documents = models.JSONField("缺少材料及补齐途径", default=list, blank=True)
    duty_helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="值班帮办代办员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AssistanceQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = "帮办代办记录"
        verbose_name_plural = verbose_name
        indexes = [
            # assistance_log(): a centre's records, newest first.
            models.Index(fields=["org_unit", "-at"], name="assistance_log_idx"),
        ]


class HelperTest(Event):
    """A helper's monthly test (HELP-4); below the pack's pass mark means off-post study."""

    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="帮办代办员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    taken_on = models.DateField("考核日期")
    score = models.PositiveSmallIntegerField("成绩")
    off_post_study_days = models.PositiveSmallIntegerField("离岗学习天数", default=0)

    class Meta(Event.Meta):
        verbose_name = "帮办代办员考核"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["helper", "-taken_on"], name="helper_test_idx")]


class DutyRole(models.TextChoices):
    """HELP-2: who staffs the desk (专职 or 窗口帮办代办员)."""

    WINDOW = "window", _("窗口帮办代办员")
    FULL_TIME = "full_time", _("专职帮办代办员")


class DutyShiftQuerySet(OrgScopedQuerySet["DutyShift"]):
    """Scoped by the service centre of the desk."""


class DutyShift(models.Model):
    """One helper on the assistance desk's roster for a day (HELP-2).

    An absence is covered by a substitute (替岗) recorded on the row; the rostered helper stays,
    so the roster keeps who was planned and who actually stood. The helper is due on post the
    pack's minutes before `starts_at`.
    """

    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name="服务中心", on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField("值班日期")
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="帮办代办员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField("岗位", max_length=12, choices=DutyRole.choices)
    starts_at = models.DateTimeField("上岗时间")
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="替岗人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    substitute_reason = models.CharField("替岗原因", max_length=200, blank=True)
    on_post_at = models.DateTimeField("到岗时间", null=True, blank=True)
    on_post_on_time = models.BooleanField("提前到岗", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="排班人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DutyShiftQuerySet.as_manager()

    class Meta:
        verbose_name = "帮办代办值班"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "on", "helper"], name="duty_helper_day_uniq"
            )
        ]
        indexes = [
            # duty_roster() and duty_person(): a centre's shifts of a day (and the days after).
            models.Index(fields=["org_unit", "on", "starts_at"], name="duty_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.helper}"

    @property
    def acting(self) -> Any:
        """Who actually stands: the substitute when one covers the absence."""
        return self.substitute or self.helper
