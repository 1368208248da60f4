"""Periodic jobs of the quality app: keeping the daily order facts up to date.

Readers refresh the facts themselves before a figure, so these jobs only keep that step short
(the changes of five minutes, not of a day) and, nightly, rebuild this and last month whole:
a safety net for an order whose change the refresh could not see (an id committed far out of
order, a completion undone).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gasdesk.core.scheduling import job
from gasdesk.quality import order_facts


@job("quality.order_facts", every_seconds=300)
def refresh_order_facts(now: dt.datetime | None = None) -> int:
    return order_facts.refresh(now)


@job("quality.order_facts_settle", every_seconds=86400)
def settle_order_facts(now: dt.datetime | None = None) -> int:
    return order_facts.settle_recent(now or timezone.now())
