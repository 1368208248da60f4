"""Gas-connection services (CONN-2/3): whole-building connection with its 3-day notice,
arrival per household (waiting limit), safety check before ignition, written refusals; and
supplementary connection (补户通气) as a hotline work order of the pack's business type.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import DateTimeField, F, Value
from django.utils import timezone

from gasdesk.campaigns.models import (
    ConnectionCampaign,
    ConnectionEvent,
    ConnectionHousehold,
    HouseholdStatus,
)
from gasdesk.campaigns.models.connections import ConnectionStatus
from gasdesk.campaigns.rules import notice_date, wait_exceeded, wait_minutes
from gasdesk.campaigns.services.common import (
    check_field,
    check_planner,
    connection_rules,
    pack_at,
)
from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.customers.models import Customer, CustomerAddress
from gasdesk.notices.models import MessageChannel
from gasdesk.notices.rendering import display_date
from gasdesk.notices.services import Notice, enqueue_bulk, send_notice
from gasdesk.notices.sql import insert_select
from gasdesk.org.models import OrgUnit
from gasdesk.standards.lookup import loaded_pack
from gasdesk.workorders.intake import WorkOrderInput, create_work_order
from gasdesk.workorders.models import Channel, WorkOrder

if TYPE_CHECKING:
    from gasdesk.org.models import User


@dataclass
class ConnectionInput:
    org_unit: OrgUnit
    title: str
    address: str
    arrive_at: datetime
    contact_email: str = ""


def create_connection_campaign(
    data: ConnectionInput, *, by: User, now: datetime | None = None
) -> ConnectionCampaign:
    """A draft whole-building connection; households = customers whose address contains
    `address`, inside the unit's subtree, each told `arrive_at` by SMS."""
    now = now or timezone.now()
    check_planner(by, data.org_unit)
    loaded = pack_at(data.org_unit, now)
    connection_rules(loaded)
    if not data.address.strip():
        raise RuleViolation("address", "请填写通气楼栋或小区地址")
    with transaction.atomic():
        campaign = ConnectionCampaign.objects.create(
            **vars(data), pack=loaded.record, created_by=by, created_at=now
        )
        count = insert_select(ConnectionHousehold, _households(campaign), _columns(campaign))
        ConnectionCampaign.objects.filter(pk=campaign.pk).update(household_count=count)
        _log(campaign, "CREATED", by, now, data={"households": count})
    campaign.refresh_from_db()
    return campaign


def _households(campaign: ConnectionCampaign) -> Any:
    subtree = OrgUnit.objects.subtree(campaign.org_unit).values("id")
    matches = CustomerAddress.objects.filter(text__contains=campaign.address.strip())
    return Customer.objects.filter(
        org_unit__in=subtree, is_active=True, pk__in=matches.values("customer_id")
    )


def _columns(campaign: ConnectionCampaign) -> dict[str, Any]:
    return {
        "campaign_id": Value(campaign.pk),
        "customer_id": F("pk"),
        "announced_at": Value(campaign.arrive_at, DateTimeField()),
        "is_wait_exceeded": Value(False),
        "status": Value(HouseholdStatus.PENDING.value),
        "reasons": Value(""),
    }


def notify_connection(
    campaign: ConnectionCampaign, *, by: User, now: datetime | None = None
) -> ConnectionCampaign:
    """CONN-2: notices go out at least `notice_days` before the connection day, by SMS to each
    household and by e-mail to the property company or developer."""
    now = now or timezone.now()
    check_planner(by, campaign.org_unit)
    rules = connection_rules(loaded_pack(campaign.pack_id))
    day = timezone.localtime(campaign.arrive_at).date()
    if timezone.localdate(now) > notice_date(day, rules.notice_days):
        raise RuleViolation(
            "arrive_at", f"整体通气须提前{rules.notice_days}天张贴通知并告知客户，请调整通气日期"
        )
    with transaction.atomic():
        if (
            ConnectionCampaign.objects.filter(pk=campaign.pk, status=ConnectionStatus.DRAFT).update(
                status=ConnectionStatus.NOTIFIED, notified_at=now
            )
            == 0
        ):
            raise ConcurrentChange("该通气计划已通知")
        queued = _send(campaign, by, now)
        _log(campaign, "NOTIFIED", by, now, data={"notices": queued})
    campaign.refresh_from_db()
    return campaign


def _send(campaign: ConnectionCampaign, by: User, now: datetime) -> int:
    local = timezone.localtime(campaign.arrive_at)
    context = {
        "title": campaign.title,
        "address": campaign.address,
        "date": display_date(local.date()),
        "time": f"{local:%H:%M}",
    }
    notice = Notice("connection_notice", context, source=f"connection:{campaign.pk}")
    ids = campaign.households.values("customer_id")
    queued = enqueue_bulk(notice, ids, org_unit=campaign.org_unit, by=by, now=now)
    if campaign.contact_email:
        send_notice(
            notice,
            org_unit=campaign.org_unit,
            by=by,
            channel=MessageChannel.EMAIL,
            recipient=campaign.contact_email,
            now=now,
        )
        queued += 1
    return queued


def record_household_arrival(
    household: ConnectionHousehold, *, by: User, at: datetime | None = None
) -> ConnectionHousehold:
    """CONN-2: arrival at the home; the wait after the SMS time is kept and flagged when it
    exceeds the pack's limit (EX-27: 09:00 → 13:30 exceeds 4 h; 13:00 is compliant)."""
    at = at or timezone.now()
    campaign = household.campaign
    check_field(by, campaign.org_unit)
    rules = connection_rules(loaded_pack(campaign.pack_id))
    minutes = wait_minutes(household.announced_at, at)
    exceeded = wait_exceeded(minutes, rules.max_wait_hours)
    with transaction.atomic():
        _update(
            household,
            {"arrived_at__isnull": True},
            arrived_at=at,
            wait_minutes=minutes,
            is_wait_exceeded=exceeded,
        )
        _log(
            campaign,
            "ARRIVED",
            by,
            at,
            household=household,
            data={"wait_minutes": minutes, "exceeded": exceeded},
        )
    household.refresh_from_db()
    return household


def record_safety_check(
    household: ConnectionHousehold, *, by: User, now: datetime | None = None
) -> ConnectionHousehold:
    """CONN-2: the indoor safety check done before ignition."""
    now = now or timezone.now()
    check_field(by, household.campaign.org_unit)
    with transaction.atomic():
        _update(
            household,
            {"arrived_at__isnull": False, "safety_checked_at__isnull": True},
            safety_checked_at=now,
        )
        _log(household.campaign, "SAFETY_CHECKED", by, now, household=household)
    household.refresh_from_db()
    return household


def connect_household(
    household: ConnectionHousehold, *, by: User, now: datetime | None = None
) -> ConnectionHousehold:
    """Gas on and ignition — refused until the safety check is recorded (CONN-2)."""
    now = now or timezone.now()
    check_field(by, household.campaign.org_unit)
    if household.safety_checked_at is None:
        raise RuleViolation("safety_checked_at", "通气点火前须先完成室内燃气设施安全检查")
    with transaction.atomic():
        _update(household, {}, status=HouseholdStatus.CONNECTED)
        _log(household.campaign, "CONNECTED", by, now, household=household)
    household.refresh_from_db()
    return household


def decline_household(
    household: ConnectionHousehold, *, by: User, reasons: str, now: datetime | None = None
) -> ConnectionHousehold:
    """CONN-2: gas cannot be lit; the reasons are given in writing (printable notice)."""
    now = now or timezone.now()
    check_field(by, household.campaign.org_unit)
    if not reasons.strip():
        raise RuleViolation("reasons", "请书面写明不能通气的原因")
    with transaction.atomic():
        _update(household, {}, status=HouseholdStatus.NOT_CONNECTED, reasons=reasons.strip())
        _log(household.campaign, "NOT_CONNECTED", by, now, household=household, reason=reasons)
    household.refresh_from_db()
    return household


def _update(household: ConnectionHousehold, condition: dict[str, Any], **changes: Any) -> None:
    rows = ConnectionHousehold.objects.filter(
        pk=household.pk, status=HouseholdStatus.PENDING, **condition
    ).update(**changes)
    if rows == 0:
        raise ConcurrentChange("该户状态已变化，请刷新后重试")


def _log(campaign: ConnectionCampaign, kind: str, by: User, at: datetime, **extra: Any) -> None:
    ConnectionEvent.objects.create(campaign=campaign, kind=kind, by=by, at=at, **extra)


def create_supplementary_connection(
    customer: Customer, *, by: User, description: str, now: datetime | None = None
) -> WorkOrder:
    """CONN-3: 补户通气 is a hotline work order of the pack's business type."""
    now = now or timezone.now()
    code = connection_rules(pack_at(customer.org_unit, now)).supplementary_business_type
    if not code:
        raise RuleViolation("business_type", "服务标准包未配置补户通气业务类型")
    data = WorkOrderInput(
        business_type=code,
        channel=Channel.HOTLINE,
        customer=customer,
        description=description or "补户通气",
        received_at=now,
    )
    return create_work_order(data, by=by, now=now)
