"""Forms of the work-order pages: intake (WO-2, WO-3, WO-5), transitions (WO-1) and the
choices the queue filter offers.

The forms only collect input; every rule (required description, caller phone for anonymous
callers, reasons, technician in scope) is checked by the services, whose RuleViolation lands
on the named field.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.selectors import technicians_in_scope, units_in_scope
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.schema import Area
from gasdesk.workorders.intake import WorkOrderInput
from gasdesk.workorders.models import OPEN_STATUSES, Channel, SuspendReason, WorkOrder
from gasdesk.workorders.transitions import Transition

if TYPE_CHECKING:
    from gasdesk.customers.models import Customer

AREA_CHOICES = [
    ("", _("按责任单位默认")),
    (Area.URBAN.value, _("市区")),
    (Area.REMOTE.value, _("偏远地区")),
]
# Stand-ins for inputs the preview does not need: deadlines never depend on them.
PREVIEW_PLACEHOLDERS = {"description": "-", "caller_phone": "-", "address": "-"}
# Fields a transition form shows besides the reason, per action.
ACTION_FIELDS = {
    "dispatch": {"assignee"},
    "reassign": {"assignee"},
    "suspend": {"suspend_reason"},
    "complete": {"result"},
}


def business_type_choices(unit: OrgUnit | None, at: datetime) -> list[tuple[str, str]]:
    """The company's business types (WO-2) from the pack in force for `unit` at `at`."""
    if unit is None:
        return []
    try:
        loaded = pack_for_unit(unit, at)
    except RuleViolation:  # no pack configured or in force: the page says so on submit
        return []
    return [(b.code, b.name) for b in loaded.pack.business_types]


def queue_choices(user: User, at: datetime) -> dict[str, Any]:
    """What the queue's filter selects offer: open statuses, business types, units in scope."""
    labels = dict(WorkOrder._meta.get_field("status").choices or [])
    return {
        "statuses": [(s.value, labels[s.value]) for s in OPEN_STATUSES],
        "business_types": business_type_choices(user.org_unit, at),
        "units": units_in_scope(user).only("id", "name", "depth"),
    }


class TechnicianChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Lists technicians as "name · unit", so a dispatcher can tell teams apart."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj} · {obj.org_unit}" if obj.org_unit else str(obj)


class WorkOrderForm(forms.Form):
    """Intake (受理): business type from the company's pack, channel, problem, caller."""

    business_type = forms.ChoiceField(label=_("业务类型"))
    channel = forms.ChoiceField(label=_("受理渠道"), choices=Channel.choices)
    description = forms.CharField(
        label=_("问题描述"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    caller_name = forms.CharField(label=_("来电人"), required=False, max_length=60)
    caller_phone = forms.CharField(label=_("来电号码"), required=False, max_length=30)
    address = forms.CharField(label=_("地址"), required=False, max_length=200)
    area = forms.ChoiceField(label=_("区域"), required=False, choices=AREA_CHOICES)
    org_unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=OrgUnit.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        user: User,
        customer: Customer | None,
        business_types: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.customer = customer
        self.fields["business_type"].choices = [("", _("请选择业务类型")), *business_types]  # type: ignore[attr-defined]
        self.fields["org_unit"].queryset = units_in_scope(user)  # type: ignore[attr-defined]
        self.fields["org_unit"].initial = customer.org_unit_id if customer else user.org_unit_id
        if customer is not None:
            for name in ("caller_name", "caller_phone", "address", "area"):
                del self.fields[name]

    def to_input(self, *, preview: bool = False) -> WorkOrderInput:
        """The service input. A preview fills the texts deadlines never depend on (problem,
        caller phone, address), so the agent sees the deadlines before typing them."""
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        if preview:
            data = {**PREVIEW_PLACEHOLDERS, **data}
        return WorkOrderInput(
            business_type=data["business_type"],
            channel=data["channel"],
            description=data.get("description", ""),
            customer=self.customer,
            caller_name=data.get("caller_name", ""),
            caller_phone=data.get("caller_phone", ""),
            address=data.get("address", ""),
            area=data.get("area", ""),
            org_unit=data.get("org_unit"),
        )


class TransitionForm(forms.Form):
    """One action of the state machine; shows only the inputs that action takes."""

    reason = forms.CharField(label=_("原因"), required=False, max_length=500)
    assignee = TechnicianChoiceField(
        label=_("处理人"), queryset=User.objects.none(), required=False
    )
    suspend_reason = forms.ChoiceField(
        label=_("挂起原因"),
        required=False,
        choices=[("", _("请选择")), *SuspendReason.choices],
    )
    result = forms.CharField(
        label=_("处理结果"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, transition: Transition, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{transition.action}_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.transition = transition
        keep = set(ACTION_FIELDS.get(transition.action, ()))
        if transition.needs_reason:
            keep.add("reason")
        for name in set(self.fields) - keep:
            del self.fields[name]
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = technicians_in_scope(user)  # type: ignore[attr-defined]
