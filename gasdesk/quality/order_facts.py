"""The daily order facts (quality.models_facts): how each count is defined, and keeping the
rows equal to the orders.

`refresh(now)` rebuilds every (company, day) whose orders may have changed since the last
refresh, found three ways:
- orders created since (ids above the mark);
- orders with a history event since (every change to an order writes one: the desk's
  transitions, field visits, the breach scan);
- running orders whose deadline passed, unmet and unflagged, between the last `as_of` and
  `now`: they become "decided" (late) with no event until the breach scan flags them.
Ids are re-read with an overlap (OVERLAP) because they are handed out before commit: a
transaction that commits after a refresh may hold ids just below the mark. Rebuilding a day
deletes and inserts its rows in the refresh's transaction, so reading too much costs time,
never correctness. The first refresh rebuilds everything, a month at a time.

Every reader refreshes once before it sums (quality.kpi.selectors.kpi_scope, the monthly report
and the dashboard): a figure counts the orders as they are, and its drill-down (the orders
themselves) lists the same records. A refresh with nothing to do is one query.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import (
    BigIntegerField,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from gasdesk.business_calendar.periods import SHANGHAI, month_bounds, start_of, to_shanghai
from gasdesk.fieldwork.models.visits import FieldVisit, VisitOutcome
from gasdesk.org.models import OrgUnit, OrgUnitKind
from gasdesk.quality.models_facts import (
    CLOCKS,
    OrderCompletionFact,
    OrderDayFact,
    OrderFactMark,
)
from gasdesk.workorders.models import (
    CLOCK_MET_BY,
    RUNNING_STATUSES,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderStatus,
)

OVERLAP = 1000
# "Past due" counts may lag the clock by this much, as the breach scan's flags do (WO-6).
CLOCK_TOLERANCE = dt.timedelta(seconds=60)
MARK = "orders"
FINISHED = (WorkOrderStatus.COMPLETED, WorkOrderStatus.CLOSED)


# -- what each count means -------------------------------------------------------------------


@dataclass(frozen=True)
class ClockQ:
    """One deadline clock's conditions on an order (KPI-1…5, RPT-2 compliance)."""

    due: Q
    met: Q
    late: Q
    decided: Q


def clock_q(clock: str, now: dt.datetime) -> ClockQ:
    """due = carries the deadline; met = its event at or before it; late = flagged by the breach
    scan or met after it; decided = met, late, past due and not suspended (CAL-9: a suspended
    clock is paused), or finished (a completed order can no longer meet it)."""
    due, met_at = f"{clock}_due_at", CLOCK_MET_BY[clock]
    flagged = Q(**{f"{clock}_breached_at__isnull": False})
    has = Q(**{f"{due}__isnull": False})
    overdue = Q(**{f"{due}__lte": now}) & ~Q(status=WorkOrderStatus.SUSPENDED)
    return ClockQ(
        due=has,
        met=has & Q(**{f"{met_at}__lte": F(due)}),
        late=has & (flagged | Q(**{f"{met_at}__gt": F(due)})),
        decided=has
        & (Q(**{f"{met_at}__isnull": False}) | flagged | overdue | Q(status__in=FINISHED)),
    )


def repeated_q() -> GreaterThan:
    """KPI-20 repeat visit: the order was entered more than once (its visits other than 到访不遇),
    a correlated count on fw_visit_order_idx."""
    entries = (
        FieldVisit.objects.filter(order_id=OuterRef("pk"))
        .exclude(outcome=VisitOutcome.NOT_MET)
        .order_by()
        .values("order_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return GreaterThan(Subquery(entries, output_field=IntegerField()), 1)


def completed_orders() -> QuerySet[WorkOrder]:
    """Orders done (completed or archived), over wo_company_completed_idx."""
    return WorkOrder.objects.filter(status__in=FINISHED, completed_at__isnull=False)


def _day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=SHANGHAI)


def _received_counts(now: dt.datetime) -> dict[str, Count]:
    live = ~Q(status=WorkOrderStatus.CANCELLED)
    counts = {
        "received": Count("id"),
        "cancelled": Count("id", filter=~live),
        "completed": Count("id", filter=Q(completed_at__isnull=False)),
    }
    for clock in CLOCKS:
        q = clock_q(clock, now)
        for name in ("due", "met", "late", "decided"):
            counts[f"{clock}_{name}"] = Count("id", filter=live & getattr(q, name))
    return counts


# -- rebuilding days -------------------------------------------------------------------------


def _received_rows(
    company_id: int, start: dt.date, end: dt.date, now: dt.datetime
) -> Iterator[Any]:
    rows = (
        WorkOrder.objects.filter(
            company_id=company_id, received_at__gte=start_of(start), received_at__lt=start_of(end)
        )
        .annotate(day=_day("received_at"))
        .order_by()
        .values("day", "org_unit_id", "business_type", "business_type_name", "channel", "tier")
        .annotate(**_received_counts(now))
    )
    for row in rows.iterator(chunk_size=5000):
        yield OrderDayFact(company_id=company_id, **row)


def _completion_rows(company_id: int, start: dt.date, end: dt.date) -> Iterator[Any]:
    rows = (
        completed_orders()
        .filter(
            company_id=company_id, completed_at__gte=start_of(start), completed_at__lt=start_of(end)
        )
        .annotate(day=_day("completed_at"))
        .order_by()
        .values("day", "org_unit_id", "business_type", "tier")
        .annotate(completed=Count("id"), repeated=Count("id", filter=repeated_q()))
    )
    for row in rows.iterator(chunk_size=5000):
        yield OrderCompletionFact(company_id=company_id, **row)


def _ranges(days: Iterable[dt.date]) -> Iterator[tuple[dt.date, dt.date]]:
    """Sorted days merged into half-open runs [start, end) of consecutive days."""
    start = end = None
    for day in sorted(set(days)):
        if end is not None and day == end:
            end = day + dt.timedelta(days=1)
            continue
        if start is not None and end is not None:
            yield start, end
        start, end = day, day + dt.timedelta(days=1)
    if start is not None and end is not None:
        yield start, end


def rebuild_days(
    company_id: int,
    received: Iterable[dt.date],
    completed: Iterable[dt.date],
    now: dt.datetime,
) -> int:
    """Replace the facts of these days of one company; returns the rows written."""
    written = 0
    with transaction.atomic():
        for start, end in _ranges(received):
            OrderDayFact.objects.filter(company_id=company_id, day__gte=start, day__lt=end).delete()
            rows = _received_rows(company_id, start, end, now)
            written += len(OrderDayFact.objects.bulk_create(rows, batch_size=2000))
        for start, end in _ranges(completed):
            OrderCompletionFact.objects.filter(
                company_id=company_id, day__gte=start, day__lt=end
            ).delete()
            done = _completion_rows(company_id, start, end)
            written += len(OrderCompletionFact.objects.bulk_create(done, batch_size=2000))
    return written


def _month_days(first: dt.date, last: dt.date) -> Iterator[list[dt.date]]:
    """The days from `first` to `last` (inclusive), a calendar month per list."""
    start = first
    while start <= last:
        following = month_bounds(start)[1]
        end = min(following, last + dt.timedelta(days=1))
        yield [start + dt.timedelta(days=i) for i in range((end - start).days)]
        start = following


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else to_shanghai(moment).date()


def rebuild_company(company_id: int, now: dt.datetime) -> int:
    """Every day of one company, a month at a time (the first refresh, `order_facts`)."""
    span = WorkOrder.objects.filter(company_id=company_id).aggregate(
        first=Min("received_at"), last=Max("received_at")
    )
    done = completed_orders().filter(company_id=company_id).aggregate(m=Max("completed_at"))
    first, last = _local_date(span["first"]), _local_date(span["last"])
    if first is None or last is None:
        return 0
    last = max(last, _local_date(done["m"]) or last)
    written = 0
    for days in _month_days(first, last):
        written += rebuild_days(company_id, days, days, now)
    return written


# -- finding what changed --------------------------------------------------------------------


@dataclass
class Dirty:
    received: dict[int, set[dt.date]]
    completed: dict[int, set[dt.date]]

    def add(self, rows: Iterable[tuple[int, dt.date | None, dt.date | None]]) -> None:
        for company_id, received_day, completed_day in rows:
            if received_day is not None:
                self.received[company_id].add(received_day)
            if completed_day is not None:
                self.completed[company_id].add(completed_day)


def _days_of(orders: QuerySet[WorkOrder]) -> Any:
    return (
        orders.annotate(rd=_day("received_at"), cd=_day("completed_at"))
        .order_by()
        .values_list("company_id", "rd", "cd")
        .distinct()
    )


def _dirty(mark: OrderFactMark, last_order: int, last_event: int, now: dt.datetime) -> Dirty:
    """The days to rebuild; nothing is read when no id moved and the clock stood still."""
    dirty = Dirty(defaultdict(set), defaultdict(set))
    if last_order != mark.last_order_id:
        new = WorkOrder.objects.filter(id__gt=mark.last_order_id - OVERLAP, id__lte=last_order)
        dirty.add(_days_of(new))
    if last_event != mark.last_event_id:
        events = WorkOrderEvent.objects.filter(
            id__gt=mark.last_event_id - OVERLAP, id__lte=last_event
        )
        dirty.add(_days_of(WorkOrder.objects.filter(id__in=events.values("order_id"))))
    low, high = sorted((mark.as_of or now, now))
    for clock in CLOCKS:  # over the breach scan's partial indexes (wo_<clock>_breach_idx)
        passed = WorkOrder.objects.filter(
            status__in=RUNNING_STATUSES,
            **{
                f"{clock}_due_at__gt": low,
                f"{clock}_due_at__lte": high,
                f"{CLOCK_MET_BY[clock]}__isnull": True,
                f"{clock}_breached_at__isnull": True,
            },
        )
        dirty.add(_days_of(passed))
    return dirty


def _with_last_ids(marks: QuerySet[OrderFactMark]) -> QuerySet[OrderFactMark]:
    """The mark with the newest order and event ids, in one query (both primary keys)."""
    newest = {
        "order_max": WorkOrder.objects.order_by("-id").values("id")[:1],
        "event_max": WorkOrderEvent.objects.order_by("-id").values("id")[:1],
    }
    return marks.filter(key=MARK).annotate(
        **{name: Subquery(ids, output_field=BigIntegerField()) for name, ids in newest.items()}
    )


def _settled(mark: Any, now: dt.datetime) -> bool:
    """Nothing new since the mark, and the clock moved less than the breach scan's period."""
    return (
        mark.as_of is not None
        and (mark.order_max or 0, mark.event_max or 0) == (mark.last_order_id, mark.last_event_id)
        and abs(now - mark.as_of) < CLOCK_TOLERANCE
    )


def _locked_mark() -> Any:
    OrderFactMark.objects.get_or_create(key=MARK)
    return _with_last_ids(OrderFactMark.objects.select_for_update(of=("self",))).get()


def refresh(now: dt.datetime | None = None) -> int:
    """Bring the facts up to date with the orders; returns the rows written (0: nothing to do).

    One query when nothing changed. Otherwise one transaction holding the mark's row lock, so
    concurrent refreshes take turns and the second finds nothing left to do."""
    now = now or timezone.now()
    seen = _with_last_ids(OrderFactMark.objects.all()).first()
    if seen is not None and _settled(seen, now):
        return 0
    with transaction.atomic():
        mark = _locked_mark()
        last_order, last_event = mark.order_max or 0, mark.event_max or 0
        if mark.as_of is None:
            companies = OrgUnit.objects.filter(kind=OrgUnitKind.COMPANY)
            written = sum(rebuild_company(c, now) for c in companies.values_list("id", flat=True))
        else:
            dirty = _dirty(mark, last_order, last_event, now)
            written = sum(
                rebuild_days(c, dirty.received[c], dirty.completed[c], now)
                for c in set(dirty.received) | set(dirty.completed)
            )
        OrderFactMark.objects.filter(key=MARK).update(
            last_order_id=last_order, last_event_id=last_event, as_of=now
        )
    return written


def rebuild(now: dt.datetime | None = None) -> int:
    """Forget the mark and rebuild every day (command `gasdesk order_facts --rebuild`)."""
    with transaction.atomic():
        OrderFactMark.objects.filter(key=MARK).delete()
        OrderDayFact.objects.all().delete()
        OrderCompletionFact.objects.all().delete()
        return refresh(now)


# -- reading ---------------------------------------------------------------------------------


FactModel = TypeVar("FactModel", OrderDayFact, OrderCompletionFact)


def facts_of(  # noqa: PLR0913 - the scope's filters, each optional but the company and days
    model: type[FactModel],
    company_id: int,
    start: dt.date,
    end: dt.date,
    *,
    unit_ids: Iterable[int] | None = None,
    tier: str = "",
) -> QuerySet[FactModel]:
    """Facts of orders received (OrderDayFact) or completed (OrderCompletionFact) in
    [start, end); None units = the whole company. Callers refresh first."""
    facts = model.objects.filter(company_id=company_id, day__gte=start, day__lt=end)
    if unit_ids is not None:
        facts = facts.filter(org_unit_id__in=list(unit_ids))
    return facts.filter(tier=tier) if tier else facts


def settle_recent(now: dt.datetime) -> int:
    """Rebuild every day of this month and last month for every company (nightly job).

    A month of a company at a time, each under the mark's lock: a refresh rebuilding the same
    day at once would otherwise insert its rows beside ours (two DELETEs, two INSERTs)."""
    today = to_shanghai(now).date()
    first = month_bounds(today.replace(day=1) - dt.timedelta(days=1))[0]  # last month's 1st
    companies = OrgUnit.objects.filter(kind=OrgUnitKind.COMPANY).values_list("id", flat=True)
    written = 0
    for company_id in companies:
        for days in _month_days(first, today):
            with transaction.atomic():
                _locked_mark()
                written += rebuild_days(company_id, days, days, now)
    return written
