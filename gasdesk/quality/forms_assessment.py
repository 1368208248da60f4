"""Forms of the assessment and register pages: parse input only; services decide the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gasdesk.org.models import OrgUnit, User
from gasdesk.quality.models_register import (
    ChannelDecision,
    ImprovementBenefit,
    ImprovementDriver,
)
from gasdesk.quality.models_supervision import AwardKind

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PERIOD_KINDS = [("month", _("月度")), ("quarter", _("季度")), ("year", _("年度"))]


class SurveyMethod:
    """SURV-4 methods (001 art. 7 (二) 1 (3)) and SURV-7 third-party surveys: form choices."""

    CHOICES = [
        ("questionnaire", _("问卷调查")),
        ("forum", _("客户座谈会")),
        ("counter", _("营业厅现场调查")),
        ("system", _("系统及营业厅满意度数据")),
        ("home_visit", _("入户走访调查")),
        ("online", _("微信及网络调查")),
        ("phone", _("电话调查")),
        ("third_party", _("第三方调查")),
    ]


class _Scoped(forms.Form):
    """A form whose `unit` (and `person`) choices are the user's scope."""

    def __init__(self, *args: Any, units: Any, people: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        for name in ("person", "staff"):
            if name in self.fields and people is not None:
                self.fields[name].queryset = people  # type: ignore[attr-defined]


def _unit_field(label: str = "单位") -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(label=_(label), queryset=OrgUnit.objects.none())


class EvaluationForm(_Scoped):
    """SCORE-1…13: score a unit's period with the 1000-point table (figures from the system)."""

    unit = _unit_field("被评价单位")
    period_kind = forms.ChoiceField(label=_("期间类型"), choices=PERIOD_KINDS)
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    number = forms.IntegerField(label=_("月份/季度"), min_value=1, max_value=12, required=False)
    method = forms.ChoiceField(label=_("评价方式"), required=False)
    reason = forms.CharField(label=_("说明"), required=False)

    def __init__(self, *args: Any, units: Any, manual_items: Any = (), **kwargs: Any):
        """SCORE-7: one score field per 酌情 row (blank + 不适用 excludes it, SCORE-10)."""
        super().__init__(*args, units=units, **kwargs)
        for item in manual_items:
            self.fields[f"manual_{item.code}"] = forms.DecimalField(
                label=f"{item.code} {item.title}（0–{item.points}）",
                min_value=0,
                max_value=item.points,
                required=False,
            )
            self.fields[f"na_{item.code}"] = forms.BooleanField(
                label=_("%(code)s 不适用") % {"code": item.code}, required=False
            )

    def entry_parts(self) -> tuple[dict[str, Any], frozenset[str]]:
        """(manual scores, not-applicable codes) from the cleaned data."""
        data = self.cleaned_data
        manual = {
            k.removeprefix("manual_"): v
            for k, v in data.items()
            if k.startswith("manual_") and v is not None
        }
        skipped = frozenset(
            k.removeprefix("na_") for k, v in data.items() if k.startswith("na_") and v
        )
        return manual, skipped


class DepartmentRunForm(forms.Form):
    """ASSESS-3: run the quarter or the year for every department of the company."""

    period_kind = forms.ChoiceField(
        label=_("期间类型"), choices=[("quarter", _("季度")), ("year", _("年度"))]
    )
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    quarter = forms.IntegerField(label=_("季度"), min_value=1, max_value=4, required=False)
    subject = forms.ChoiceField(label=_("评价主体"), required=False)


class SurveyForm(_Scoped):
    """SURV-4: the plan (organiser, object, method, sample) and the questionnaire."""

    unit = _unit_field("组织单位")
    title = forms.CharField(label=_("调查名称"), max_length=200)
    method = forms.ChoiceField(label=_("调查方式"), choices=SurveyMethod.CHOICES)
    organiser = forms.CharField(label=_("调查主体"), max_length=100, required=False)
    target_customers = forms.CharField(label=_("调查对象"), max_length=200, required=False)
    sample_size = forms.IntegerField(label=_("计划样本量"), min_value=1, required=False)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)
    questions = forms.CharField(
        label=_("问题（每行一题）"), widget=forms.Textarea(attrs={"rows": 6})
    )
    overall = forms.IntegerField(label=_("总体满意度问题序号"), min_value=1)


class AwardForm(_Scoped):
    """ASSESS-5: an individual (服务之星, 月度服务之星, 服务创新) or team award."""

    unit = _unit_field("获奖单位/班组")
    kind = forms.ChoiceField(label=_("奖项"), choices=AwardKind.choices)
    period = forms.CharField(label=_("期间（YYYY 或 YYYY-MM）"), max_length=7)
    person = forms.ModelChoiceField(label=_("获奖人"), queryset=User.objects.none(), required=False)
    awarded_on = forms.DateField(label=_("评定日期"), widget=DATE)
    reason = forms.CharField(label=_("事迹"), widget=forms.Textarea(attrs={"rows": 3}))


class ImprovementForm(_Scoped):
    unit = _unit_field("实施单位")
    title = forms.CharField(label=_("改进事项"), max_length=200)
    driver = forms.ChoiceField(label=_("驱动因素"), choices=ImprovementDriver.choices)
    description = forms.CharField(
        label=_("问题与措施"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class StepForm(forms.Form):
    """ASSESS-6: close the current step; benefits and period count at 效果评价."""

    note = forms.CharField(label=_("本环节工作记录"), widget=forms.Textarea(attrs={"rows": 3}))
    benefits = forms.MultipleChoiceField(
        label=_("取得成效"),
        choices=ImprovementBenefit.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_success = forms.BooleanField(label=_("成果固化并推广"), required=False)
    applies_to_period = forms.CharField(
        label=_("计入绩效期间（YYYY-MM）"), max_length=7, required=False
    )


class SanctionForm(_Scoped):
    """ASSESS-7: the cause and outcome choices come from the pack."""

    staff = forms.ModelChoiceField(label=_("当事人"), queryset=User.objects.none())
    cause = forms.ChoiceField(label=_("事由"))
    outcome = forms.ChoiceField(label=_("处理结果"))
    decided_on = forms.DateField(label=_("处理日期"), widget=DATE)
    amount = forms.DecimalField(
        label=_("经济惩戒金额（元）"), min_value=0, decimal_places=2, required=False
    )
    reference = forms.CharField(label=_("关联记录"), max_length=100, required=False)
    facts = forms.CharField(label=_("事实"), widget=forms.Textarea(attrs={"rows": 3}))


class WaitSampleForm(_Scoped):
    """KPI-8: one customer sampled on site at the counter."""

    unit = _unit_field("营业厅/服务网点")
    sampled_at = forms.DateTimeField(label=_("抽样时间"), widget=DATETIME)
    wait_minutes = forms.DecimalField(
        label=_("等待时间（分钟）"), min_value=0, max_digits=6, decimal_places=1
    )
    ticket = forms.CharField(label=_("排队号/客户"), max_length=60, required=False)


class ChannelReviewForm(forms.Form):
    """SURV-5: a channel's periodic review; 退出 retires it."""

    channel = forms.ChoiceField(label=_("监督渠道"))
    decision = forms.ChoiceField(label=_("结论"), choices=ChannelDecision.choices)
    reviewed_on = forms.DateField(label=_("评估日期"), widget=DATE)
    effect = forms.CharField(label=_("作用评估"), widget=forms.Textarea(attrs={"rows": 3}))
