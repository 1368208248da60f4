"""Registers of supervision and assessment (KPI-8, ASSESS-6/7, SURV-5).

- `WaitSample`: one customer's waiting time sampled on site at a counter (KPI-8 numerator and
  denominator are a SUM and a COUNT over these rows).
- `Improvement` + `ImprovementEvent`: the improvement and innovation register (ASSESS-6), its
  step moving collect → … → promote, every move appended to the history.
- `StaffSanction`: a disciplinary outcome (or commendation) recorded against a person (ASSESS-7).
- `ChannelReview`: a periodic review of a supervision channel; `exit` retires it (SURV-5).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gasdesk.core.models import Event
from gasdesk.org.models import OrgUnit
from gasdesk.org.scoping import OrgScopedQuerySet


class UnitScopedQuerySet(OrgScopedQuerySet[Any]):
    org_field = "org_unit"


def _unit(label: Any) -> Any:
    return models.ForeignKey(
        OrgUnit, verbose_name=label or _("单位"), on_delete=models.PROTECT, related_name="+"
    )


def _user(label: Any, *, null: bool = True) -> Any:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=null,
        blank=null,
        on_delete=models.PROTECT,
        related_name="+",
    )


class WaitSample(models.Model):
    """KPI-8 (平均等待时间): a customer sampled on site, from taking a number to being served."""

    company = _unit(_("公司"))
    org_unit = _unit(_("营业厅/服务网点"))
    sampled_at = models.DateTimeField(_("抽样时间"))
    sampled_on = models.DateField(_("抽样日期"))  # Shanghai date of sampled_at: the KPI day
    wait_seconds = models.PositiveIntegerField(_("等待时间（秒）"))
    ticket = models.CharField(_("排队号/客户"), max_length=60, blank=True)
    recorded_by = _user(_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("现场等待抽样")
        verbose_name_plural = verbose_name
        indexes = [
            # sources_counter.wait_counts: SUM/COUNT of a unit subtree's samples in a period
            models.Index(fields=["company", "sampled_on"], name="q_wait_co_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sampled_on} {self.wait_seconds}s"


class ImprovementDriver(models.TextChoices):
    """ASSESS-6: what started the improvement (000 item 29)."""

    SUPERVISION = "supervision", _("服务监督发现的问题")
    ENVIRONMENT = "environment", _("内外部环境变化")
    INITIATIVE = "initiative", _("主动提升")


class ImprovementStep(models.TextChoices):
    """ASSESS-6 steps in order (000 item 29; 001 art. 16–19 adds applying the results)."""

    COLLECT = "collect", _("信息收集")
    ANALYSE = "analyse", _("问题分析")
    IMPLEMENT = "implement", _("实施改进")
    MONITOR = "monitor", _("过程监控")
    APPLY = "apply", _("成果应用")
    EVALUATE = "evaluate", _("效果评价")
    PROMOTE = "promote", _("宣传推广")


class ImprovementBenefit(models.TextChoices):
    """ASSESS-6: where a success shows (000 item 30)."""

    QUALITY = "quality", _("提高服务质量")
    EFFICIENCY = "efficiency", _("提高服务效率")
    RESOURCES = "resources", _("提高资源利用率")
    REVENUE = "revenue", _("增加服务收益")
    COST = "cost", _("降低服务成本")
    RISK = "risk", _("降低运营风险")


class Improvement(models.Model):
    """ASSESS-6: one improvement or innovation, with its current step and effect."""

    company = _unit(_("公司"))
    org_unit = _unit(_("实施单位"))
    title = models.CharField(_("改进事项"), max_length=200)
    driver = models.CharField(_("驱动因素"), max_length=20, choices=ImprovementDriver.choices)
    description = models.TextField(_("问题与措施"), blank=True)
    step = models.CharField(
        _("当前环节"),
        max_length=20,
        choices=ImprovementStep.choices,
        default=ImprovementStep.COLLECT,
    )
    benefits = models.JSONField(_("取得成效"), default=list, blank=True)
    is_success = models.BooleanField(_("成果固化"), default=False)
    applies_to_period = models.CharField(_("计入绩效期间"), max_length=7, blank=True)  # 2026-04
    created_by = _user(_("登记人"))
    created_at = models.DateTimeField(_("登记时间"))
    version = models.PositiveIntegerField(default=0)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("改进创新")
        verbose_name_plural = verbose_name
        indexes = [
            # improvement_list: a unit's register, newest first
            models.Index(fields=["org_unit", "-created_at"], name="q_impr_unit_at_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ImprovementEvent(Event):
    """ASSESS-6: every step of an improvement, append-only."""

    improvement = models.ForeignKey(Improvement, on_delete=models.PROTECT, related_name="events")

    class Meta(Event.Meta):
        verbose_name = _("改进创新记录")
        verbose_name_plural = verbose_name


class StaffSanction(models.Model):
    """ASSESS-7: an outcome the handbook allows for a cause, recorded against a person."""

    company = _unit(_("公司"))
    org_unit = _unit(_("所在部门"))
    staff = _user(_("当事人"), null=False)
    cause = models.CharField(_("事由"), max_length=40)  # pack scorecard.discipline.causes code
    outcome = models.CharField(_("处理结果"), max_length=40)  # pack discipline.outcomes code
    decided_on = models.DateField(_("处理日期"))
    amount = models.DecimalField(
        _("经济惩戒金额"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    reference = models.CharField(_("关联记录"), max_length=100, blank=True)  # e.g. WO-2026-…
    facts = models.TextField(_("事实"))
    pack_version = models.CharField(_("标准包版本"), max_length=40)
    recorded_by = _user(_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("奖惩记录")
        verbose_name_plural = verbose_name
        indexes = [
            # sanction_list: a department's outcomes, newest first; a person's record
            models.Index(fields=["org_unit", "-decided_on"], name="q_sanction_unit_on_idx"),
            models.Index(fields=["staff", "-decided_on"], name="q_sanction_staff_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cause} → {self.outcome}"


class ChannelDecision(models.TextChoices):
    KEEP = "keep", _("保留")
    ADJUST = "adjust", _("调整")
    EXIT = "exit", _("退出")


class ChannelReview(models.Model):
    """SURV-5: a channel's periodic review; the newest review decides whether it is in use."""

    company = _unit(_("公司"))
    channel = models.CharField(_("监督渠道"), max_length=40)  # pack scorecard.supervision code
    reviewed_on = models.DateField(_("评估日期"))
    effect = models.TextField(_("作用评估"))
    decision = models.CharField(_("结论"), max_length=10, choices=ChannelDecision.choices)
    reviewed_by = _user(_("评估人"))

    class Meta:
        verbose_name = _("监督渠道评估")
        verbose_name_plural = verbose_name
        indexes = [
            # channel_states: the newest review of each channel of a company
            models.Index(fields=["company", "channel", "-reviewed_on"], name="q_chan_review_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.reviewed_on} {self.decision}"
