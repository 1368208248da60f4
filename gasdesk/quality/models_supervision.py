"""Supervision records (SURV-3/4, SCORE-6…13, ASSESS-4/5): inspections, surveys, evaluations.

- `Inspection` (检查) and mystery-shopper visits (神秘顾客, SURV-3) against a unit or a person,
  scored with one checklist of the pack's scorecard; `InspectionFinding` per checklist row.
- `Survey` (满意度调查, SURV-4): questions, responses (a customer or a free respondent) and the
  response's overall satisfaction, so KPI-18 is one COUNT over responses.
- `Evaluation` (考核评价): a unit's or division's stored score for a period, the inputs it used,
  the scorer's result JSON, grade and rank; also 巢湖's annual / department assessments.
- `ScoreEvent`: the append-only history of every change to findings and scores.
- `TierServiceFinding` (ASSESS-4) and `Award` (ASSESS-5): plain rows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gasdesk.core.models import Event
from gasdesk.customers.models import Customer
from gasdesk.org.models import OrgUnit
from gasdesk.org.scoping import OrgScopedQuerySet


class UnitScopedQuerySet(OrgScopedQuerySet[Any]):
    org_field = "org_unit"


def _unit(label: Any = None) -> Any:
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


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("服务检查")
    MYSTERY_SHOPPER = "mystery_shopper", _("神秘顾客")


class Inspection(models.Model):
    """One inspection or mystery-shopper visit, scored against one checklist of the pack."""

    company = _unit(_("公司"))
    org_unit = _unit(_("被检查单位"))
    person = _user(_("被检查人员"))
    kind = models.CharField(_("类型"), max_length=20, choices=InspectionKind.choices)
    checklist = models.CharField(_("检查表"), max_length=40)  # ItemGroup.code, e.g. hotline
    pack_version = models.CharField(_("标准包版本"), max_length=40)
    inspected_at = models.DateTimeField(_("检查时间"))
    inspector = _user(_("检查人"))
    inspector_name = models.CharField(_("检查人姓名"), max_length=150)
    report = models.TextField(_("检查报告"), blank=True)
    score = models.DecimalField(_("得分"), max_digits=8, decimal_places=2)
    max_points = models.DecimalField(_("适用项满分"), max_digits=8, decimal_places=2)
    version = models.PositiveIntegerField(default=0)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务检查")
        verbose_name_plural = verbose_name
        indexes = [
            # the inspection list of a unit, newest first; finding counts of a period
            models.Index(fields=["org_unit", "-inspected_at"], name="q_insp_unit_at_idx"),
            # SURV-3: mystery-shopper visits of a company in a year
            models.Index(fields=["company", "kind", "inspected_at"], name="q_insp_co_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.checklist} {self.inspected_at:%Y-%m-%d}"


class InspectionFinding(models.Model):
    """A checklist row's result: findings counted, or an inspector's score (SCORE-7)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item_code = models.CharField(_("评分项"), max_length=40)  # row code or finding-class code
    count = models.PositiveIntegerField(_("发现次数"), default=0)
    manual_score = models.DecimalField(
        _("酌情得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    evidence = models.TextField(_("证据/说明"), blank=True)

    class Meta:
        verbose_name = _("检查发现")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item_code"], name="q_insp_finding_uniq_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_code} × {self.count}"


class Survey(models.Model):
    """SURV-4: a satisfaction survey of a unit (questionnaire, sample, answers)."""

    company = _unit(_("公司"))
    org_unit = _unit(_("组织单位"))
    title = models.CharField(_("调查名称"), max_length=200)
    method = models.CharField(_("调查方式"), max_length=60, blank=True)
    organiser = models.CharField(_("调查主体"), max_length=100, blank=True)  # SURV-4 plan
    target_customers = models.CharField(_("调查对象"), max_length=200, blank=True)
    sample_size = models.PositiveIntegerField(_("计划样本量"), null=True, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    created_by = _user(_("创建人"))
    created_at = models.DateTimeField(_("创建时间"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("满意度调查")
        verbose_name_plural = verbose_name
        indexes = [
            # KPI-18: the surveys of a unit subtree ending in a period
            models.Index(fields=["org_unit", "ends_on"], name="q_survey_unit_end_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    """One question; the `is_overall` one decides whether a response is satisfied."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("问题"), max_length=300)
    is_overall = models.BooleanField(_("总体满意度问题"), default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="q_survey_q_uniq_pos"),
            models.UniqueConstraint(
                fields=["survey"], condition=models.Q(is_overall=True), name="q_survey_one_overall"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class SatisfactionLevel(models.IntegerChoices):
    """The five-level scale; the top two count as satisfied (platform choice, SURV-4)."""

    VERY_DISSATISFIED = 1, _("很不满意")
    DISSATISFIED = 2, _("不满意")
    NEUTRAL = 3, pgettext_lazy("survey answer", "一般")  # not the tier "一般" (general)
    SATISFIED = 4, _("满意")
    VERY_SATISFIED = 5, _("很满意")


SATISFIED_LEVELS = (SatisfactionLevel.SATISFIED, SatisfactionLevel.VERY_SATISFIED)


class SurveyResponse(models.Model):
    """One respondent's answers; `is_satisfied` is the overall answer, stored for KPI-18."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    respondent = models.CharField(_("受访者"), max_length=100, blank=True)
    answered_at = models.DateTimeField(_("答卷时间"))
    is_satisfied = models.BooleanField(_("满意"))
    answers = models.JSONField(_("答案"), default=dict)  # question position -> level
    recorded_by = _user(_("录入人"))

    class Meta:
        verbose_name = _("调查答卷")
        verbose_name_plural = verbose_name
        indexes = [
            # KPI-18 / SURV-4: COUNT(satisfied) / COUNT(*) per survey
            models.Index(fields=["survey", "is_satisfied"], name="q_resp_survey_sat_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.respondent or self.customer_id}"


class EvaluationKind(models.TextChoices):
    UNIT = "unit", _("所属单位评价")
    DIVISION = "division", _("事业部评价")
    ANNUAL = "annual", _("年度综合服务质量评价")
    DEPARTMENT = "department", _("部门月度考核")
    DEPARTMENT_QUARTER = "department_quarter", _("部门季度考核")
    DEPARTMENT_YEAR = "department_year", _("部门年度考核")


class Evaluation(models.Model):
    """A stored score of one unit for one period: inputs, result, grade and rank."""

    company = _unit(_("公司"))
    org_unit = _unit(_("被评价单位"))
    kind = models.CharField(_("类型"), max_length=20, choices=EvaluationKind.choices)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))  # exclusive
    pack_version = models.CharField(_("标准包版本"), max_length=40)
    inputs = models.JSONField(_("评价输入"), default=dict)
    result = models.JSONField(_("评分结果"), default=dict)
    published = models.DecimalField(_("得分"), max_digits=8, decimal_places=2, null=True)
    grade = models.CharField(_("等级"), max_length=20, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    computed_at = models.DateTimeField(_("计算时间"))
    computed_by = _user(_("计算人"))
    subject = models.CharField(_("评价主体"), max_length=40, blank=True)  # ASSESS-1 pack code
    method = models.CharField(_("评价方式"), max_length=40, blank=True)  # SCORE-2 pack code
    version = models.PositiveIntegerField(default=0)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核评价")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "kind", "period_start", "period_end"],
                name="q_eval_uniq_unit_period",
            )
        ]
        indexes = [
            # the ranking of a company's units for a period (ORDER BY published DESC)
            models.Index(
                fields=["company", "kind", "period_start", "-published"], name="q_eval_rank_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start}: {self.published}"


class ScoreEvent(Event):
    """SCORE-7/13: every change to findings or scores, append-only."""

    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )

    class Meta(Event.Meta):
        verbose_name = _("评分历史")
        verbose_name_plural = verbose_name


class TierServiceFinding(models.Model):
    """ASSESS-4: a confirmed finding that a department did not serve a tier to standard."""

    company = _unit(_("公司"))
    org_unit = _unit(_("部门"))
    staff = _user(_("责任人"))
    found_on = models.DateField(_("发现日期"))
    description = models.TextField(_("事实"))
    points = models.DecimalField(_("扣分"), max_digits=6, decimal_places=2)
    recorded_by = _user(_("记录人"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("分级服务检查发现")
        verbose_name_plural = verbose_name
        indexes = [
            # ASSESS-4: a department's findings in a year (award eligibility)
            models.Index(fields=["org_unit", "found_on"], name="q_tierfind_unit_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.found_on} −{self.points}"


class AwardKind(models.TextChoices):
    SERVICE_STAR = "service_star", _("服务之星奖")
    MONTHLY_STAR = "monthly_star", _("月度服务之星")
    INNOVATION = "innovation", _("服务创新奖")
    QUALITY_TEAM = "quality_team", _("优质服务班组奖")
    INNOVATION_TEAM = "innovation_team", _("创新团队奖")


class Award(models.Model):
    """ASSESS-5: an award to a person or a team for a period; criteria are the committee's."""

    company = _unit(_("公司"))
    org_unit = _unit(_("获奖单位/班组"))
    person = _user(_("获奖人"))
    kind = models.CharField(_("奖项"), max_length=20, choices=AwardKind.choices)
    period = models.CharField(_("期间"), max_length=20)  # 2026 or 2026-04
    reason = models.TextField(_("事迹"), blank=True)
    awarded_by = _user(_("评定人"))
    awarded_on = models.DateField(_("评定日期"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务奖项")
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["company", "period"], name="q_award_co_period_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period}"
