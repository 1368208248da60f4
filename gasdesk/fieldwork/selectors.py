"""Reads shared by the field pages and API (DSP, EMG): the technician's day in route order,
the team pool and the dispatch lists (tier priority, DSP-6), open emergencies for the banner,
escalations, an order's field history."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Case, F, IntegerField, OrderBy, QuerySet, Value, When
from django.utils import timezone

from gasdesk.business_calendar.periods import end_of
from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.fieldwork.models import (
    Assignment,
    Emergency,
    EmergencyEscalation,
    FieldEvent,
    FieldVisit,
)
from gasdesk.org.scoping import scope_root
from gasdesk.standards.lookup import loaded_pack, pack_for_unit
from gasdesk.standards.sections.fieldwork import CompletionRules, DispatchPriority
from gasdesk.workorders.models import OPEN_STATUSES, WorkOrder

if TYPE_CHECKING:
    from gasdesk.org.models import User

DAY_LIMIT = 100
BANNER_LIMIT = 5
BANNER_SECONDS = 5  # the banner may lag an alarm by this much; saves a query per page
BANNER_SCAN = 200  # open alarms read for the banner (an installation has far fewer)
BANNER_KEY = "fieldwork:banner:open"


def _with_order(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return qs.select_related("order", "order__customer", "technician").defer(
        "order__deadline_basis"
    )


def technician_day(user: User, day: date) -> QuerySet[Assignment]:
    """The technician's open orders up to `day` in route order: agreed time, then address
    (served by fw_tech_day_idx); orders without an agreed time come last."""
    end = end_of(day)
    qs = Assignment.objects.filter(
        technician=user, is_current=True, order__status__in=OPEN_STATUSES
    ).exclude(appointment_at__gte=end)
    ordered = qs.order_by(F("appointment_at").asc(nulls_last=True), "order__address", "id")
    return _with_order(ordered)[:DAY_LIMIT]  # type: ignore[return-value]


def dispatch_priority(user: User) -> DispatchPriority | None:
    """DSP-6: the tier priority of the user's company pack in force (None: no tiers)."""
    if user.org_unit_id is None:
        return None
    try:
        rules = pack_for_unit(user.org_unit, timezone.now()).pack.fieldwork  # type: ignore[arg-type]
    except RuleViolation:
        return None
    return rules.dispatch_priority if rules else None


def priority_order(
    priority: DispatchPriority | None, tier_field: str, deadline_field: str
) -> list[OrderBy | str]:
    """DSP-6 ordering: the `first` tiers (VIP) ahead of everything, then the nearest
    deadline, then on equal deadlines the `on_equal_terms` tiers (重点, 关键), then id."""
    deadline = F(deadline_field).asc(nulls_last=True)
    if priority is None:
        return [deadline, "id"]
    order: list[OrderBy | str] = []
    if priority.first:
        whens = [When(**{tier_field: t.value}, then=Value(i)) for i, t in enumerate(priority.first)]
        rank = Case(*whens, default=Value(len(priority.first)), output_field=IntegerField())
        order.append(rank.asc())
    order.append(deadline)
    if priority.on_equal_terms:
        equal = [When(**{tier_field: t.value}, then=Value(0)) for t in priority.on_equal_terms]
        order.append(Case(*equal, default=Value(1), output_field=IntegerField()).asc())
    return [*order, "id"]


def team_pool(user: User) -> QuerySet[Assignment]:
    """Unsigned orders that went to a team pool in the user's scope: VIP first, then the
    oldest deadline (DSP-6)."""
    qs = Assignment.objects.visible_to(user).filter(
        is_current=True, accepted_at__isnull=True, pooled_at__isnull=False
    )
    order = priority_order(dispatch_priority(user), "order__tier", "accept_due_at")
    return _with_order(qs.order_by(*order))  # type: ignore[arg-type]


def unsigned_assignments(user: User) -> QuerySet[Assignment]:
    """Every current unsigned assignment in scope (team leader's list): VIP first, then the
    nearest deadline (DSP-6)."""
    qs = Assignment.objects.visible_to(user).filter(is_current=True, accepted_at__isnull=True)
    order = priority_order(dispatch_priority(user), "order__tier", "accept_due_at")
    return _with_order(qs.order_by(*order))  # type: ignore[arg-type]


def open_emergencies(user: User) -> QuerySet[Emergency]:
    """Open alarms in scope, newest first (fw_emergency_open_idx)."""
    qs = Emergency.objects.visible_to(user).filter(resolved_at__isnull=True)  # unit_open_idx
    return qs.select_related("order").defer("order__deadline_basis").order_by("-reported_at")


def _open_banner_rows() -> list[dict[str, Any]]:
    """Every open alarm of the installation (they are few), cached for a few seconds: one
    indexed query (fw_emergency_open_idx) serves every user's banner in that window."""
    rows: list[dict[str, Any]] | None = cache.get(BANNER_KEY)
    if rows is None:
        open_alarms = (
            Emergency.objects.filter(resolved_at__isnull=True)
            .select_related("order", "org_unit")
            .only(
                "fault_class",
                "reported_at",
                "arrival_due_at",
                "org_unit__path",
                "order__number",
                "order__address",
                "order__arrived_at",
            )
            .order_by("-reported_at")[:BANNER_SCAN]
        )
        rows = [
            {
                "order_id": e.order_id,
                "number": e.order.number,
                "address": e.order.address,
                "fault": str(e.get_fault_class_display()),
                "reported_at": e.reported_at,
                "arrival_due_at": e.arrival_due_at,
                "arrived": e.order.arrived_at is not None,
                "path": e.org_unit.path,
            }
            for e in open_alarms
        ]
        cache.set(BANNER_KEY, rows, BANNER_SECONDS)
    return rows


def forget_banner() -> None:
    """Called after an alarm opens or ends, so the banner does not wait for the cache."""
    cache.delete(BANNER_KEY)


def banner_emergencies(user: User) -> list[dict[str, Any]]:
    """The open alarms in the user's scope for the banner on top of every page (EMG-3).

    No alarm anywhere (the usual case) costs nothing beyond the shared cached read; the
    user's scope is resolved only when there is something to show.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    rows = _open_banner_rows()
    if not rows:
        return []
    try:
        root = scope_root(user)
    except PermissionDeniedRule:
        return []
    mine = [r for r in rows if root is None or r["path"].startswith(root.path)]
    return mine[:BANNER_LIMIT]


def emergency_escalations(user: User) -> QuerySet[EmergencyEscalation]:
    qs = EmergencyEscalation.objects.visible_to(user).select_related(
        "emergency", "emergency__order"
    )
    return qs.defer("emergency__order__deadline_basis").order_by("-at", "-id")


def field_order(user: User, pk: int) -> WorkOrder:
    """One order in scope (DoesNotExist outside it)."""
    return WorkOrder.objects.visible_to(user).select_related("customer", "assignee").get(pk=pk)


def field_timeline(order: WorkOrder) -> QuerySet[FieldEvent]:
    return order.field_events.select_related("by").order_by("at", "id")


def order_visits(order: WorkOrder) -> QuerySet[FieldVisit]:
    return order.field_visits.prefetch_related("photos", "hazard_notices").order_by("visited_at")


def orders_to_assign(user: User) -> QuerySet[WorkOrder]:
    """New or returned orders in scope: VIP first, then the nearest deadline, 重点/关键 first
    on equal deadlines (DSP-6; the pack's fieldwork.dispatch_priority)."""
    qs = WorkOrder.objects.visible_to(user).filter(status__in=("new", "returned"))
    order = priority_order(dispatch_priority(user), "tier", "next_due_at")
    return qs.defer("deadline_basis").order_by(*order)


def completion_rules(order: WorkOrder) -> CompletionRules | None:
    """SMS-2: what the sign page asks before completion, from the order's pack."""
    rules = loaded_pack(order.pack_id).pack.fieldwork
    return rules.completion if rules else None
