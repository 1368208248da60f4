"""Meter-replacement campaigns (METER-1/2): select meters past their service life (the
meter's own value, else the pack's per kind), notify 3 days ahead, record each replacement.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Q, QuerySet, Value
from django.utils import timezone

from gasdesk.campaigns.models import (
    MeterCampaign,
    MeterCampaignEvent,
    MeterReplacement,
    ReplacementStatus,
)
from gasdesk.campaigns.rules import years_before
from gasdesk.campaigns.services.common import check_field, check_planner, meter_rules, pack_at
from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.customers.field_updates import MeterSwap, replace_meter
from gasdesk.customers.models import Meter
from gasdesk.notices.rendering import display_date
from gasdesk.notices.services import Notice, enqueue_bulk
from gasdesk.notices.sql import insert_select
from gasdesk.org.models import OrgUnit

if TYPE_CHECKING:
    from gasdesk.org.models import User


def meters_due(unit: OrgUnit, as_of: date, life_by_kind: dict[str, int]) -> QuerySet[Meter]:
    """Meters of the unit's subtree installed at least their service life before `as_of`;
    a meter already replaced (retired, METER-1) is never offered again."""
    meters = Meter.objects.active().filter(
        customer__org_unit__in=OrgUnit.objects.subtree(unit).values("id"),
        customer__is_active=True,
        installed_on__isnull=False,
    )
    own = meters.exclude(service_life_years=None).values_list("service_life_years", flat=True)
    due = Q()
    for years in {y for y in own.distinct().order_by() if y is not None}:
        due |= Q(service_life_years=years, installed_on__lte=years_before(as_of, years))
    for kind, years in life_by_kind.items():
        due |= Q(service_life_years=None, kind=kind, installed_on__lte=years_before(as_of, years))
    return meters.filter(due) if due else meters.none()


def create_meter_campaign(
    unit: OrgUnit, *, title: str, as_of: date, by: User, now: datetime | None = None
) -> MeterCampaign:
    """METER-1: the free replacement programme for the unit's meters due by `as_of`."""
    now = now or timezone.now()
    check_planner(by, unit)
    loaded = pack_at(unit, now)
    life = meter_rules(loaded).life_years()
    with transaction.atomic():
        campaign = MeterCampaign.objects.create(
            org_unit=unit,
            title=title or f"{unit.name}到期气表更换",
            as_of=as_of,
            pack=loaded.record,
            created_by=by,
            created_at=now,
        )
        columns: dict[str, Any] = {
            "campaign_id": Value(campaign.pk),
            "meter_id": F("pk"),
            "customer_id": F("customer_id"),
            "status": Value(ReplacementStatus.PENDING.value),
            "new_meter_no": Value(""),
        }
        count = insert_select(MeterReplacement, meters_due(unit, as_of, life), columns)
        MeterCampaign.objects.filter(pk=campaign.pk).update(planned_count=count)
        _log(campaign, "CREATED", by, now, data={"planned": count})
    campaign.refresh_from_db()
    return campaign


def notify_meter_campaign(
    campaign: MeterCampaign, *, visit_on: date, by: User, now: datetime | None = None
) -> MeterCampaign:
    """METER-2: tell the customers of pending replacements `notice_days` ahead of the visit."""
    now = now or timezone.now()
    check_planner(by, campaign.org_unit)
    days = meter_rules(pack_at(campaign.org_unit, now)).notice_days
    if visit_on < timezone.localdate(now) + timedelta(days=days):
        raise RuleViolation("visit_on", f"换表须提前{days}天通知客户，请调整上门日期")
    # A meter replaced meanwhile (e.g. on a field visit) is retired: its customer is not told.
    pending = campaign.replacements.filter(
        status=ReplacementStatus.PENDING, meter__retired_on__isnull=True
    )
    with transaction.atomic():
        MeterCampaign.objects.filter(pk=campaign.pk).update(visit_on=visit_on, notified_at=now)
        notice = Notice("meter_notice", {"date": display_date(visit_on)}, f"meter:{campaign.pk}")
        queued = enqueue_bulk(
            notice, pending.values("customer_id"), org_unit=campaign.org_unit, by=by, now=now
        )
        _log(
            campaign,
            "NOTIFIED",
            by,
            now,
            data={"visit_on": visit_on.isoformat(), "notices": queued},
        )
    campaign.refresh_from_db()
    return campaign


def complete_replacement(
    replacement: MeterReplacement,
    *,
    by: User,
    new_meter_no: str,
    new_kind: str | None = None,
    now: datetime | None = None,
) -> MeterReplacement:
    """One meter replaced: the new meter number is kept on the campaign row and written back
    to the customer's meters (old one retired that day) in the same transaction (METER-1)."""
    now = now or timezone.now()
    check_field(by, replacement.campaign.org_unit)
    if not new_meter_no.strip():
        raise RuleViolation("new_meter_no", "请填写新表号")
    old_meter_no = replacement.meter.meter_no
    swap = MeterSwap(
        new_meter_no=new_meter_no,
        replaced_on=timezone.localdate(now),
        new_kind=new_kind,
        source=f"meter_replacement:{replacement.pk}",
    )
    with transaction.atomic():
        if (
            MeterReplacement.objects.filter(
                pk=replacement.pk, status=ReplacementStatus.PENDING
            ).update(status=ReplacementStatus.DONE, done_at=now, new_meter_no=new_meter_no.strip())
            == 0
        ):
            raise ConcurrentChange("该表已登记更换")
        replace_meter(replacement.meter, by=by, swap=swap)
        _log(
            replacement.campaign,
            "REPLACED",
            by,
            now,
            data={
                "meter": replacement.meter_id,
                "old_meter_no": old_meter_no,
                "new_meter_no": new_meter_no.strip(),
            },
        )
    replacement.refresh_from_db()
    return replacement


def _log(campaign: MeterCampaign, kind: str, by: User, at: datetime, **extra: Any) -> None:
    MeterCampaignEvent.objects.create(campaign=campaign, kind=kind, by=by, at=at, **extra)
