"""Every write to the customer archive (CUST-1, CUST-4): create, update, tier override, recompute.

Views, API, the importer's callers, jobs and commands call these; each checks role and org
scope, writes in one transaction and logs tier changes as TierChange rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from gasdesk.core.errors import RuleViolation
from gasdesk.customers.choices import FLAG_FIELDS
from gasdesk.customers.models import (
    Customer,
    CustomerAddress,
    CustomerPhone,
    Meter,
    TierChange,
    TierChangeKind,
)
from gasdesk.customers.permissions import BULK_ROLES, EDIT_ROLES, TIER_OVERRIDE_ROLES
from gasdesk.customers.tiering import CustomerFacts, TierDecision, evaluate_tier
from gasdesk.customers.validation import (
    AddressInput,
    clean_addresses,
    clean_customer_fields,
    clean_meter,
    clean_phones,
)
from gasdesk.org.models import OrgUnit
from gasdesk.org.roles import require_role
from gasdesk.org.scoping import in_scope, require_in_scope
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.schema import Area, Category, Tier, TierSection

if TYPE_CHECKING:
    from gasdesk.org.models import User

RECOMPUTE_BATCH = 2000
UPDATABLE = frozenset(
    {
        "account_no",
        "name",
        "category",
        "id_number",
        "birthday",
        "is_active",
        "contract_volume_m3_per_day",
        "actual_volume_m3_per_day",
        *FLAG_FIELDS,
        "customer_manager",
        "org_unit",
        "phones",
        "addresses",
    }
)
TIER_FIELDS = ["tier", "tier_reason", "updated_at"]


@dataclass(frozen=True)
class TierPolicy:
    """The tier section in force for a unit, with the pack version for the history row."""

    section: TierSection
    pack_version: str


def tier_policy(unit: OrgUnit, at: datetime) -> TierPolicy:
    loaded = pack_for_unit(unit, at)
    return TierPolicy(section=loaded.pack.tiers, pack_version=loaded.pack.version)


def facts_of(customer: Customer) -> CustomerFacts:
    return CustomerFacts(
        category=Category(customer.category),
        contract=customer.contract_volume_m3_per_day,
        actual=customer.actual_volume_m3_per_day,
        flags=customer.flags(),
    )


def create_customer(*, by: User, org_unit: OrgUnit, data: Mapping[str, Any]) -> Customer:
    """Open an account: validate, compute the tier from the unit's pack, save with contacts.

    The initial tier is not a change, so no TierChange is written; its reason is on the row.
    Account uniqueness is left to the unique index (no check-then-act).
    """
    require_role(by, *EDIT_ROLES)
    require_in_scope(by, org_unit)
    fields = clean_customer_fields(data, partial=False)
    phones = clean_phones(data.get("phones") or ())
    addresses = clean_addresses(data.get("addresses") or (), default_area=default_area(org_unit))
    meters = [clean_meter(item) for item in data.get("meters") or ()]
    customer = Customer(org_unit=org_unit, **fields)
    _set_manager(customer, data, by=by)
    decision = evaluate_tier(tier_policy(org_unit, timezone.now()).section, facts_of(customer))
    customer.tier, customer.tier_reason = decision.tier, decision.explanation
    with transaction.atomic():
        _save_unique(customer)
        _replace_phones(customer, phones)
        _replace_addresses(customer, addresses)
        Meter.objects.bulk_create(Meter(customer=customer, **vars(m)) for m in meters)
    return customer


def update_customer(customer: Customer, *, by: User, changes: Mapping[str, Any]) -> Customer:
    """Change archive fields (phones/addresses replace the whole list when given).

    Steps: lock the row; check scope on the old and any new unit; apply the cleaned changes;
    recompute the tier unless it is manual, logging a TierChange if it moved; save.
    """
    require_role(by, *EDIT_ROLES)
    _reject_unknown(changes)
    fields = clean_customer_fields(changes, partial=True)
    with transaction.atomic():
        locked = Customer.objects.select_for_update().select_related("org_unit").get(pk=customer.pk)
        require_in_scope(by, locked.org_unit)
        if "org_unit" in changes:
            require_in_scope(by, changes["org_unit"])
            locked.org_unit = changes["org_unit"]
        for name, value in fields.items():
            setattr(locked, name, value)
        _set_manager(locked, changes, by=by)
        _apply_contact_changes(locked, changes)
        if not locked.tier_is_manual:
            _retier(locked, by=by, kind=TierChangeKind.RECOMPUTED, reason="")
        _save_unique(locked)
    return locked


def override_tier(customer: Customer, *, by: User, tier: str, reason: str) -> Customer:
    """CUST-4: set the tier by hand; a reason is required and the change is logged."""
    require_role(by, *TIER_OVERRIDE_ROLES)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("reason", "请填写调整原因")
    if tier not in Tier.__members__.values():
        raise RuleViolation("tier", "客户等级无效")
    with transaction.atomic():
        locked = Customer.objects.select_for_update().select_related("org_unit").get(pk=customer.pk)
        require_in_scope(by, locked.org_unit)
        _log_tier(locked, Tier(tier), by=by, kind=TierChangeKind.OVERRIDDEN, reason=reason)
        locked.tier, locked.tier_is_manual, locked.tier_reason = tier, True, reason
        locked.save(update_fields=[*TIER_FIELDS, "tier_is_manual"])
    return locked


def clear_tier_override(customer: Customer, *, by: User, reason: str = "") -> Customer:
    """CUST-4: return a manually tiered customer to the pack's rules (logged even if unchanged)."""
    require_role(by, *TIER_OVERRIDE_ROLES)
    with transaction.atomic():
        locked = Customer.objects.select_for_update().select_related("org_unit").get(pk=customer.pk)
        require_in_scope(by, locked.org_unit)
        if not locked.tier_is_manual:
            raise RuleViolation("tier", "该客户等级未经人工调整")
        decision, version = _decide(locked)
        _log_tier(
            locked,
            decision.tier,
            by=by,
            kind=TierChangeKind.OVERRIDE_CLEARED,
            reason=(reason or "").strip() or decision.explanation,
            data={"pack_version": version, "rule_index": decision.rule_index},
        )
        locked.tier, locked.tier_reason, locked.tier_is_manual = (
            decision.tier,
            decision.explanation,
            False,
        )
        locked.save(update_fields=[*TIER_FIELDS, "tier_is_manual"])
    return locked


def recompute_tiers(
    target: QuerySet[Customer] | OrgUnit,
    *,
    by: User | None = None,
    now: datetime | None = None,
    batch_size: int = RECOMPUTE_BATCH,
) -> int:
    """Re-tier customers after a new pack version or bulk edits; returns how many changed.

    Steps: stream the non-manual customers with iterator(); evaluate each against its unit's
    tier section (resolved once per unit); collect the changed ones per batch; bulk_update
    them and bulk_create their TierChange rows. One transaction: all or nothing.
    `by=None` is the system (pack load, nightly job); a user needs a bulk role and the scope.
    """
    if by is not None:
        require_role(by, *BULK_ROLES)
    qs = _recompute_queryset(target, by=by)
    at = now or timezone.now()
    policies: dict[int, TierPolicy] = {}
    changed = 0
    with transaction.atomic():
        batch: list[tuple[Customer, TierDecision, str]] = []
        for customer in qs.iterator(chunk_size=batch_size):
            policy = _policy_for(customer.org_unit_id, at, policies)
            decision = evaluate_tier(policy.section, facts_of(customer))
            if decision.tier != customer.tier or decision.explanation != customer.tier_reason:
                batch.append((customer, decision, policy.pack_version))
            if len(batch) >= batch_size:
                changed += _write_recomputed(batch, by=by)
                batch = []
        changed += _write_recomputed(batch, by=by)
    return changed


def default_area(unit: OrgUnit) -> Area:
    """An address's area defaults to the unit's: urban units serve 市区, others 偏远地区."""
    return Area.URBAN if unit.is_urban else Area.REMOTE


def _recompute_queryset(target: QuerySet[Customer] | OrgUnit, *, by: User | None) -> Any:
    if isinstance(target, OrgUnit):
        if by is not None:
            require_in_scope(by, target)
        target = Customer.objects.filter(org_unit__in=OrgUnit.objects.subtree(target).values("id"))
    elif by is not None:
        target = target & Customer.objects.visible_to(by)
    fields = ["id", "org_unit_id", "category", "tier", "tier_reason", *_VOLUME_AND_FLAGS]
    return target.filter(tier_is_manual=False).only(*fields).order_by("id")


_VOLUME_AND_FLAGS = ["contract_volume_m3_per_day", "actual_volume_m3_per_day", *FLAG_FIELDS]


def _policy_for(unit_id: int, at: datetime, cache: dict[int, TierPolicy]) -> TierPolicy:
    if unit_id not in cache:
        cache[unit_id] = tier_policy(OrgUnit.objects.get(pk=unit_id), at)
    return cache[unit_id]


def _write_recomputed(batch: list[tuple[Customer, TierDecision, str]], *, by: User | None) -> int:
    """Apply one batch: TierChange rows for real tier moves, then one bulk_update."""
    events = [
        TierChange(
            customer=customer,
            old_tier=customer.tier,
            new_tier=decision.tier,
            kind=TierChangeKind.RECOMPUTED,
            reason=decision.explanation,
            by=by,
            by_name=str(by) if by else "系统",
            data={"pack_version": version, "rule_index": decision.rule_index},
        )
        for customer, decision, version in batch
        if decision.tier != customer.tier
    ]
    TierChange.objects.bulk_create(events)
    now = timezone.now()
    for customer, decision, _ in batch:
        customer.tier, customer.tier_reason, customer.updated_at = (
            decision.tier,
            decision.explanation,
            now,
        )
    Customer.objects.bulk_update([c for c, _, _ in batch], TIER_FIELDS)
    return len(events)


def _decide(customer: Customer) -> tuple[TierDecision, str]:
    policy = tier_policy(customer.org_unit, timezone.now())
    return evaluate_tier(policy.section, facts_of(customer)), policy.pack_version


def _retier(customer: Customer, *, by: User, kind: str, reason: str) -> None:
    decision, version = _decide(customer)
    if decision.tier != customer.tier:
        _log_tier(
            customer,
            decision.tier,
            by=by,
            kind=kind,
            reason=reason or decision.explanation,
            data={"pack_version": version, "rule_index": decision.rule_index},
        )
    customer.tier, customer.tier_reason = decision.tier, decision.explanation


def _log_tier(
    customer: Customer,
    new_tier: Tier,
    *,
    by: User | None,
    kind: str,
    reason: str,
    data: dict[str, Any] | None = None,
) -> TierChange:
    return TierChange.objects.create(
        customer=customer,
        old_tier=customer.tier,
        new_tier=new_tier,
        kind=kind,
        reason=reason,
        by=by,
        data=data or {},
    )


def _save_unique(customer: Customer) -> None:
    """Save; a duplicate account number becomes a field error, not a 500."""
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError:
        if Customer.objects.filter(account_no=customer.account_no).exclude(pk=customer.pk).exists():
            raise RuleViolation("account_no", "户号已存在") from None
        raise


def _reject_unknown(changes: Mapping[str, Any]) -> None:
    """The tier is changed only by override/clear; anything else unknown is a caller's mistake."""
    for name in changes:
        if name not in UPDATABLE:
            raise RuleViolation(name, "该字段不能在此修改")


def _set_manager(customer: Customer, data: Mapping[str, Any], *, by: User) -> None:
    """The customer manager must belong to the customer's company (or the user's scope)."""
    if "customer_manager" not in data:
        return
    manager = data["customer_manager"]
    if manager is not None:
        unit = manager.org_unit
        same_company = unit is not None and unit.company_id == customer.org_unit.company_id
        if not (same_company or (unit is not None and in_scope(by, unit))):
            raise RuleViolation("customer_manager", "客户经理须为本公司员工")
    customer.customer_manager = manager


def _apply_contact_changes(customer: Customer, changes: Mapping[str, Any]) -> None:
    if "phones" in changes:
        _replace_phones(customer, clean_phones(changes["phones"] or ()))
    if "addresses" in changes:
        area = default_area(customer.org_unit)
        _replace_addresses(customer, clean_addresses(changes["addresses"] or (), default_area=area))


def _replace_phones(customer: Customer, numbers: Iterable[str]) -> None:
    customer.phones.all().delete()
    rows = [CustomerPhone(customer=customer, number=number) for number in numbers]
    for row in rows:
        row.normalise()
    CustomerPhone.objects.bulk_create(rows)


def _replace_addresses(customer: Customer, addresses: Iterable[AddressInput]) -> None:
    customer.addresses.all().delete()
    CustomerAddress.objects.bulk_create(
        CustomerAddress(customer=customer, text=a.text, area=a.area, is_primary=a.is_primary)
        for a in addresses
    )
