"""Hotline call records (AGENT-1…6, KPI-6…8): imports, raw queue events, calls, agent time.

Raw events are stored once (unique per source line content), calls and agent intervals are
derived from them by `callrecords.loading`; figures are aggregate queries over the derived rows.
Every row belongs to the company (OrgUnit) whose call centre produced it, the scope unit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gasdesk.core.models import Event
from gasdesk.org.models import OrgUnit
from gasdesk.org.scoping import OrgScopedQuerySet


class CompanyScopedQuerySet(OrgScopedQuerySet[Any]):
    org_field = "company"


class CallFormat(models.TextChoices):
    QUEUE_LOG = "queue_log", _("Asterisk queue_log")
    CSV = "csv", _("通话记录CSV")


class CallExitChoice(models.TextChoices):
    """排队结果; values match standards.sections.hotline.CallExit (the pack's lost_exits)."""

    COMPLETED = "completed", _("已接听")
    TRANSFERRED = "transferred", _("已接听并转接")
    ANSWERED = "answered", _("已接听(无结束记录)")
    ABANDONED = "abandoned", _("排队中放弃")
    TIMEOUT = "timeout", _("排队超时")
    KEY = "key", _("按键离开")
    EMPTY = "empty", _("无坐席")
    UNFINISHED = "unfinished", _("未结束")


class IntervalKindChoice(models.TextChoices):
    LOGGED_IN = "logged_in", _("签入")
    AWAY = "away", _("离席")
    WRAP_UP = "wrap_up", _("话后处理")


def _company(*, db_index: bool = True) -> Any:
    """The company FK; tables whose composite indexes start with it skip the single index."""
    return models.ForeignKey(
        OrgUnit,
        verbose_name=_("公司"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=db_index,
    )


class CallImport(models.Model):
    """One import run of a call-record file and what it met (the report shown to the user)."""

    company = _company()
    source = models.CharField(_("来源系统"), max_length=60)
    file_name = models.CharField(_("文件名"), max_length=255)
    file_format = models.CharField(_("格式"), max_length=20, choices=CallFormat.choices)
    sha256 = models.CharField(max_length=64)
    started_at = models.DateTimeField(_("开始时间"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lines = models.PositiveIntegerField(_("行数"), default=0)
    events_parsed = models.PositiveIntegerField(_("解析事件数"), default=0)
    events_imported = models.PositiveIntegerField(_("新增事件数"), default=0)
    duplicates = models.PositiveIntegerField(_("重复事件数"), default=0)
    calls_rebuilt = models.PositiveIntegerField(_("重建通话数"), default=0)
    intervals_added = models.PositiveIntegerField(_("新增坐席时段数"), default=0)
    report = models.JSONField(_("导入报告"), default=dict)

    objects = CompanyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("话务记录导入")
        verbose_name_plural = verbose_name
        ordering = ["-started_at", "-id"]
        # call_import_list: newest imports of the visible companies
        indexes = [models.Index(fields=["company", "-started_at"], name="quality_import_recent")]

    def __str__(self) -> str:
        return self.file_name


class CallImportEvent(Event):
    """Append-only history of imports (who imported what file, with which result)."""

    call_import = models.ForeignKey(CallImport, on_delete=models.PROTECT, related_name="events")


class QueueLogEntry(models.Model):
    """One raw queue event, stored once: the unique key makes a re-import add nothing."""

    company = _company(db_index=False)  # led by quality_entry_call
    source = models.CharField(max_length=60)
    at = models.DateTimeField()
    callid = models.CharField(max_length=64)
    queue = models.CharField(max_length=80)
    agent = models.CharField(max_length=120)  # as written (interface or member name)
    agent_name = models.CharField(max_length=120)  # member name after resolution
    event = models.CharField(max_length=30)
    data = models.CharField(max_length=500)
    data_hash = models.CharField(max_length=16)
    caller = models.CharField(max_length=40, blank=True)
    wait_seconds = models.IntegerField(null=True)
    talk_seconds = models.IntegerField(null=True)
    ring_seconds = models.IntegerField(null=True)
    call_import = models.ForeignKey(
        CallImport, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # led by quality_entry_import

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "company",
                    "source",
                    "at",
                    "callid",
                    "event",
                    "agent",
                    "queue",
                    "data_hash",
                ],
                name="quality_queue_entry_once",
            )
        ]
        indexes = [
            # loading.rebuild_calls: all events of the calls touched by an import
            models.Index(fields=["company", "source", "callid"], name="quality_entry_call"),
            # loading.rebuild_calls: the callids an import added
            models.Index(fields=["call_import", "callid"], name="quality_entry_import"),
            # selectors.agent_months: RINGNOANSWER per agent in a month
            models.Index(fields=["company", "event", "at"], name="quality_entry_event_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.event} {self.callid}"


class HotlineAgent(models.Model):
    """An agent name seen in the call records (坐席), linked to a user and a shift (班次)."""

    company = _company()
    source = models.CharField(_("来源系统"), max_length=60)
    name = models.CharField(_("坐席名"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_agents",
    )
    shift = models.CharField(_("班次"), max_length=40, blank=True)

    objects = CompanyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("热线坐席")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["company", "source", "name"], name="quality_agent_once")
        ]

    def __str__(self) -> str:
        return self.name


class HotlineAgentEvent(Event):
    """Append-only history of an agent's link to a user and shift (who changed it, when)."""

    agent = models.ForeignKey(HotlineAgent, on_delete=models.PROTECT, related_name="events")


class HotlineCall(models.Model):
    """One call through the queue, rebuilt from its raw events (never edited by hand)."""

    company = _company(db_index=False)  # every index starts with company
    source = models.CharField(max_length=60)
    callid = models.CharField(max_length=64)
    queue = models.CharField(max_length=80)
    caller = models.CharField(max_length=40, blank=True)
    entered_at = models.DateTimeField()
    entered_on = models.DateField()  # Shanghai date of entered_at: the KPI day
    wait_seconds = models.IntegerField(null=True)
    is_answered = models.BooleanField(default=False)
    answered_by = models.CharField(max_length=120, blank=True)
    ring_attempts = models.PositiveIntegerField(default=0)  # agents rung before the answer
    talk_seconds = models.IntegerField(null=True)
    exit = models.CharField(max_length=20, choices=CallExitChoice.choices)

    objects = CompanyScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "source", "callid"], name="quality_call_once"
            )
        ]
        indexes = [
            # selectors.hotline_kpis: calls of a company per day / month
            models.Index(fields=["company", "entered_on"], name="quality_call_day"),
            # selectors.agent_months: answered calls per agent in a month
            models.Index(
                fields=["company", "answered_by", "entered_on"], name="quality_call_agent"
            ),
        ]

    def __str__(self) -> str:
        return self.callid


class AgentTime(models.Model):
    """A closed agent interval: logged in, away (离席) or after-call work (话后处理)."""

    company = _company(db_index=False)  # every index starts with company
    source = models.CharField(max_length=60)
    agent_name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=IntervalKindChoice.choices)
    started_at = models.DateTimeField()
    started_on = models.DateField()  # Shanghai date: the shift day
    seconds = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "source", "agent_name", "kind", "started_at"],
                name="quality_agent_time_once",
            )
        ]
        indexes = [
            # selectors.agent_months: time per agent and kind in a month
            models.Index(fields=["company", "started_on", "agent_name"], name="quality_time_day"),
        ]

    def __str__(self) -> str:
        return f"{self.agent_name} {self.kind} {self.seconds}s"


# Supervision (SURV, SCORE-6…13, ASSESS-4/5) and register (KPI-8, ASSESS-6/7, SURV-5) models.
from gasdesk.quality.models_facts import (  # noqa: E402, F401
    OrderCompletionFact,
    OrderDayFact,
    OrderFactMark,
)
from gasdesk.quality.models_register import (  # noqa: E402, F401
    ChannelReview,
    Improvement,
    ImprovementEvent,
    StaffSanction,
    WaitSample,
)
from gasdesk.quality.models_supervision import (  # noqa: E402, F401
    Award,
    Evaluation,
    Inspection,
    InspectionFinding,
    ScoreEvent,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    TierServiceFinding,
)
