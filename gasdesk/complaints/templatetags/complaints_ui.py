"""Display helpers of the complaint pages: event names, clock rows, late highlighting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import template
from django.utils.translation import gettext_lazy as _

from gasdesk.complaints.models import (
    CLOCK_LABELS,
    CLOCK_MET_BY,
    LEVEL_LABELS,
    Complaint,
    ComplaintEvent,
)
from gasdesk.customers.masking import mask_phone
from gasdesk.org.roles import Role
from gasdesk.standards.schema import TierTarget
from gasdesk.workorders.templatetags.workorders_ui import due_time

register = template.Library()

EVENT_LABELS = {
    "REGISTERED": _("受理"),
    "ROUTED": _("转专员"),
    "LEVELLED": _("定级"),
    "RESPONDED": _("响应客户"),
    "SOLUTION_AGREED": _("商定方案"),
    "CLOSED": _("办结反馈"),
    "CALLED_BACK": _("回访"),
    "SECOND_CALLED_BACK": _("二次回访"),
    "ARCHIVED": _("归档"),
    "APPEALED": _("部门申诉"),
    "APPEAL_DECIDED": _("申诉裁定"),
    "ESCALATED": _("先行上报"),
    "RESPONSIBLE_ASSIGNED": _("指定责任人"),
    "VALIDITY_SET": _("认定有效性"),
    "LATE": _("超时告警"),
}


@dataclass(frozen=True)
class ClockRow:
    clock: str
    label: str
    due_at: datetime
    met_at: datetime | None
    late_at: datetime | None


@register.filter
def complaint_event_label(event: ComplaintEvent) -> str:
    return str(EVENT_LABELS.get(event.kind, event.kind))


@register.simple_tag
def complaint_clocks(complaint: Complaint) -> list[ClockRow]:
    """One row per clock that has a deadline, with the moment that met it."""
    rows = []
    for clock, met_by in CLOCK_MET_BY.items():
        due = getattr(complaint, f"{clock}_due_at")
        if due is None:
            continue
        met = next((getattr(complaint, m) for m in met_by if getattr(complaint, m)), None)
        late = getattr(complaint, f"{clock}_late_at")
        rows.append(ClockRow(clock, str(CLOCK_LABELS[clock]), due, met, late))
    return rows


@register.simple_tag
def complaint_urgency(complaint: Complaint, now: datetime) -> str:
    """ "overdue" when a step was flagged late or the next deadline has passed."""
    flagged = any(getattr(complaint, f"{c}_late_at") for c in CLOCK_MET_BY)
    passed = complaint.next_due_at is not None and complaint.next_due_at < now
    return "overdue" if flagged or passed else ""


@register.filter
def level_label(level: int | None) -> str:
    """一级…五级 (CMP-7), each its own msgid; 未定级 before the specialist decides."""
    return str(LEVEL_LABELS[level]) if level in LEVEL_LABELS else str(_("未定级"))


@register.filter
def validity_label(is_valid: bool | None) -> str:
    """有效投诉 / 无效投诉 / 未认定 (CMP-1, OQ-13)."""
    if is_valid is None:
        return str(_("未认定"))
    return str(_("有效投诉") if is_valid else _("无效投诉"))


@register.filter
def role_label(role: str) -> str:
    """The display name of a role code stored on the complaint (CMP-5/6/24)."""
    return str(Role(role).label) if role in Role.values else role


@register.filter
def target_label(target: TierTarget | None) -> str:
    """A CUST-7 target as people read it: "≥ 95%"; "—" where the handbook states none."""
    if target is None:
        return "—"
    sign = {">=": "≥", "<=": "≤"}.get(target.op, "=")
    return f"{sign} {target.percent.normalize():f}%"


@register.filter
def iso_due(value: str) -> str:
    """A deadline kept as ISO text in the deadline basis (CMP-12), read like a due time."""
    return due_time(datetime.fromisoformat(value)) if value else ""


@register.filter
def masked_phone(number: str) -> str:
    """Lists always mask the complainant's phone (platform rule)."""
    return mask_phone(number)
