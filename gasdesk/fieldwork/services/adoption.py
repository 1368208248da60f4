"""Adopt orders dispatched outside field work (DSP-1, DSP-2): the workorders pages and API
dispatch (派工) an order without creating its `Assignment`, and workorders may not import
fieldwork. The acceptance scan (and a technician signing for such an order) therefore gives
every dispatched order whose assignee holds no current Assignment one, with the acceptance
deadline computed by the same pure rule (`acceptance.plan_acceptance`) from the dispatch time
recorded in the order's history (the newest DISPATCHED/REASSIGNED WorkOrderEvent).

Set-based: one values() query per batch (the dispatch time and dispatcher as subqueries on
wo_event_order_idx), one UPDATE ending stale assignments, one bulk INSERT that skips orders a
concurrent `assign_order` adopted first (the one-current-assignment constraint), one bulk
INSERT of history rows for the assignments actually written.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import BigIntegerField, Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from gasdesk.business_calendar.periods import WorkdayCalendar
from gasdesk.business_calendar.selectors import workday_calendar
from gasdesk.core.errors import RuleViolation
from gasdesk.fieldwork.acceptance import AcceptancePlan, plan_acceptance
from gasdesk.fieldwork.models import Assignment, FieldEvent
from gasdesk.fieldwork.services.common import field_rules, iso
from gasdesk.standards.lookup import loaded_pack
from gasdesk.workorders.models import WorkOrder, WorkOrderEvent
from gasdesk.workorders.models import WorkOrderStatus as S

BATCH = 1000
DISPATCH_KINDS = ("DISPATCHED", "REASSIGNED")
ROW_FIELDS = ("pk", "pack_id", "business_type", "assignee_id", "team_id", "at", "by_id")


def orphans(orders: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """Dispatched orders whose assignee holds no current Assignment (none at all, or a stale
    one left by a reassignment made on the workorders pages)."""
    held = Assignment.objects.filter(
        order=OuterRef("pk"), is_current=True, technician=OuterRef("assignee")
    )
    return orders.filter(status=S.DISPATCHED, assignee__isnull=False).filter(~Exists(held))


def _rows(orders: QuerySet[WorkOrder], after: int) -> list[dict[str, Any]]:
    """One batch with the dispatch moment and dispatcher from the order's history (the
    order's own timestamps stand in for history written before events existed)."""
    dispatch = WorkOrderEvent.objects.filter(
        order=OuterRef("pk"), kind__in=DISPATCH_KINDS
    ).order_by("-at", "-id")
    qs = orphans(orders).filter(pk__gt=after).order_by("pk")
    qs = qs.annotate(
        at=Coalesce(Subquery(dispatch.values("at")[:1]), F("updated_at")),
        by_id=Coalesce(
            Subquery(dispatch.values("by_id")[:1]),
            F("first_responder_id"),
            output_field=BigIntegerField(),
        ),
        team_id=F("assignee__org_unit"),
    )
    return list(qs.values(*ROW_FIELDS)[:BATCH])


class _Planner:
    """The pure acceptance rule per row; each pack's rules are read once per run."""

    def __init__(self, calendar: WorkdayCalendar) -> None:
        self.calendar = calendar
        self.rules: dict[int, Any] = {}

    def plan(self, row: dict[str, Any]) -> AcceptancePlan | None:
        pack_id = row["pack_id"]
        if pack_id not in self.rules:
            pack = loaded_pack(pack_id).pack
            try:
                self.rules[pack_id] = (field_rules(pack).acceptance, pack.calendar.pool_sign_by)
            except RuleViolation:
                self.rules[pack_id] = None  # a pack without field rules: nothing to adopt
        if self.rules[pack_id] is None or row["team_id"] is None:
            return None
        rules, sign_by = self.rules[pack_id]
        return plan_acceptance(
            rules,
            sign_by,
            business_type=row["business_type"],
            assigned_at=row["at"],
            calendar=self.calendar,
        )


def _assignment(row: dict[str, Any], plan: AcceptancePlan) -> Assignment:
    return Assignment(
        order_id=row["pk"],
        team_id=row["team_id"],
        technician_id=row["assignee_id"],
        assigned_by_id=row["by_id"],
        assigned_at=row["at"],
        kind=plan.kind,
        accept_due_at=plan.accept_due_at,
        pools_at=plan.pools_at,
        contact_due_at=plan.contact_due_at,
    )


def _history(made: list[Assignment], now: datetime) -> list[FieldEvent]:
    """ADOPTED rows for the assignments this run wrote (a concurrent assign_order's row,
    with another technician or moment, is not ours to log)."""
    ours = {(a.order_id, a.technician_id, a.assigned_at): a for a in made}
    written = Assignment.objects.filter(order_id__in=[a.order_id for a in made], is_current=True)
    keys = written.values_list("order_id", "technician_id", "assigned_at")
    return [
        FieldEvent(
            order_id=key[0],
            kind="ADOPTED",
            at=now,
            by_name="系统",
            data={
                "technician": key[1],
                "dispatched_at": iso(key[2]),
                "accept_due_at": iso(ours[key].accept_due_at),
                "kind": ours[key].kind,
            },
        )
        for key in keys
        if key in ours
    ]


def _adopt_batch(made: list[Assignment], now: datetime) -> int:
    with transaction.atomic():
        still_assignee = WorkOrder.objects.filter(
            pk=OuterRef("order"), assignee=OuterRef("technician")
        )
        Assignment.objects.filter(order_id__in=[a.order_id for a in made], is_current=True).exclude(
            Exists(still_assignee)
        ).update(is_current=False, ended_at=now)
        Assignment.objects.bulk_create(made, ignore_conflicts=True)
        events = FieldEvent.objects.bulk_create(_history(made, now))
    return len(events)


def adopt_dispatched(now: datetime, orders: QuerySet[WorkOrder] | None = None) -> int:
    """Give every orphaned dispatched order (of `orders`, default all) its Assignment; returns
    how many were adopted. Steps: 1. read a batch of orphans with their dispatch moment;
    2. plan each by the pack rule; 3. end stale rows, insert the new ones and their history."""
    base = WorkOrder.objects.all() if orders is None else orders
    planner, after, done = _Planner(workday_calendar()), 0, 0
    while rows := _rows(base, after):
        after = rows[-1]["pk"]
        planned = [(row, planner.plan(row)) for row in rows]
        made = [_assignment(row, plan) for row, plan in planned if plan is not None]
        if made:
            done += _adopt_batch(made, now)
    return done
