"""Forms of the customer pages; field names match the services' RuleViolation fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gasdesk.customers.choices import (
    AREA_CHOICES,
    CATEGORY_CHOICES,
    FLAG_CHOICES,
    TIER_CHOICES,
    flag_field,
)
from gasdesk.customers.columns import PHONE_SEPARATORS
from gasdesk.customers.selectors import units_for
from gasdesk.org.models import OrgUnit
from gasdesk.standards.schema import CustomerFlag

if TYPE_CHECKING:
    from gasdesk.org.models import User


class CustomerForm(forms.Form):
    """新建客户: one phone list, one primary address; the service validates the rest."""

    org_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("所属单位"))
    account_no = forms.CharField(label=_("户号"), max_length=32)
    name = forms.CharField(label=_("姓名/名称"), max_length=200)
    category = forms.ChoiceField(label=_("客户类别"), choices=CATEGORY_CHOICES)
    phones = forms.CharField(
        label=_("电话"), required=False, max_length=200, help_text=_("多个号码用“；”分隔")
    )
    addresses = forms.CharField(label=_("地址"), required=False, max_length=300)
    area = forms.ChoiceField(
        label=_("区域"), choices=[("", _("按所属单位")), *AREA_CHOICES], required=False
    )
    contract_volume_m3_per_day = forms.DecimalField(
        label=_("合同日用气量(m³/日)"), required=False, min_value=0, decimal_places=2
    )
    actual_volume_m3_per_day = forms.DecimalField(
        label=_("实际日用气量(m³/日)"), required=False, min_value=0, decimal_places=2
    )
    id_number = forms.CharField(label=_("证件号"), required=False, max_length=40)
    birthday = forms.DateField(label=_("生日"), required=False)
    flags = forms.MultipleChoiceField(
        label=_("客户标识"),
        choices=FLAG_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["org_unit"]
        units.queryset = units_for(user)  # type: ignore[attr-defined]
        units.initial = user.org_unit_id
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("data-testid", f"customer-{name.replace('_', '-')}")

    def to_service_data(self) -> dict[str, Any]:
        """The cleaned form in the vocabulary of services.create_customer."""
        data = dict(self.cleaned_data)
        data.pop("org_unit")
        chosen = set(data.pop("flags") or ())
        data.update({flag_field(flag): flag.value in chosen for flag in CustomerFlag})
        data["phones"] = [p for p in PHONE_SEPARATORS.split(data["phones"] or "") if p.strip()]
        address, area = data.pop("addresses"), data.pop("area")
        data["addresses"] = [{"text": address, "area": area}] if address else []
        return data


class OverrideTierForm(forms.Form):
    """人工调整等级 (CUST-4): a reason is required by the service."""

    tier = forms.ChoiceField(label=_("调整为"), choices=TIER_CHOICES)
    reason = forms.CharField(
        label=_("调整原因"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tier"].widget.attrs["data-testid"] = "override-tier"
        self.fields["reason"].widget.attrs["data-testid"] = "override-reason"
