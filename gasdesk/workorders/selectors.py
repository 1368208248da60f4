"""Reads shared by pages, API and exports: the dispatcher queue, a customer's orders, detail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F, QuerySet

from gasdesk.workorders.models import RUNNING_STATUSES, WorkOrder, WorkOrderEvent

if TYPE_CHECKING:
    from gasdesk.org.models import User

QUEUE_LIMIT = 200


def _light(qs: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """Rows with what lists show, without the packs' documents."""
    return qs.select_related("customer", "assignee", "org_unit", "pack").defer("pack__document")


def visible_orders(user: User) -> QuerySet[WorkOrder]:
    """Every order in the user's scope (API list and detail)."""
    return _light(WorkOrder.objects.visible_to(user))


def dispatcher_queue(user: User, filters: dict[str, Any] | None = None) -> QuerySet[WorkOrder]:
    """Open orders in the user's scope, the nearest deadline first (served by wo_queue_open_idx).

    Never counts the table: callers slice the queryset (QUEUE_LIMIT at most per page).
    """
    qs = WorkOrder.objects.visible_to(user).open()
    if filters:
        qs = qs.filter(**filters)
    return _light(qs).order_by(F("next_due_at").asc(nulls_last=True), "id")


def overdue_filter(now: Any) -> dict[str, Any]:
    """Orders whose nearest running deadline has passed (suspended ones are paused)."""
    return {"next_due_at__lt": now, "status__in": RUNNING_STATUSES}


def customer_orders(user: User, customer_id: int, *, limit: int = 50) -> QuerySet[WorkOrder]:
    """A customer's order history for the 360 view, newest first (wo_customer_idx)."""
    qs = WorkOrder.objects.visible_to(user).filter(customer_id=customer_id)
    return _light(qs).order_by("-received_at")[:limit]


def order_detail(user: User, pk: int) -> WorkOrder:
    """One order in scope (DoesNotExist outside it, so a stranger learns nothing)."""
    qs = WorkOrder.objects.visible_to(user).select_related(
        "customer", "assignee", "org_unit", "first_responder", "pack"
    )
    return qs.get(pk=pk)


def order_timeline(order: WorkOrder) -> QuerySet[WorkOrderEvent]:
    return order.events.select_related("by").order_by("at", "id")
