"""Reads shared by pages, API and exports: the dispatcher queue, a customer's orders, detail.

Lists over 20 M orders (WO-6 queue, bench findings Q1/Q2): a page is read in two steps, the
ids first from the order table alone (an index walk stopped by the LIMIT, with the scope as
literal unit ids) and then the rows of those ids with their few related columns. Joining
customer, assignee, unit and pack before the LIMIT made the planner read thousands of
customer pages for `?overdue=true`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import F, QuerySet

from gasdesk.core.prepared import Prepared
from gasdesk.workorders.models import RUNNING_STATUSES, WorkOrder, WorkOrderEvent

if TYPE_CHECKING:
    from gasdesk.org.models import User

QUEUE_LIMIT = 200
_RELATED = ("customer", "assignee", "org_unit", "pack")
# What lists show of the related rows: not the user's password hash, not the pack document.
_LISTED_RELATED = (
    "customer__account_no",
    "customer__name",
    "assignee__username",
    "assignee__display_name",
    "org_unit__name",
    "pack__version",
)


def _light(qs: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """Rows with what lists show, without the packs' documents."""
    return qs.select_related(*_RELATED).defer("pack__document")


def listed(qs: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """Every order column, but only the related columns a list shows (read-only use)."""
    own = [field.name for field in WorkOrder._meta.concrete_fields]
    return qs.select_related(*_RELATED).only(*own, *_LISTED_RELATED)


# The rows of a page by a query compiled once per size (core.prepared; its four joins cost
# ~1 ms of CPU to compile): the ids are padded with 0, which is no order's id.
_PAGE_SIZES = (10, 25, 51, 101, QUEUE_LIMIT + 1)
_PAGE_ROWS: dict[int, Prepared[WorkOrder]] = {
    size: Prepared(lambda *ids: listed(WorkOrder.objects.filter(pk__in=ids)), *[int] * size)
    for size in _PAGE_SIZES
}


class QueueLine(NamedTuple):
    """What a queue page row prints: columns, not model instances (bench finding Q7)."""

    id: int
    number: str
    business_type_name: str
    customer_name: str | None
    caller_name: str
    tier: str
    org_unit_name: str
    assignee_display_name: str | None
    assignee_username: str | None
    status: str
    next_due_at: datetime | None

    @property
    def assignee(self) -> str | None:
        """As User.__str__ reads."""
        return self.assignee_display_name or self.assignee_username


# QueueLine's fields in order, as ORM paths
_LINE_COLUMNS = (
    "id",
    "number",
    "business_type_name",
    "customer__name",
    "caller_name",
    "tier",
    "org_unit__name",
    "assignee__display_name",
    "assignee__username",
    "status",
    "next_due_at",
)
_PAGE_LINES: dict[int, Prepared[WorkOrder]] = {
    size: Prepared(
        lambda *ids: WorkOrder.objects.filter(pk__in=ids).values_list(*_LINE_COLUMNS),
        *[int] * size,
    )
    for size in _PAGE_SIZES
}


def _page_ids(qs: QuerySet[WorkOrder], limit: int) -> tuple[list[int], list[int] | None]:
    """The page's ids in queue order, and padded to a prepared size (None: no size fits)."""
    ids = list(qs.values_list("id", flat=True)[:limit])
    size = next((size for size in _PAGE_SIZES if size >= len(ids)), None)
    return ids, None if size is None else ids + [0] * (size - len(ids))


def fetch_page(qs: QuerySet[WorkOrder], limit: int) -> list[WorkOrder]:
    """The first `limit` orders of `qs` in its order: ids first, then their rows (2 queries)."""
    ids, padded = _page_ids(qs, limit)
    if not ids:
        return []
    if padded is None:
        rows = listed(WorkOrder.objects.filter(pk__in=ids)).in_bulk(ids)
    else:
        rows = {order.pk: order for order in _PAGE_ROWS[len(padded)].all(*padded)}
    return [rows[pk] for pk in ids if pk in rows]


def fetch_lines(qs: QuerySet[WorkOrder], limit: int) -> list[QueueLine]:
    """fetch_page's orders as QueueLines, for pages that only print them (2 queries)."""
    ids, padded = _page_ids(qs, limit)
    if not ids:
        return []
    found: Iterable[tuple[Any, ...]]
    if padded is None:
        found = WorkOrder.objects.filter(pk__in=ids).values_list(*_LINE_COLUMNS)
    else:
        found = _PAGE_LINES[len(padded)].rows(*padded)
    lines = {row[0]: QueueLine._make(row) for row in found}
    return [lines[pk] for pk in ids if pk in lines]


def visible_orders(user: User) -> QuerySet[WorkOrder]:
    """Every order in the user's scope (API list and detail)."""
    return _light(WorkOrder.objects.visible_to(user))


def dispatcher_queue(user: User, filters: dict[str, Any] | None = None) -> QuerySet[WorkOrder]:
    """Open orders in the user's scope, nearest deadline first (wo_queue_open_cover_idx).

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
