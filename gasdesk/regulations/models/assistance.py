"""Agency-assistance desk (帮办代办, HELP-1…4): desk records and the helpers' monthly tests."""

from __future__ import annotations

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
