"""Template helpers of the callback pages."""

from datetime import datetime

from django import template
from django.utils.translation import gettext_lazy as _

from gasdesk.business_calendar.periods import MIDNIGHT, day_of, to_shanghai
from gasdesk.customers.masking import mask_phone

register = template.Library()


@register.filter
def masked_phone(number: str) -> str:
    """Lists show masked numbers only (CUST-10)."""
    return mask_phone(number or "")


@register.filter
def due_label(moment: datetime | None) -> str:
    """A day-period deadline reads as the handbook says it: 24:00 of its last day (CAL-3)."""
    if moment is None:
        return "—"
    local = to_shanghai(moment)
    if local.time() == MIDNIGHT:
        return f"{day_of(local):%m-%d} 24:00"
    return f"{local:%m-%d %H:%M}"


PLAN_EVENT_LABELS = {
    "PLANNED": _("制定回访计划"),
    "SCHEDULED": _("约定回访时间"),
    "RECORDED": _("填写回访记录表"),
    "SUBMITTED": _("提交回访报告表"),
    "RETURNED": _("报告退回修改"),
    "APPROVED": _("报告审查通过"),
}


@register.filter
def plan_event_label(kind: str) -> str:
    """A plan's history step in words (RPT-4); unknown kinds show their code."""
    return str(PLAN_EVENT_LABELS.get(kind, kind))
