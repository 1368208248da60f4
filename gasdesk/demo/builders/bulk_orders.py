"""Bulk-written order history for the medium and large demos (WO-1, WO-6, CAL-9).

Replaying 20,000–200,000 orders through the services costs ~30 queries each (far over the
two-minute budget), so the closed and cancelled history is built as rows and written with
bulk_create. It uses the same pieces as the services: `compute_deadlines` and
`shift_after_pause` for deadlines, the transition table for statuses and event kinds, the same
event data, and the order-number sequence (DailySequence is advanced to the numbers used).
Open orders — the ones anyone will act on — still go through the services (orders.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any

from django.utils import timezone

from gasdesk.business_calendar.periods import PeriodOptions, WorkdayCalendar
from gasdesk.business_calendar.selectors import workday_calendar
from gasdesk.business_calendar.units import Unit
from gasdesk.demo.builders.orders import (
    PAYMENT_DELAY,
    SCAN_DELAY,
    STAMPS,
    CompanyContext,
    actor_for,
    needs_payment,
    pick_technician,
)
from gasdesk.demo.builders.scenarios import Dues, OrderScenario, Step, timeline
from gasdesk.org.models import User
from gasdesk.standards.lookup import LoadedPack, pack_for_unit
from gasdesk.standards.schema import Area, StartEvent, Tier
from gasdesk.workorders.deadlines import ClockDeadline, compute_deadlines, period_options
from gasdesk.workorders.deadlines import shift_after_pause as shifted_due
from gasdesk.workorders.intake import NUMBER_PREFIX, SHANGHAI, format_number
from gasdesk.workorders.models import CLOCK_MET_BY, DailySequence, WorkOrder, WorkOrderEvent
from gasdesk.workorders.models import WorkOrderStatus as S
from gasdesk.workorders.transitions import RESTORE, TRANSITIONS

CHUNK = 2000
EVENT_BATCH = 5000


def write_history(
    context: CompanyContext, scenarios: Sequence[OrderScenario], *, now: datetime
) -> int:
    """Write the scenarios (closed/cancelled) in chunks of CHUNK orders with their events."""
    builder = _HistoryBuilder(context, now)
    numbers = _Numbers({_day(s.received_at) for s in scenarios})
    for chunk in _chunks(scenarios, CHUNK):
        built = [builder.build(s, numbers.next(s.received_at)) for s in chunk]
        orders = WorkOrder.objects.bulk_create([b.order for b in built])
        events = [e for b, o in zip(built, orders, strict=True) for e in b.bind(o)]
        WorkOrderEvent.objects.bulk_create(events, batch_size=EVENT_BATCH)
    numbers.save()
    return len(scenarios)


def _chunks(items: Sequence[OrderScenario], size: int) -> Iterator[list[OrderScenario]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


class _Numbers:
    """Order numbers as intake.next_number makes them (GD + date + daily sequence)."""

    def __init__(self, days: set[date]) -> None:
        taken = DailySequence.objects.filter(prefix=NUMBER_PREFIX, day__in=days)
        self.last: dict[date, int] = dict(taken.values_list("day", "last"))

    def next(self, at: datetime) -> str:
        day = _day(at)
        self.last[day] = self.last.get(day, 0) + 1
        return format_number(day, self.last[day])

    def save(self) -> None:
        """Advance each day's counter, so later intake continues after the demo's numbers."""
        for day, last in self.last.items():
            DailySequence.objects.update_or_create(
                prefix=NUMBER_PREFIX, day=day, defaults={"last": last}
            )


@dataclass
class _Built:
    order: WorkOrder
    events: list[WorkOrderEvent] = field(default_factory=list)

    def bind(self, saved: WorkOrder) -> list[WorkOrderEvent]:
        for event in self.events:
            event.order_id = saved.pk
        return self.events


@dataclass
class _Walk:
    """The order's columns as the steps change them, and the events they write."""

    status: str
    options: PeriodOptions  # of the pack that set the deadlines
    values: dict[str, Any] = field(default_factory=dict)
    basis: dict[str, Any] = field(default_factory=dict)
    events: list[WorkOrderEvent] = field(default_factory=list)
    assignee: User | None = None
    before_suspend: str = ""
    suspended_at: datetime | None = None


class _HistoryBuilder:
    def __init__(self, context: CompanyContext, now: datetime) -> None:
        self.context = context
        self.now = now
        self.calendar: WorkdayCalendar = workday_calendar()
        self.packs: dict[date, LoadedPack] = {}

    def build(self, scenario: OrderScenario, number: str) -> _Built:
        """One order and its events, as intake + apply_transition would have left them."""
        loaded = self._pack_on(scenario.received_at)
        outlet = self.context.outlet(scenario)
        creator = self.context.creator(scenario, outlet)
        order = self._order(scenario, number, outlet.unit, creator, loaded)
        walk = self._open(order, loaded, creator)
        dues = _dues(scenario.received_at, walk.values)
        technicians = self.context.technicians(scenario, outlet)
        for step in timeline(scenario, dues, now=self.now):
            if step.action in ("dispatch", "reassign"):
                walk.assignee = pick_technician(technicians, scenario.seed, avoid=walk.assignee)
            actor = actor_for(
                self.context, outlet, step.action, assignee=walk.assignee, creator=creator
            )
            self._apply(walk, step, actor)
        self._flag_breaches(walk)
        _finish(order, walk)
        return _Built(order, walk.events)

    def _pack_on(self, moment: datetime) -> LoadedPack:
        """The pack in force on the day of receipt, as intake resolves it (one query a day)."""
        day = _day(moment)
        if day not in self.packs:
            self.packs[day] = pack_for_unit(self.context.company.unit, moment)
        return self.packs[day]

    def _open(self, order: WorkOrder, loaded: LoadedPack, creator: User) -> _Walk:
        """Deadlines from the pack, then the CREATED (and PAID) events."""
        walk = _Walk(S.NEW, period_options(loaded.pack.calendar))
        version = loaded.record.version
        for d in self._deadlines(order, loaded, walk.options):
            walk.values[f"{d.clock.value}_due_at"] = d.due_at
            walk.basis[d.clock.value] = d.basis(version)
        created = self._event("CREATED", order.received_at, creator, "", S.NEW)
        created.data = {"pack": version, "deadlines": dict(walk.basis)}
        walk.events.append(created)
        if order.paid_at is not None:
            paid = self._event("PAID", order.paid_at, creator, S.NEW, S.NEW)
            paid.data = {"paid_at": _iso(order.paid_at), "deadlines": dict(walk.basis)}
            walk.events.append(paid)
        return walk

    def _order(
        self, scenario: OrderScenario, number: str, unit: Any, creator: User, loaded: LoadedPack
    ) -> WorkOrder:
        ref = None
        if scenario.customer_index is not None:
            ref = self.context.customers[scenario.customer_index]
        business_type = loaded.pack.business_type(scenario.business_type)
        area = ref.area if ref else (Area.URBAN if unit.is_urban else Area.REMOTE)
        paid_at = None
        if needs_payment(business_type):
            paid_at = min(scenario.received_at + PAYMENT_DELAY, self.now - SCAN_DELAY)
        return WorkOrder(
            number=number,
            company_id=unit.company_id,
            org_unit_id=unit.pk,
            business_type=business_type.code,
            business_type_name=business_type.name,
            channel=scenario.channel,
            customer_id=ref.pk if ref else None,
            caller_name=ref.name if ref else scenario.caller.name,
            caller_phone=ref.phone if ref else scenario.caller.phone,
            address=ref.address if ref else self._address(scenario),
            area=area.value,
            tier=(ref.tier if ref else Tier.GENERAL).value,
            description=scenario.description,
            first_responder_id=creator.pk,
            pack_id=loaded.record.pk,
            received_at=scenario.received_at,
            paid_at=paid_at,
        )

    def _address(self, scenario: OrderScenario) -> str:
        outlet = self.context.company.outlets[scenario.outlet_index]
        return outlet.spec.place + scenario.caller.address_suffix

    def _deadlines(
        self, order: WorkOrder, loaded: LoadedPack, options: PeriodOptions
    ) -> list[ClockDeadline]:
        starts = {StartEvent.RECEIVED: order.received_at}
        if order.paid_at is not None:
            starts[StartEvent.PAID] = order.paid_at
        return compute_deadlines(
            loaded.pack.business_type(order.business_type),
            tier=Tier(order.tier),
            area=Area(order.area),
            starts=starts,
            calendar=self.calendar,
            options=options,
        )

    def _apply(self, walk: _Walk, step: Step, actor: User) -> None:
        transition = TRANSITIONS[step.action]
        target = walk.before_suspend if transition.target == RESTORE else transition.target
        data: dict[str, Any] = {}
        if step.action in ("dispatch", "reassign") and walk.assignee is not None:
            data["assignee"] = walk.assignee.pk
        if step.action in STAMPS:
            walk.values.setdefault(STAMPS[step.action], step.at)
        if step.result:
            walk.values["result"] = step.result
        if step.action == "suspend":
            walk.before_suspend, walk.suspended_at = walk.status, step.at
        if step.action == "resume":
            self._resume(walk, step.at)
            data["deadlines"] = dict(walk.basis)
        event = self._event(transition.event, step.at, actor, walk.status, target, step.reason)
        event.data = data
        walk.events.append(event)
        walk.status = target

    def _resume(self, walk: _Walk, resumed_at: datetime) -> None:
        """CAL-9: every running deadline moves on by the pause (services._resume_changes)."""
        suspended_at = walk.suspended_at or resumed_at
        for clock, met in CLOCK_MET_BY.items():
            due = walk.values.get(f"{clock}_due_at")
            if due is None or walk.values.get(met) is not None:
                continue
            new_due = shifted_due(
                due,
                Unit(walk.basis[clock]["unit"]),
                suspended_at=suspended_at,
                resumed_at=resumed_at,
                calendar=self.calendar,
                options=walk.options,
            )
            walk.values[f"{clock}_due_at"] = new_due
            walk.basis[clock] = {**walk.basis[clock], "due_at": _iso(new_due)}
        walk.suspended_at = None

    def _flag_breaches(self, walk: _Walk) -> None:
        """What the breach job would have flagged: clocks met (or ended) over a minute late."""
        ended = walk.events[-1].at
        for clock, met in CLOCK_MET_BY.items():
            due = walk.values.get(f"{clock}_due_at")
            if due is None or due + SCAN_DELAY >= (walk.values.get(met) or ended):
                continue
            flagged_at = due + SCAN_DELAY
            walk.values[f"{clock}_breached_at"] = flagged_at
            event = WorkOrderEvent(kind="BREACHED", at=flagged_at, by_name="系统")
            event.data = {"clock": clock, "due_at": _iso(due)}
            walk.events.append(event)

    @staticmethod
    def _event(
        kind: str, at: datetime, by: User, from_status: str, to_status: str, reason: str = ""
    ) -> WorkOrderEvent:
        return WorkOrderEvent(
            kind=kind,
            at=at,
            by=by,
            by_name=str(by),
            reason=reason,
            from_status=from_status,
            to_status=to_status,
        )


def _dues(received_at: datetime, values: dict[str, Any]) -> Dues:
    due = [values[f"{clock}_due_at"] for clock in CLOCK_MET_BY if f"{clock}_due_at" in values]
    return Dues(received_at, min(due, default=None), max(due, default=None))


def _finish(order: WorkOrder, walk: _Walk) -> None:
    order.status = walk.status
    order.assignee = walk.assignee
    order.deadline_basis = walk.basis
    for name, value in walk.values.items():
        setattr(order, name, value)
    unmet = [
        walk.values[f"{clock}_due_at"]
        for clock, met in CLOCK_MET_BY.items()
        if f"{clock}_due_at" in walk.values and met not in walk.values
    ]
    order.next_due_at = min(unmet, default=None)


def _iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()
