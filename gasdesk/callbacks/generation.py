"""Creating each day's callback tasks from the orders completed that day (CB-2…5), set-based.

Steps of `create_day_batch` for one company and service day:
1. skip when the day's CallbackBatch exists (the job runs often, creates each day once);
2. one query: the day's completed/closed orders as tuples (id, type, tier, customer flags …);
3. sample in Python over ids (sampling.select_for_callback, pure and seeded);
4. in one transaction: the batch row (unique per company and day: a concurrent run loses),
   `bulk_create` of the tasks (ignore_conflicts on the unique work order), one CREATED event
   per task, also in bulk.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.business_calendar.selectors import period_deadline
from gasdesk.callbacks.models import CallbackBatch, CallbackEvent, CallbackTask, Selection
from gasdesk.callbacks.sampling import Completed, select_for_callback
from gasdesk.customers.choices import flag_field
from gasdesk.org.models import OrgUnit
from gasdesk.standards.lookup import LoadedPack, pack_for_unit
from gasdesk.standards.schema_base import CustomerFlag
from gasdesk.standards.sections.callbacks import CallbackRules
from gasdesk.workorders.deadlines import period_options
from gasdesk.workorders.models import WorkOrder, WorkOrderStatus

DONE_STATUSES = (WorkOrderStatus.COMPLETED, WorkOrderStatus.CLOSED)
INSERT_BATCH = 5000
_ORDER_FIELDS = ("id", "business_type", "business_type_name", "tier", "org_unit_id", "customer_id")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=SHANGHAI)
    return start, start + timedelta(days=1)


def _flag_names(rules: CallbackRules) -> list[str]:
    return sorted({str(flag) for rule in rules.full_callbacks for flag in rule.flags_any})


def completed_orders(company: OrgUnit, day: date, flags: list[str]) -> list[tuple[Any, ...]]:
    """The day's completed orders as plain tuples: one query (LEFT JOIN customer for flags)."""
    start, end = day_bounds(day)
    columns = [*_ORDER_FIELDS, *(f"customer__{flag_field(CustomerFlag(f))}" for f in flags)]
    qs = WorkOrder.objects.filter(
        company=company, status__in=DONE_STATUSES, completed_at__gte=start, completed_at__lt=end
    )
    return list(qs.values_list(*columns))


def _to_completed(row: tuple[Any, ...], flags: list[str]) -> Completed:
    offset = len(_ORDER_FIELDS)
    present = frozenset(name for name, on in zip(flags, row[offset:], strict=True) if on)
    return Completed(order_id=row[0], business_type=row[1], flags=present, tier=row[3])


@dataclass(frozen=True)
class DayPlan:
    """What one service day will create: the tasks (unsaved) and the per-group audit counts."""

    tasks: list[CallbackTask]
    counts: dict[str, dict[str, Any]]


def plan_day(
    company: OrgUnit, day: date, loaded: LoadedPack, rows: list[tuple[Any, ...]]
) -> DayPlan:
    """Build the day's tasks from the rows; nothing is written."""
    rules = loaded.pack.callbacks
    assert rules is not None
    flags = _flag_names(rules)
    by_id = {row[0]: row for row in rows}
    chosen = select_for_callback(
        (_to_completed(row, flags) for row in rows),
        rules,
        company=loaded.pack.company,
        day=day,
    )
    due = rules.due_after_service
    # Any service of the day gives the same day-unit deadline; the day's last instant is used
    # (00:00 would read as 24:00 of the day before, CAL-3).
    last_instant = day_bounds(day)[1] - timedelta(microseconds=1)
    due_at = period_deadline(
        last_instant, due.amount, due.unit, options=period_options(loaded.pack.calendar)
    )
    names = {g.code: g.name for g in rules.groups} | {r.code: r.name for r in rules.full_callbacks}
    common = {"company": company, "service_day": day, "due_at": due_at}
    tasks = [_task(by_id[s.order_id], s, names[s.group_code], common) for s in chosen]
    return DayPlan(tasks=tasks, counts=_counts(rules, rows, chosen))


def _task(row: tuple[Any, ...], s: Any, group_name: str, common: dict[str, Any]) -> Any:
    return CallbackTask(
        **common,
        org_unit_id=row[4],
        work_order_id=row[0],
        customer_id=row[5],
        business_type=row[1],
        business_type_name=row[2],
        group_code=s.group_code,
        group_name=group_name,
        selection=Selection.FULL if s.is_full else Selection.SAMPLED,
        is_full=s.is_full,
    )


def _counts(rules: CallbackRules, rows: list[tuple[Any, ...]], chosen: list[Any]) -> Any:
    """Population (after the 100 % rules took theirs) and chosen count per group, for audit."""
    full_codes = {r.code for r in rules.full_callbacks}
    full_ids = {s.order_id for s in chosen if s.group_code in full_codes}
    group_of = {bt: g.code for g in rules.groups for bt in g.business_types}
    population = Counter(
        group_of[row[1]] for row in rows if row[1] in group_of and row[0] not in full_ids
    )
    population.update(s.group_code for s in chosen if s.group_code in full_codes)
    picked = Counter(s.group_code for s in chosen)
    ratios = {g.code: str(g.ratio_percent) for g in rules.groups} | dict.fromkeys(full_codes, "100")
    return {
        code: {"population": population[code], "chosen": picked[code], "ratio_percent": ratio}
        for code, ratio in ratios.items()
    }


def create_day_batch(company: OrgUnit, day: date, *, now: datetime) -> CallbackBatch | None:
    """Create the callbacks of `company`'s service `day` once; None when done before or when
    the company's pack has no callbacks section."""
    if CallbackBatch.objects.filter(company=company, service_day=day).exists():
        return None
    loaded = pack_for_unit(company, day_bounds(day)[0])
    rules = loaded.pack.callbacks
    if rules is None:
        return None
    plan = plan_day(company, day, loaded, completed_orders(company, day, _flag_names(rules)))
    try:
        with transaction.atomic():
            batch = CallbackBatch.objects.create(
                company=company, service_day=day, pack=loaded.record, counts=plan.counts
            )
            _insert(batch, plan.tasks, now)
    except IntegrityError:
        return None  # another runner created the day first
    return batch


def _insert(batch: CallbackBatch, tasks: list[CallbackTask], now: datetime) -> None:
    for task in tasks:
        task.batch = batch
    CallbackTask.objects.bulk_create(tasks, batch_size=INSERT_BATCH, ignore_conflicts=True)
    created = CallbackTask.objects.filter(batch=batch).values_list("id", "group_code", "selection")
    CallbackEvent.objects.bulk_create(
        (
            CallbackEvent(
                task_id=pk,
                kind="CREATED",
                at=now,
                by_name="系统",
                data={"group": group, "selection": selection},
            )
            for pk, group, selection in created.iterator(chunk_size=INSERT_BATCH)
        ),
        batch_size=INSERT_BATCH,
    )
