"""Forms of the notice pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SelfServiceForm(forms.Form):
    account_no = forms.CharField(label=_("户号"), max_length=32)
    phone_tail = forms.CharField(
        label=_("预留电话后4位"),
        min_length=4,
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
