"""Replays demo orders through intake and the state machine, in time order (WO-1, WO-5, WO-6).

Every order is opened with `intake.create_work_order` (received in the past) and moved with
`services.apply_transition(..., at=…)`, so numbers, deadlines, events and checks are exactly
those of the UI. Steps of all orders are played in one chronological stream, and before each
step the breach job (`workorders.jobs.scan_breaches`) runs at every deadline that passed in
between, as its 60-second schedule would have, so late orders carry their BREACHED events.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from gasdesk.business_calendar.periods import CalendarDataMissing
from gasdesk.business_calendar.selectors import workday_calendar
from gasdesk.customers.models import Customer
from gasdesk.demo.builders.customers import CustomerRef
from gasdesk.demo.builders.orgtree import DemoCompany, Outlet
from gasdesk.demo.builders.scenarios import DEFAULT_SPAN, Dues, OrderScenario, Step, TypeSlot
from gasdesk.demo.builders.scenarios import timeline as plan_timeline
from gasdesk.demo.builders.staff import CompanyStaff
from gasdesk.org.models import User
from gasdesk.standards.lookup import LoadedPack
from gasdesk.standards.schema import Area, BusinessType, StartEvent, Tier
from gasdesk.workorders.deadlines import compute_deadlines, period_options
from gasdesk.workorders.intake import WorkOrderInput, create_work_order
from gasdesk.workorders.jobs import scan_breaches
from gasdesk.workorders.models import CLOCK_MET_BY, Channel, WorkOrder
from gasdesk.workorders.services import apply_transition, record_payment

# The breach job runs every minute: a deadline is flagged within a minute of passing.
SCAN_DELAY = timedelta(minutes=1)
# C3/C4 orders: the demo customer pays two hours after applying (their clocks start then).
PAYMENT_DELAY = timedelta(hours=2)
INSPECTION_FAMILY = "inspection"
# What each step stamps on the order (the columns services._changes_for sets).
STAMPS = {
    "accept": "responded_at",
    "arrive": "arrived_at",
    "complete": "completed_at",
    "close": "closed_at",
}
DESK_ACTIONS = frozenset({"dispatch", "reassign", "suspend", "resume", "close"})
FIELD_ACTIONS = frozenset({"accept", "arrive", "start_work", "complete", "return"})


@dataclass
class CompanyContext:
    """One company's pack, staff and customers, as the order builders need them."""

    company: DemoCompany
    staff: CompanyStaff
    loaded: LoadedPack
    customers: list[CustomerRef]

    def outlet(self, scenario: OrderScenario) -> Outlet:
        if scenario.customer_index is not None:
            unit_pk = self.customers[scenario.customer_index].unit_pk
            return next(o for o in self.company.outlets if o.unit.pk == unit_pk)
        return self.company.outlets[scenario.outlet_index]

    def business_type(self, code: str) -> BusinessType:
        return self.loaded.pack.business_type(code)

    def technicians(self, scenario: OrderScenario, outlet: Outlet) -> list[User]:
        family = self.business_type(scenario.business_type).family
        teams = self.staff.inspection_technicians if family == INSPECTION_FAMILY else None
        return (teams or self.staff.repair_technicians)[outlet.unit.pk]

    def creator(self, scenario: OrderScenario, outlet: Outlet) -> User:
        """WO-5: who registers the order is its first responder (on site: the outlet's desk)."""
        if scenario.channel == Channel.ON_SITE:
            return self.staff.dispatchers[outlet.unit.pk]
        return self.staff.agents[scenario.seed % len(self.staff.agents)]


def type_slots(loaded: LoadedPack, now: datetime) -> list[TypeSlot]:
    """Each business type with its longest deadline, from the real deadline functions.

    Probed from `now`, the latest receipt the demo uses: a type whose deadline needs holiday
    data the calendar lacks (working days into a year chinesecalendar does not know yet, CAL-4)
    is left out rather than failing the whole demo.
    """
    calendar, options = workday_calendar(), period_options(loaded.pack.calendar)
    slots = []
    for business_type in loaded.pack.business_types:
        try:
            deadlines = compute_deadlines(
                business_type,
                tier=Tier.GENERAL,
                area=Area.URBAN,
                starts={StartEvent.RECEIVED: now, StartEvent.PAID: now},
                calendar=calendar,
                options=options,
            )
        except CalendarDataMissing:
            continue
        span = max((d.due_at - now for d in deadlines), default=DEFAULT_SPAN)
        slots.append(TypeSlot(business_type.code, business_type.name, business_type.family, span))
    return slots


def needs_payment(business_type: BusinessType) -> bool:
    """C3/C4: some clocks start only when the customer pays."""
    return any(c.start_event == StartEvent.PAID for c in business_type.commitments)


def dues_of(order: WorkOrder) -> Dues:
    values = [
        getattr(order, f"{clock}_due_at")
        for clock in CLOCK_MET_BY
        if getattr(order, f"{clock}_due_at") is not None
    ]
    return Dues(order.received_at, min(values, default=None), max(values, default=None))


@dataclass
class _LiveOrder:
    order: WorkOrder
    context: CompanyContext
    scenario: OrderScenario
    outlet: Outlet
    creator: User
    technicians: list[User]
    assignee: User | None = None


@dataclass(order=True)
class _Entry:
    at: datetime
    seq: int
    payload: Any = field(compare=False)


class ServiceReplay:
    """The chronological stream of creations and steps, with the breach job in between."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.queue: list[_Entry] = []
        self.seq = itertools.count()
        self.deadlines: list[datetime] = []
        self.customers: dict[int, Customer] = {}
        self.created = 0

    def add(self, context: CompanyContext, scenarios: Iterable[OrderScenario]) -> None:
        scenarios = list(scenarios)
        wanted = [
            context.customers[s.customer_index].pk
            for s in scenarios
            if s.customer_index is not None
        ]
        self.customers.update(Customer.objects.in_bulk(wanted))
        for scenario in scenarios:
            self._push(scenario.received_at, _CreateEntry(context, scenario))

    def run(self) -> int:
        while self.queue:
            entry = heapq.heappop(self.queue)
            self._scan_until(entry.at)
            payload = entry.payload
            if isinstance(payload, _CreateEntry):
                self._create(payload.context, payload.scenario)
            else:
                self._apply(payload.live, payload.step)
        self._scan_until(self.now)
        scan_breaches(self.now)
        return self.created

    def _push(self, at: datetime, payload: object) -> None:
        heapq.heappush(self.queue, _Entry(at, next(self.seq), payload))

    def _scan_until(self, moment: datetime) -> None:
        """Run the breach job at each deadline (plus its minute) that passed before `moment`."""
        last_scan: datetime | None = None
        while self.deadlines and self.deadlines[0] + SCAN_DELAY <= moment:
            due = heapq.heappop(self.deadlines)
            scan_at = due + SCAN_DELAY
            if scan_at != last_scan:
                scan_breaches(scan_at)
                last_scan = scan_at

    def _watch(self, order: WorkOrder, steps: Sequence[Step] | None = None) -> None:
        """Remember the deadlines the breach job will have to look at.

        With the planned steps known, a clock met in time needs no scan (most of them)."""
        met_at = {STAMPS[s.action]: s.at for s in steps or () if s.action in STAMPS}
        for clock, met in CLOCK_MET_BY.items():
            due = getattr(order, f"{clock}_due_at")
            if due is None or due + SCAN_DELAY >= self.now:
                continue
            if steps is None or met not in met_at or met_at[met] > due:
                heapq.heappush(self.deadlines, due)

    def _create(self, context: CompanyContext, scenario: OrderScenario) -> None:
        outlet = context.outlet(scenario)
        creator = context.creator(scenario, outlet)
        order = create_work_order(self._input(context, scenario, outlet), by=creator)
        if needs_payment(context.business_type(scenario.business_type)):
            paid_at = min(scenario.received_at + PAYMENT_DELAY, self.now - SCAN_DELAY)
            order = record_payment(order, by=creator, paid_at=paid_at)
        self.created += 1
        live = _LiveOrder(
            order, context, scenario, outlet, creator, context.technicians(scenario, outlet)
        )
        steps = plan_timeline(scenario, dues_of(order), now=self.now)
        self._watch(order, steps)
        for step in steps:
            self._push(step.at, _StepEntry(live, step))

    def _input(
        self, context: CompanyContext, scenario: OrderScenario, outlet: Outlet
    ) -> WorkOrderInput:
        base: dict[str, Any] = {
            "business_type": scenario.business_type,
            "channel": scenario.channel,
            "description": scenario.description,
            "org_unit": outlet.unit,
            "received_at": scenario.received_at,
        }
        if scenario.customer_index is None:
            caller = scenario.caller
            return WorkOrderInput(
                caller_name=caller.name,
                caller_phone=caller.phone,
                address=outlet.spec.place + caller.address_suffix,
                **base,
            )
        ref = context.customers[scenario.customer_index]
        return WorkOrderInput(
            customer=self.customers[ref.pk], caller_name=ref.name, caller_phone=ref.phone, **base
        )

    def _apply(self, live: _LiveOrder, step: Step) -> None:
        params: dict[str, Any] = {}
        if step.action in ("dispatch", "reassign"):
            live.assignee = pick_technician(
                live.technicians, live.scenario.seed, avoid=live.assignee
            )
            params["assignee"] = live.assignee
        if step.suspend_reason:
            params["suspend_reason"] = step.suspend_reason
        if step.result:
            params["result"] = step.result
        live.order = apply_transition(
            live.order,
            step.action,
            by=_actor(live, step.action),
            reason=step.reason,
            at=step.at,
            **params,
        )
        if step.action == "resume":
            self._watch(live.order)


@dataclass(frozen=True)
class _CreateEntry:
    context: CompanyContext
    scenario: OrderScenario


@dataclass(frozen=True)
class _StepEntry:
    live: _LiveOrder
    step: Step


def _actor(live: _LiveOrder, action: str) -> User:
    return actor_for(
        live.context, live.outlet, action, assignee=live.assignee, creator=live.creator
    )


def actor_for(
    context: CompanyContext, outlet: Outlet, action: str, *, assignee: User | None, creator: User
) -> User:
    """Field steps by the assigned technician, desk steps by the outlet's dispatcher."""
    if action in FIELD_ACTIONS and assignee is not None:
        return assignee
    if action in DESK_ACTIONS:
        return context.staff.dispatchers[outlet.unit.pk]
    return creator


def pick_technician(people: Sequence[User], seed: int, *, avoid: User | None) -> User:
    choices = [p for p in people if p != avoid] or list(people)
    return choices[seed % len(choices)]
