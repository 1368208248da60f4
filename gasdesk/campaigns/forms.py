"""Forms of the campaign pages; they only collect input, the services judge it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gasdesk.campaigns.models import OutageKind, SelectionKind, VisitOutcome
from gasdesk.org.models import OrgUnit


class OutageForm(forms.Form):
    org_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=OrgUnit.objects.none())
    title = forms.CharField(label=_("名称"), max_length=120)
    kind = forms.ChoiceField(label=_("类型"), choices=OutageKind.choices)
    reason = forms.CharField(label=_("原因"), max_length=200)
    area_text = forms.CharField(label=_("停气区域（通知用语）"), max_length=200)
    selection_kind = forms.ChoiceField(label=_("选择方式"), choices=SelectionKind.choices)
    selection_value = forms.CharField(
        label=_("选择条件"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("片区：单位编号；地址：街道/小区/楼栋名称；户号清单：每行一个户号"),
    )
    starts_at = forms.DateTimeField(
        label=_("停气时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    planned_restore_at = forms.DateTimeField(
        label=_("计划恢复时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args: object, units: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]


class PlanForm(forms.Form):
    org_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args: object, units: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]


class VisitOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("结果"), choices=[c for c in VisitOutcome.choices if c[0] != VisitOutcome.PENDING]
    )
    note = forms.CharField(label=_("说明"), required=False)
    hazard_items = forms.CharField(label=_("隐患内容"), required=False)


class DeclineForm(forms.Form):
    reasons = forms.CharField(label=_("不能通气原因"), widget=forms.Textarea(attrs={"rows": 3}))
