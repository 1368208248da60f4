"""Reads shared by the field pages and API (DSP, EMG): the technician's day in route order,
the team pool, open emergencies for the banner, escalations, an order's field history."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import F, QuerySet

from gasdesk.business_calendar.periods import end_of
from gasdesk.core.errors import PermissionDeniedRule
from gasdesk.fieldwork.models import (
    Assignment,
    Emergency,
    EmergencyEscalation,
    FieldEvent,
    FieldVisit,
)
from gasdesk.org.scoping import scope_root
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


def team_pool(user: User) -> QuerySet[Assignment]:
    """Unsigned orders that went to a team pool in the user's scope, oldest deadline first."""
    qs = Assignment.objects.visible_to(user).filter(
        is_current=True, accepted_at__isnull=True, pooled_at__isnull=False
    )
    return _with_order(qs.order_by("accept_due_at", "id"))  # type: ignore[arg-type]


def unsigned_assignments(user: User) -> QuerySet[Assignment]:
    """Every current unsigned assignment in scope (team leader's list), nearest deadline first."""
    qs = Assignment.objects.visible_to(user).filter(is_current=True, accepted_at__isnull=True)
    return _with_order(qs.order_by("accept_due_at", "id"))  # type: ignore[arg-type]


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
    """New or returned orders in scope, nearest deadline first (workorders' queue index)."""
    qs = WorkOrder.objects.visible_to(user).filter(status__in=("new", "returned"))
    return qs.defer("deadline_basis").order_by(F("next_due_at").asc(nulls_last=True), "id")
