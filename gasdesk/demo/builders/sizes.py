"""How much demo data each `gasdesk demo --size` builds (demo issue; ORG-1, CUST-1, WO-1).

The figures are demo volumes, not handbook numbers: small is what `make run` loads on every
fresh start and must build in seconds; medium and large exercise the lists, the queue and the
reports at realistic table sizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class AreaSize:
    """How much of each business area the demo adds after the orders (see areas.py)."""

    field_orders: int  # today's repair orders per outlet, at every stage of the day
    alarms: int  # open gas alarms per outlet
    regulations: int  # appointments, notices, promises … per outlet of the main company
    complaints: int  # per company with a complaint desk
    callback_days: int  # service days of callback batches, before today
    hotline_days: int
    calls_per_day: int


SMALL_AREAS = AreaSize(7, 1, 4, 24, 30, 30, 40)
MEDIUM_AREAS = AreaSize(14, 2, 8, 120, 30, 60, 120)
LARGE_AREAS = AreaSize(21, 3, 12, 400, 45, 90, 240)


@dataclass(frozen=True)
class DemoSize:
    """One size: customers, orders (of which open now, and opened today), staff per team."""

    name: str
    customers: int
    orders: int
    open_orders: int  # still open at the end, a few of them overdue (bounded: they are replayed)
    today_orders: int
    technicians_per_team: int
    extra_agents: int
    # small replays every order through the services; larger sizes bulk-write the closed
    # history (same deadline functions) and replay only the open orders (see bulk_orders.py).
    history_in_bulk: bool
    areas: AreaSize = SMALL_AREAS


SIZES: dict[str, DemoSize] = {
    size.name: size
    for size in (
        DemoSize("small", 300, 400, 24, 8, 2, 2, history_in_bulk=False),
        DemoSize("medium", 20_000, 20_000, 1_000, 30, 4, 4, True, MEDIUM_AREAS),
        DemoSize("large", 200_000, 200_000, 2_000, 60, 8, 8, True, LARGE_AREAS),
    )
}

# Orders are spread over this window before now (the issue: "over the past 6 months").
HISTORY = timedelta(days=183)
DEFAULT_SEED = 2026
DEMO_PASSWORD = "demo12345"
