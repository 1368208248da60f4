"""Forms of the complaint pages; rules stay in the services (a RuleViolation names the field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gasdesk.complaints.models import LEVEL_LABELS, Complaint, ComplaintChannel
from gasdesk.org.models import OrgUnit, User
from gasdesk.standards.sections.complaints import ComplaintRules

LEVEL_CHOICES = list(LEVEL_LABELS.items())
VALIDITY_CHOICES = [("valid", _("有效投诉")), ("invalid", _("无效投诉"))]


def _validity(value: str) -> bool | None:
    return {"valid": True, "invalid": False}.get(value)


class ComplaintForm(forms.Form):
    """登记投诉. Required fields are checked by register_complaint so that the form, the API and
    the callbacks app give the same Chinese message (CMP-3)."""

    channel = forms.ChoiceField(label=_("投诉渠道"), choices=ComplaintChannel.choices)
    complainant_name = forms.CharField(label=_("投诉人姓名"), required=False, max_length=60)
    phone = forms.CharField(label=_("电话"), required=False, max_length=30)
    address = forms.CharField(label=_("地址"), required=False, max_length=200)
    target_unit = forms.ModelChoiceField(
        label=_("被投诉部门"), queryset=OrgUnit.objects.none(), required=False
    )
    target_text = forms.CharField(label=_("投诉对象"), required=False, max_length=200)
    business_type = forms.ChoiceField(label=_("业务类型"), required=False)
    cause = forms.ChoiceField(label=_("投诉原因"), required=False)
    narrative = forms.CharField(label=_("投诉经过"), required=False, widget=forms.Textarea)

    affects_image = forms.BooleanField(
        label=_("影响公司形象和声誉的重大投诉（先行上报）"), required=False
    )

    def __init__(self, *args: Any, units: Any, rules: ComplaintRules | None,
                 business_types: list[tuple[str, str]], **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["target_unit"].queryset = units  # type: ignore[attr-defined]
        blank = [("", "—")]
        causes = [(c.code, c.name) for c in rules.causes] if rules else []
        self.fields["cause"].choices = blank + causes  # type: ignore[attr-defined]
        self.fields["business_type"].choices = blank + business_types  # type: ignore[attr-defined]


class LevelForm(forms.Form):
    """定级, with the validity decision optionally taken at the same time (CMP-1)."""

    level = forms.TypedChoiceField(label=_("投诉级别"), choices=LEVEL_CHOICES, coerce=int)
    needs_investigation = forms.BooleanField(label=_("需调查取证/部门配合"), required=False)
    reason = forms.CharField(label=_("定级依据"), required=False)
    valid = forms.TypedChoiceField(
        label=_("有效性"),
        choices=[("", _("暂不认定")), *VALIDITY_CHOICES],
        coerce=_validity,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    invalid_reason = forms.CharField(label=_("无效原因"), required=False)


class ValidityForm(forms.Form):
    """有效投诉 (CMP-1, OQ-13): the specialist's decision, a reason when invalid."""

    valid = forms.TypedChoiceField(
        label=_("有效性"), choices=VALIDITY_CHOICES, coerce=_validity, widget=forms.RadioSelect
    )
    invalid_reason = forms.CharField(label=_("无效原因"), required=False)


class AssignForm(forms.Form):
    """CMP-24: the named person responsible for the complaint (staff of its company)."""

    person = forms.ModelChoiceField(label=_("投诉处理责任人"), queryset=User.objects.none())

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(is_active=True, org_unit__company=complaint.company_id)
        self.fields["person"].queryset = staff.order_by("username")  # type: ignore[attr-defined]


class RespondForm(forms.Form):
    note = forms.CharField(label=_("响应说明"), required=False)


class SolutionForm(forms.Form):
    solution = forms.CharField(label=_("解决方案"), required=False, widget=forms.Textarea)
    promised_final_at = forms.DateTimeField(
        label=_("约定最终解决时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class CloseForm(forms.Form):
    resolution = forms.CharField(label=_("处理结果"), required=False, widget=forms.Textarea)


class CallbackForm(forms.Form):
    result = forms.CharField(label=_("回访结果"), required=False)
    satisfied = forms.NullBooleanField(
        label=_("客户是否满意"),
        widget=forms.Select(
            choices=[("unknown", "—"), ("true", _("满意")), ("false", _("不满意"))]
        ),
    )


class ArchiveForm(forms.Form):
    pass


class AppealForm(forms.Form):
    level_requested = forms.TypedChoiceField(label=_("申请级别"), choices=LEVEL_CHOICES, coerce=int)
    reason = forms.CharField(label=_("申诉理由"), required=False, widget=forms.Textarea)


class DecideAppealForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("裁定"),
        choices=[("1", _("申诉成立")), ("0", _("驳回申诉"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("裁定意见"), required=False)


STEP_FORMS: dict[str, type[forms.Form]] = {
    "assign": AssignForm,
    "level": LevelForm,
    "validity": ValidityForm,
    "respond": RespondForm,
    "solution": SolutionForm,
    "close": CloseForm,
    "callback": CallbackForm,
    "archive": ArchiveForm,
}


def step_form(action: str, complaint: Complaint, data: Any = None) -> forms.Form:
    """The form of a step; the responsible-person list is the complaint's company staff."""
    if action == "assign":
        return AssignForm(data, prefix=action, complaint=complaint)
    return STEP_FORMS[action](data, prefix=action)
