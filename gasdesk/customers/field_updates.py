"""Field results written back to the customer archive (INSP-6, CB-3, METER-1, CUST-1, CUST-4).

The hazard flag (安全隐患用户) is set when a hazard is found on a safety inspection or a field
visit and cleared when its rectification is verified; a replaced meter is retired (its row
kept, with the retirement day) and the new meter added as a new row. Fieldwork and campaigns
call these inside their own transaction, so the archive and the visit record commit together.
Each change appends a TierChange row (the archive's history: who, when, why, tier before and
after), and the tier is re-evaluated, since a pack's tier rules may test the hazard flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.customers.models import Customer, Meter, MeterKind, TierChange, TierChangeKind
from gasdesk.customers.services import facts_of, tier_policy
from gasdesk.customers.tiering import evaluate_tier
from gasdesk.org.roles import Role, require_role
from gasdesk.org.scoping import in_scope

if TYPE_CHECKING:
    from gasdesk.org.models import User

# Who records what was found at the door: the technician, and the desk that plans the visits.
FIELD_ROLES: tuple[str, ...] = (Role.TECHNICIAN, Role.DISPATCHER, Role.SPECIALIST)
HAZARD_KINDS = (TierChangeKind.HAZARD_MARKED, TierChangeKind.HAZARD_CLEARED)


def require_field_scope(by: User, customer: Customer) -> None:
    """A field role, and the customer in the user's scope — or the user working inside the
    customer's unit (a team's technician serves its parent unit's customers)."""
    require_role(by, *FIELD_ROLES)
    unit = customer.org_unit
    if in_scope(by, unit):
        return
    own = by.org_unit
    if own is None or not own.path.startswith(unit.path):
        raise PermissionDeniedRule("该客户不在您的组织范围内")


def open_hazard_sources(customer: Customer) -> list[str]:
    """The hazards (by source, e.g. "inspection_hazard:12") marked and not yet cleared."""
    rows = customer.tier_changes.filter(kind__in=HAZARD_KINDS).order_by("at", "id")
    open_sources: list[str] = []
    for kind, data in rows.values_list("kind", "data"):
        source = str((data or {}).get("source", ""))
        if kind == TierChangeKind.HAZARD_MARKED and source not in open_sources:
            open_sources.append(source)
        elif kind == TierChangeKind.HAZARD_CLEARED and source in open_sources:
            open_sources.remove(source)
    return open_sources


def mark_hazard(
    customer: Customer, *, by: User, source: str, reason: str, now: datetime | None = None
) -> Customer:
    """INSP-6: a hazard was found — the customer becomes a hazard customer (100 % special
    callback, CB-3) until every hazard found is verified rectified.

    Steps: check role and scope; lock the row; a source already open is not marked twice;
    set the flag, re-tier unless manual, append the history row.
    """
    reason, source = (reason or "").strip(), (source or "").strip()
    if not reason:
        raise RuleViolation("reason", "请填写发现的隐患内容")
    if not source:
        raise RuleViolation("source", "缺少隐患来源")
    with transaction.atomic():
        locked = _lock(customer, by)
        if source in open_hazard_sources(locked):
            return locked
        locked.flag_hazard = True
        marked = TierChangeKind.HAZARD_MARKED
        _apply(locked, kind=marked, by=by, reason=reason, at=now, data={"source": source})
    return locked


def clear_hazard(
    customer: Customer, *, by: User, source: str, reason: str = "", now: datetime | None = None
) -> Customer:
    """INSP-6: the rectification of one hazard was verified; the flag is cleared when no
    other hazard of the customer is still open (the history names the ones that remain)."""
    source = (source or "").strip()
    with transaction.atomic():
        locked = _lock(customer, by)
        remaining = open_hazard_sources(locked)
        if source not in remaining:
            raise RuleViolation("source", "该隐患未登记或已整改")
        remaining.remove(source)
        locked.flag_hazard = bool(remaining)
        _apply(
            locked,
            kind=TierChangeKind.HAZARD_CLEARED,
            by=by,
            reason=(reason or "").strip() or "隐患整改复查合格",
            at=now,
            data={"source": source, "remaining": remaining},
        )
    return locked


@dataclass(frozen=True)
class MeterSwap:
    """A replacement on site: the new meter's number and kind, and the day it went in."""

    new_meter_no: str
    replaced_on: date
    new_kind: str | None = None  # None: the same kind as the old meter
    source: str = ""  # e.g. "meter_replacement:7", "field_visit:3"

    def predates(self, meter: Meter) -> bool:
        """A replacement cannot happen before the old meter was installed."""
        return meter.installed_on is not None and self.replaced_on < meter.installed_on


def replace_meter(meter: Meter, *, by: User, swap: MeterSwap) -> Meter:
    """METER-1: the old meter leaves the customer's meters and the new one takes its place.

    The old row is kept with `retired_on` = the replacement day (campaign rows keep pointing
    at it: that is the meter that was replaced); the new meter gets a new row of the same
    customer with its own number, kind and install day (service life: the pack's default).
    Both rows and the history row are written in one transaction; returns the new meter.
    """
    number = (swap.new_meter_no or "").strip()
    if not number:
        raise RuleViolation("new_meter_no", "请填写新表号")
    kind = swap.new_kind or meter.kind
    if kind not in MeterKind.values:
        raise RuleViolation("new_kind", "表具类型无效")
    with transaction.atomic():
        locked = Meter.objects.select_for_update().get(pk=meter.pk)
        customer = _lock(locked.customer, by)
        if locked.retired_on is not None:
            raise RuleViolation("meter", f"该表已于{locked.retired_on:%Y-%m-%d}拆除，不能再次更换")
        if number == locked.meter_no:
            raise RuleViolation("new_meter_no", "新表号与旧表号相同")
        if swap.predates(locked):
            raise RuleViolation("replaced_on", "更换日期不能早于旧表安装日期")
        locked.retired_on = swap.replaced_on
        locked.save(update_fields=["retired_on"])
        new = Meter.objects.create(
            customer=customer, meter_no=number, kind=kind, installed_on=swap.replaced_on
        )
        TierChange.objects.create(
            customer=customer,
            old_tier=customer.tier,
            new_tier=customer.tier,
            kind=TierChangeKind.METER_REPLACED,
            reason=f"更换表具：旧表{locked.meter_no}于{swap.replaced_on:%Y-%m-%d}拆除，"
            f"新表{number}",
            by=by,
            data={
                "source": swap.source,
                "retired": {**_meter_data(locked), "retired_on": swap.replaced_on.isoformat()},
                "new": _meter_data(new),
            },
        )
    return new


def _meter_data(meter: Meter) -> dict[str, Any]:
    return {
        "meter_id": meter.pk,
        "meter_no": meter.meter_no,
        "kind": meter.kind,
        "installed_on": meter.installed_on.isoformat() if meter.installed_on else None,
    }


def _lock(customer: Customer, by: User) -> Customer:
    locked = Customer.objects.select_for_update().select_related("org_unit").get(pk=customer.pk)
    require_field_scope(by, locked)
    return locked


def _apply(
    customer: Customer,
    *,
    kind: str,
    by: User,
    reason: str,
    at: datetime | None,
    data: dict[str, Any],
) -> None:
    """Re-tier (unless manual) after a flag change, save, and append the history row."""
    old_tier = customer.tier
    extra: dict[str, Any] = {"flag": "hazard", "value": customer.flag_hazard}
    if not customer.tier_is_manual:
        policy = tier_policy(customer.org_unit, at or timezone.now())
        decision = evaluate_tier(policy.section, facts_of(customer))
        customer.tier, customer.tier_reason = decision.tier, decision.explanation
        extra |= {"pack_version": policy.pack_version, "rule_index": decision.rule_index}
    customer.save(update_fields=["flag_hazard", "tier", "tier_reason", "updated_at"])
    TierChange.objects.create(
        customer=customer,
        old_tier=old_tier,
        new_tier=customer.tier,
        kind=kind,
        reason=reason,
        by=by,
        at=at or timezone.now(),
        data={**data, **extra},
    )
