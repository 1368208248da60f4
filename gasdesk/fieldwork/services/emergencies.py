"""Emergencies (抢险, EMG-1…3): 24-hour alarm intake, escalation to the duty leader when the
arrival deadline is near and nobody has arrived, and closing alarms whose order ended.

The arrival and clearance deadlines are the emergency business type's commitments, computed
by workorders' intake from the pack (30 min urban / 50 remote in 巢湖); this module stores
the warning moment next to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.fieldwork.acceptance import escalation_moment
from gasdesk.fieldwork.models import Emergency, EmergencyEscalation, FieldEvent
from gasdesk.fieldwork.selectors import forget_banner
from gasdesk.fieldwork.services.common import field_rules, iso, log_event
from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.sections.fieldwork import EmergencyRules, FaultClass
from gasdesk.workorders.intake import WorkOrderInput, create_work_order
from gasdesk.workorders.models import OPEN_STATUSES, Channel

if TYPE_CHECKING:
    from gasdesk.org.models import OrgUnit

BATCH = 200
# Who is warned: the unit's leaders on duty (调度员/班组长 and 管理人员 of the unit or above).
DUTY_ROLES = (Role.DISPATCHER, Role.MANAGER)


@dataclass
class AlarmInput:
    """What the hotline takes down at an alarm (接警)."""

    org_unit: OrgUnit
    fault_class: str
    address: str
    caller_phone: str
    description: str
    caller_name: str = ""
    area: str = ""


def _emergency_rules(unit: OrgUnit, at: datetime) -> EmergencyRules:
    rules = field_rules(pack_for_unit(unit, at).pack).emergency
    if rules is None:
        raise RuleViolation("pack", "该公司服务标准未配置抢险规则")
    return rules


def _business_type(rules: EmergencyRules, fault_class: str) -> str:
    try:
        return rules.business_types[FaultClass(fault_class)]
    except (ValueError, KeyError):
        raise RuleViolation("fault_class", "该公司服务标准没有此类抢险") from None


def report_emergency(alarm: AlarmInput, *, by: User) -> Emergency:
    """接警 (EMG-1, EMG-3 有警必出): open the emergency order and the alarm row together."""
    now = timezone.now()
    rules = _emergency_rules(alarm.org_unit, now)
    data = WorkOrderInput(
        business_type=_business_type(rules, alarm.fault_class),
        channel=Channel.HOTLINE,
        description=alarm.description,
        caller_name=alarm.caller_name,
        caller_phone=alarm.caller_phone,
        address=alarm.address,
        area=alarm.area,
        org_unit=alarm.org_unit,
    )
    with transaction.atomic():
        order = create_work_order(data, by=by, now=now)
        emergency = Emergency.objects.create(
            order=order,
            org_unit=order.org_unit,
            fault_class=alarm.fault_class,
            reported_at=order.received_at,
            arrival_due_at=order.arrival_due_at,
            escalate_at=escalation_moment(order.arrival_due_at, rules.escalate_before_minutes),
        )
        log_event(
            order,
            "ALARM_RECEIVED",
            by=by,
            at=order.received_at,
            data={"fault_class": alarm.fault_class},
        )
    return emergency


def duty_leaders(unit: OrgUnit) -> list[User]:
    """Active dispatchers/managers of the unit or any unit above it."""
    return list(
        User.objects.filter(
            is_active=True, groups__name__in=DUTY_ROLES, org_unit__in=unit.ancestors()
        ).distinct()
    )


def _escalate(emergency: Emergency, now: datetime) -> EmergencyEscalation | None:
    """Conditional UPDATE first: a concurrent scan escalates each alarm once."""
    taken = Emergency.objects.filter(pk=emergency.pk, escalated_at__isnull=True).update(
        escalated_at=now
    )
    if not taken:
        return None
    assert emergency.arrival_due_at is not None  # escalate_at implies an arrival deadline
    row = EmergencyEscalation.objects.create(
        emergency=emergency,
        org_unit=emergency.org_unit,
        at=now,
        arrival_due_at=emergency.arrival_due_at,
    )
    leaders = duty_leaders(emergency.org_unit)
    row.notified.set(leaders)
    FieldEvent.objects.create(
        order_id=emergency.order_id,
        kind="ESCALATED",
        at=now,
        by_name="系统",
        data={"arrival_due_at": iso(emergency.arrival_due_at), "notified": [u.pk for u in leaders]},
    )
    return row


def escalate_emergencies(now: datetime) -> int:
    """Warn the duty leader of every open alarm whose warning time has come and whose order
    has nobody on site yet (fw_emergency_escalate_idx; alarms are few, so one row at a time)."""
    due = (
        Emergency.objects.filter(
            resolved_at__isnull=True,
            escalated_at__isnull=True,
            escalate_at__lte=now,
            order__arrived_at__isnull=True,
        )
        .select_related("org_unit")
        .order_by("escalate_at")[:BATCH]
    )
    count = 0
    for emergency in due:
        with transaction.atomic():
            count += _escalate(emergency, now) is not None
    return count


def resolve_finished(now: datetime) -> int:
    """Close alarms whose order has left the open statuses (completed elsewhere, cancelled)."""
    closed = Emergency.objects.filter(
        ~Q(order__status__in=OPEN_STATUSES), resolved_at__isnull=True
    ).update(resolved_at=now)
    if closed:
        forget_banner()
    return closed
