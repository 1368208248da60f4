"""The KPI filter (KPI-1…20): one definition for the page, the API and the drill-down."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gasdesk.org.models import OrgUnit, User
from gasdesk.org.scoping import scope_unit_ids
from gasdesk.quality.kpi.figures import Period, period_containing
from gasdesk.quality.kpi.orders import Part
from gasdesk.quality.kpi.scope import KpiScope
from gasdesk.quality.kpi.selectors import kpi_scope
from gasdesk.standards.schema import TIER_LABELS

PERIOD_CHOICES = [("month", _("月")), ("quarter", _("季度")), ("year", _("年"))]
TIER_CHOICES = [("", _("全部客户")), *((t.value, label) for t, label in TIER_LABELS.items())]


class KpiFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=OrgUnit.objects.none(), required=False)
    period = forms.ChoiceField(label=_("期间"), choices=PERIOD_CHOICES, required=False)
    month = forms.DateField(label=_("月份"), input_formats=["%Y-%m"], required=False)
    tier = forms.ChoiceField(label=_("客户等级"), choices=TIER_CHOICES, required=False)

    def __init__(self, data: Any, *, user: User) -> None:
        super().__init__(data)
        ids = scope_unit_ids(user)
        units = OrgUnit.objects.order_by("path")
        self.fields["unit"].queryset = units if ids is None else units.filter(pk__in=ids)  # type: ignore[attr-defined]

    def _valid_fields(self) -> dict[str, Any]:
        """The fields that validated: a unit outside the scope falls back to the default
        without losing the chosen period."""
        self.is_valid()
        return self.cleaned_data

    def selected_period(self, today: dt.date) -> Period:
        """The month, quarter or year containing the chosen month (default: last month)."""
        data = self._valid_fields()
        month = data.get("month") or (today.replace(day=1) - dt.timedelta(days=1))
        return period_containing(month, data.get("period") or "month")

    def selected_unit_id(self) -> int | None:
        unit = self._valid_fields().get("unit")
        return None if unit is None else unit.pk

    def selected_tier(self) -> str:
        return str(self._valid_fields().get("tier") or "")


def scope_from_query(user: User, data: Any) -> tuple[KpiFilterForm, KpiScope]:
    """The page and the API read the same filter into the same checked scope."""
    form = KpiFilterForm(data, user=user)
    scope = kpi_scope(
        user,
        unit_id=form.selected_unit_id(),
        period=form.selected_period(timezone.localdate()),
        now=timezone.now(),
        tier=form.selected_tier(),
    )
    return form, scope


def drilldown_args(data: Any) -> tuple[Part, int | None]:
    """(part, after) of a drill-down request; anything but `numerator` means the denominator."""
    part: Part = "numerator" if data.get("part") == "numerator" else "denominator"
    after = str(data.get("after", ""))
    return part, int(after) if after.isdigit() else None
