"""Forms of the counter pages (APPT, NOTIFY, TLC, HELP, MGR). They only collect input; every
rule is checked by the services, whose RuleViolation lands on the named field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gasdesk.customers.choices import CATEGORY_CHOICES
from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.org.selectors import units_in_scope
from gasdesk.regulations.models import (
    ApplicantKind,
    AppointmentChannel,
    AppointmentKind,
    AppointmentScope,
    AssistanceService,
    ConductBreach,
    InformedHow,
    ManagerGrade,
    PromiseOrigin,
    ProspectStep,
)
from gasdesk.standards.sections.regulations import RegulationRules

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def staff_in_scope(user: User, *roles: str) -> QuerySet[User]:
    """Active staff of the user's scope, optionally only those holding one of `roles`."""
    qs = User.objects.filter(is_active=True, org_unit__in=units_in_scope(user))
    if roles:
        qs = qs.filter(groups__name__in=roles).distinct()
    return qs.order_by("display_name", "username")


class AppointmentForm(forms.Form):
    applicant_name = forms.CharField(label=_("申请人"), max_length=60)
    applicant_phone = forms.CharField(label=_("联系电话"), max_length=30)
    channel = forms.ChoiceField(label=_("申请方式"), choices=AppointmentChannel.choices)
    kind = forms.ChoiceField(label=_("服务方式"), choices=AppointmentKind.choices)
    matter = forms.CharField(label=_("办理事项"), max_length=200)
    scope = forms.ChoiceField(label=_("事项类别"), choices=AppointmentScope.choices)
    applicant_kind = forms.ChoiceField(label=_("服务对象"), choices=ApplicantKind.choices)
    address = forms.CharField(label=_("上门地址"), max_length=200, required=False)
    preferred_at = forms.DateTimeField(label=_("希望时间"), required=False, widget=DATETIME)


class AgreeForm(forms.Form):
    start_at = forms.DateTimeField(label=_("约定时间"), widget=DATETIME)
    staff = forms.ModelChoiceField(
        label=_("服务人员（留空为客户经理）"), queryset=User.objects.none(), required=False
    )
    place = forms.CharField(label=_("约定地点"), max_length=200, required=False)
    reason = forms.CharField(label=_("临时调配原因"), max_length=200, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_in_scope(user)  # type: ignore[attr-defined]


class ReassignForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("临时调配服务人员"), queryset=User.objects.none())
    reason = forms.CharField(label=_("临时调配原因"), max_length=200)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_in_scope(user)  # type: ignore[attr-defined]


class BreachForm(forms.Form):
    breach = forms.ChoiceField(label=_("违规情形"), choices=ConductBreach.choices)
    note = forms.CharField(label=_("查实情况"), widget=forms.Textarea(attrs={"rows": 2}))


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("不同意理由（告知申请人）"), widget=forms.Textarea(attrs={"rows": 2})
    )
    approver = forms.ModelChoiceField(label=_("批准领导"), queryset=User.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = staff_in_scope(user, Role.MANAGER)  # type: ignore[attr-defined]


class ServeForm(forms.Form):
    completed_on_spot = forms.BooleanField(label=_("当场办结"), required=False)
    statement = forms.CharField(
        label=_("办结情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def matter_choices(rules: RegulationRules) -> list[tuple[str, str]]:
    return [(m.code, m.name) for m in rules.notification.matters]


class MatterDocumentsForm(forms.Form):
    """A matter and the documents the customer brought, the list taken from the pack."""

    matter_code = forms.ChoiceField(label=_("办理事项"))
    provided = forms.MultipleChoiceField(
        label=_("已提供资料"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, rules: RegulationRules, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["matter_code"].choices = matter_choices(rules)  # type: ignore[attr-defined]
        chosen = self.data.get("matter_code") or self.initial.get("matter_code")
        code = chosen or rules.notification.matters[0].code
        matter = next((m for m in rules.notification.matters if m.code == code), None)
        documents = matter.documents if matter else ()
        self.fields["provided"].choices = [(d.code, d.name) for d in documents]  # type: ignore[attr-defined]


class NoticeForm(MatterDocumentsForm):
    customer_name = forms.CharField(label=_("服务对象"), max_length=100)
    customer_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    work_order_number = forms.CharField(label=_("关联工单号"), max_length=24, required=False)
    rectification_items = forms.CharField(
        label=_("验收不合格需整改内容（每行一项）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    other_reasons = forms.CharField(label=_("不予办理的其他事项"), required=False)

    def clean_rectification_items(self) -> tuple[str, ...]:
        text = self.cleaned_data.get("rectification_items") or ""
        return tuple(line.strip() for line in text.splitlines() if line.strip())


class AssistanceForm(MatterDocumentsForm):
    service = forms.ChoiceField(label=_("服务内容"), choices=AssistanceService.choices)
    customer_name = forms.CharField(label=_("办事群众/企业"), max_length=100)
    note = forms.CharField(label=_("备注"), required=False)


class ConsultationForm(forms.Form):
    caller_name = forms.CharField(label=_("来电人"), max_length=60)
    caller_phone = forms.CharField(label=_("来电号码"), max_length=30)
    matter_code = forms.ChoiceField(label=_("咨询事项"))
    question = forms.CharField(label=_("咨询内容"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, rules: RegulationRules, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["matter_code"].choices = matter_choices(rules)  # type: ignore[attr-defined]


class PromiseForm(forms.Form):
    customer_name = forms.CharField(label=_("当事人"), max_length=100)
    title = forms.CharField(label=_("办理事项"), max_length=200)
    origin = forms.ChoiceField(label=_("时限来源"), choices=PromiseOrigin.choices)
    due_at = forms.DateTimeField(
        label=_("办结时限（无明确时限请留空）"), required=False, widget=DATETIME
    )
    responsible = forms.ModelChoiceField(label=_("承办人"), queryset=User.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff_in_scope(user)  # type: ignore[attr-defined]


class CompleteForm(forms.Form):
    reply = forms.CharField(
        label=_("书面答复"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    informed_how = forms.ChoiceField(label=_("办理结果告知当事人方式"), choices=InformedHow.choices)
    overdue_reason = forms.CharField(label=_("超时原因"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("未能按时办结的原因"))


class VisitForm(forms.Form):
    note = forms.CharField(label=_("拜访情况"), widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    manager = forms.ModelChoiceField(label=_("客户经理"), queryset=User.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = staff_in_scope(user)  # type: ignore[attr-defined]


class ProspectForm(forms.Form):
    company_name = forms.CharField(label=_("意向客户（单位/个人）"), max_length=200)
    contact_name = forms.CharField(label=_("联系人"), max_length=60)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30)
    address = forms.CharField(label=_("用气地址"), max_length=200, required=False)
    expected_volume_m3_per_day = forms.DecimalField(
        label=_("预计日用气量(m³/日)"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    needs = forms.CharField(
        label=_("用气需求"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    manager = forms.ModelChoiceField(
        label=_("客户服务专员"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = staff_in_scope(user)  # type: ignore[attr-defined]


class ProspectStepForm(forms.Form):
    step = forms.ChoiceField(label=_("服务环节"), choices=ProspectStep.choices)
    note = forms.CharField(label=_("服务情况"), widget=forms.Textarea(attrs={"rows": 2}))
    department_head = forms.ModelChoiceField(
        label=_("部门负责人（并联办理）"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department_head"].queryset = staff_in_scope(user)  # type: ignore[attr-defined]


class ConvertForm(forms.Form):
    account_no = forms.CharField(label=_("户号"), max_length=32)
    category = forms.ChoiceField(label=_("客户类别"), choices=CATEGORY_CHOICES)
    name = forms.CharField(label=_("客户名称（留空同意向客户）"), max_length=200, required=False)


class DropForm(forms.Form):
    reason = forms.CharField(label=_("放弃原因"))


class RatingForm(forms.Form):
    manager = forms.ModelChoiceField(label=_("客户服务专员"), queryset=User.objects.none())
    year = forms.IntegerField(label=_("年度"))
    grade = forms.ChoiceField(label=_("评定结果"), choices=ManagerGrade.choices)
    note = forms.CharField(label=_("说明"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = staff_in_scope(user)  # type: ignore[attr-defined]


class DutyForm(forms.Form):
    on = forms.DateField(label=_("值班日期"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.DateTimeField(label=_("上岗时间"), widget=DATETIME)
    window_helpers = forms.ModelMultipleChoiceField(
        label=_("窗口帮办代办员（轮流）"), queryset=User.objects.none()
    )
    full_time_helpers = forms.ModelMultipleChoiceField(
        label=_("专职帮办代办员"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("window_helpers", "full_time_helpers"):
            self.fields[name].queryset = staff_in_scope(user)  # type: ignore[attr-defined]


class SubstituteForm(forms.Form):
    substitute = forms.ModelChoiceField(label=_("替岗人员"), queryset=User.objects.none())
    reason = forms.CharField(label=_("替岗原因"), max_length=200)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = staff_in_scope(user)  # type: ignore[attr-defined]
