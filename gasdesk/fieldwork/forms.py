"""Forms of the field pages: each carries the tap's client token (a hidden UUID rendered with
the form, so a re-sent form is recognised as the same tap)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gasdesk.fieldwork.models.emergencies import FAULT_CHOICES
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.selectors import technicians_in_scope, units_in_scope
from gasdesk.standards.sections.fieldwork import FaultClass


class TapForm(forms.Form):
    client_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def params(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("client_token", None)
        return data


class AgreeTimeForm(TapForm):
    appointment_at = forms.DateTimeField(
        label=_("约定上门时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    note = forms.CharField(label=_("备注"), required=False)


class ReasonForm(TapForm):
    reason = forms.CharField(label=_("原因"))


class NoteForm(TapForm):
    note = forms.CharField(label=_("情况说明"), required=False)


class WorkForm(TapForm):
    work_done = forms.CharField(label=_("作业内容"), widget=forms.Textarea(attrs={"rows": 2}))
    result = forms.CharField(label=_("处理结果"), required=False)
    materials = forms.CharField(
        label=_("使用材料（每行：名称 数量 单位）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hazards = forms.CharField(label=_("发现隐患"), required=False)

    def clean_materials(self) -> list[dict[str, str]]:
        rows = []
        for line in self.cleaned_data["materials"].splitlines():
            parts = line.split()
            if parts:
                rows.append(
                    {
                        "name": parts[0],
                        "quantity": (parts[1:2] or ["1"])[0],
                        "unit": " ".join(parts[2:]),
                    }
                )
        return rows


class HazardForm(TapForm):
    items = forms.CharField(
        label=_("隐患项目（每行一项）"), widget=forms.Textarea(attrs={"rows": 3})
    )
    rectify_by = forms.DateField(
        label=_("整改期限"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class SignForm(TapForm):
    signature = forms.CharField(widget=forms.HiddenInput, required=False)
    signed_by_name = forms.CharField(label=_("签字人"))
    result = forms.CharField(label=_("处理结果"), required=False)
    # SMS-2: required by the service when the pack says so (fieldwork.completion)
    safety_briefed = forms.BooleanField(label=_("已发放安全宣传资料并讲解安全用气"), required=False)


class VerifyRectificationForm(TapForm):
    notice_id = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("复查情况"), required=False)


class MeterReplacementForm(TapForm):
    meter_id = forms.IntegerField(label=_("旧表"))
    new_meter_no = forms.CharField(label=_("新表号"))
    new_kind = forms.CharField(label=_("新表类型"), required=False)


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("现场照片"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )


class AssignForm(TapForm):
    technician = forms.ModelChoiceField(label=_("维修人员"), queryset=User.objects.none())
    reason = forms.CharField(label=_("改派原因"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians_in_scope(user)  # type: ignore[attr-defined]


class AlarmForm(forms.Form):
    """接警 (EMG-1): what the hotline takes down."""

    org_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=OrgUnit.objects.none())
    fault_class = forms.ChoiceField(label=_("类别"), choices=FAULT_CHOICES, initial=FaultClass.LEAK)
    address = forms.CharField(label=_("地址"))
    caller_phone = forms.CharField(label=_("来电号码"))
    caller_name = forms.CharField(label=_("来电人"), required=False)
    description = forms.CharField(label=_("警情"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units_in_scope(user)  # type: ignore[attr-defined]


TAP_FORMS: dict[str, type[TapForm]] = {
    "assign": TapForm,  # built with AssignForm (needs the user), see views
    "accept": TapForm,
    "agree_time": AgreeTimeForm,
    "cannot_keep": ReasonForm,
    "arrive": TapForm,
    "record_work": WorkForm,
    "not_met": NoteForm,
    "hazard_notice": HazardForm,
    "complete": SignForm,
    "verify_rectification": VerifyRectificationForm,
    "replace_meter": MeterReplacementForm,
}
