"""Forms of the callback pages; they only parse input, the services decide."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gasdesk.callbacks.models import FAILED_OUTCOMES, AttemptOutcome


class ResultForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("满意度"),
        choices=[("true", _("满意")), ("false", _("不满意"))],
        coerce=lambda value: value == "true",
    )
    words = forms.CharField(label=_("客户意见"), required=False, max_length=2000)
    is_complaint = forms.BooleanField(label=_("转投诉"), required=False)


class AttemptForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("未接通原因"),
        choices=[(o.value, o.label) for o in AttemptOutcome if o in FAILED_OUTCOMES],
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=2000)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("处理结果"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanRecordForm(forms.Form):
    record = forms.CharField(label=_("回访记录"), widget=forms.Textarea(attrs={"rows": 2}))
    report = forms.CharField(
        label=_("回访报告"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanReviewForm(forms.Form):
    comment = forms.CharField(label=_("审查意见"), widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(forms.Form):
    """The satisfaction report's period; defaults to the last 30 days."""

    first = forms.DateField(label=_("开始日期"), required=False)
    last = forms.DateField(label=_("结束日期"), required=False)
    per_unit = forms.BooleanField(label=_("按单位"), required=False)

    def period(self, today: date) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        last = data.get("last") or today
        first = data.get("first") or last - timedelta(days=29)
        return {"first": first, "last": last, "per_unit": bool(data.get("per_unit"))}
