"""Template helpers of the regulations pages: masked phones and action labels."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from gasdesk.customers.masking import mask_phone

register = template.Library()

ACTION_LABELS = {
    "agree": _("同意并约定"),
    "refuse": _("不同意（经领导批准）"),
    "staff_arrived": _("服务人员已到位"),
    "applicant_arrived": _("申请人已到达"),
    "serve": _("办理完毕"),
    "forfeit": _("逾时视为放弃"),
    "reassign": _("临时调配服务人员"),
    "breach": _("登记违规（经查实）"),
    "assign": _("指定客户服务专员"),
    "step": _("登记服务情况"),
    "convert": _("签约建档"),
    "drop": _("放弃"),
}


@register.filter
def masked(value: str) -> str:
    """Lists never show a full phone number (customers/masking.py)."""
    return mask_phone(value) if value else ""


@register.filter
def action_label(name: str) -> str:
    return str(ACTION_LABELS.get(name, name))
