"""Forms of the callback pages; they only parse input, the services decide."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gasdesk.callbacks.models import (
    FAILED_OUTCOMES,
    AttemptOutcome,
    CallbackPlan,
    PlanKind,
    PlanStatus,
    Satisfaction,
)
from gasdesk.callbacks.questions import NO, YES
from gasdesk.standards.sections.callbacks import CallbackQuestion

ANSWER_PREFIX = "q_"


class ResultForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("满意度"),
        choices=[("true", _("满意")), ("false", _("不满意"))],
        coerce=lambda value: value == "true",
    )
    words = forms.CharField(label=_("客户意见"), required=False, max_length=2000)
    is_complaint = forms.BooleanField(label=_("转投诉"), required=False)


def answers_from(data: Mapping[str, Any]) -> dict[str, str]:
    """CB-10: the answers posted as q_<item code> (the service checks them against the pack)."""
    return {
        key.removeprefix(ANSWER_PREFIX): str(value)
        for key, value in data.items()
        if key.startswith(ANSWER_PREFIX)
    }


def answered_rows(
    questions: Sequence[CallbackQuestion], answers: Mapping[str, str]
) -> list[tuple[str, str]]:
    """CB-10: a done task's items with their answers, in the pack's order (是/否 spelled out)."""
    labels = {YES: _("是"), NO: _("否")}
    return [
        (
            q.text,
            str(
                labels.get(answers[q.code], answers[q.code])
                if q.answer == "yes_no"
                else answers[q.code]
            ),
        )
        for q in questions
        if q.code in answers
    ]


def answer_fields(questions: Sequence[CallbackQuestion]) -> list[dict[str, Any]]:
    """The callback record form's items for the template: name, text, kind and choices."""
    choices = [(YES, _("是")), (NO, _("否"))]
    return [
        {"name": f"{ANSWER_PREFIX}{q.code}", "text": q.text, "kind": q.answer, "choices": choices}
        for q in questions
    ]


class AttemptForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("未接通原因"),
        choices=[(o.value, o.label) for o in AttemptOutcome if o in FAILED_OUTCOMES],
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=2000)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("处理结果"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanCreateForm(forms.Form):
    """客户回访计划 (CB-13): the customer by account number, the kind, and its dates."""

    account_no = forms.CharField(label=_("户号"), max_length=32)
    kind = forms.ChoiceField(label=_("回访类型"), choices=PlanKind.choices)
    start_on = forms.DateField(
        label=_("验收/通气日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    due_on = forms.DateField(
        label=_("计划回访日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    purpose = forms.CharField(label=_("回访目的"), required=False, max_length=200)
    content = forms.CharField(
        label=_("回访内容"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanScheduleForm(forms.Form):
    agreed_at = forms.DateTimeField(
        label=_("约定回访时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    content = forms.CharField(
        label=_("回访内容"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanRecordForm(forms.Form):
    record = forms.CharField(label=_("回访记录"), widget=forms.Textarea(attrs={"rows": 3}))


class PlanReportForm(forms.Form):
    report = forms.CharField(
        label=_("回访报告（汇总与评价）"), widget=forms.Textarea(attrs={"rows": 3})
    )
    evaluation = forms.ChoiceField(label=_("回访评价"), choices=Satisfaction.choices)


class PlanReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审查结论"), choices=[("approve", _("通过")), ("return", _("退回修改"))]
    )
    comment = forms.CharField(label=_("审查意见"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanFilterForm(forms.Form):
    """The plan list: pending ones by default; reviewed plans kept by kind (CB-14 归档)."""

    kind = forms.ChoiceField(
        label=_("回访类型"), required=False, choices=[("", _("全部")), *PlanKind.choices]
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("未审查完")), *PlanStatus.choices]
    )

    def filters(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return {k: v for k, v in data.items() if v}


# step of plans.STEPS (or "schedule") -> the form that parses its input
PLAN_STEP_FORMS: dict[str, type[forms.Form]] = {
    "schedule": PlanScheduleForm,
    "record": PlanRecordForm,
    "submit": PlanReportForm,
    "review": PlanReviewForm,
}


def plan_step_forms(plan: CallbackPlan, steps: Sequence[str]) -> dict[str, forms.Form]:
    """The empty forms of the steps a plan allows now (the review form for approve/return)."""
    names = {"review" if s in ("approve", "return") else s for s in steps}
    if plan.status == PlanStatus.PLANNED:
        names.add("schedule")
    initial = {"submit": {"report": plan.report, "evaluation": plan.evaluation}}
    return {n: PLAN_STEP_FORMS[n](initial=initial.get(n)) for n in PLAN_STEP_FORMS if n in names}


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
