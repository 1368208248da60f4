"""Daily order facts (工单日汇总) behind the order KPIs, the monthly report and the dashboard.

Why: at 20 M orders each figure over a month's million orders was a pass over ~800 MB of heap
(1.8–2.8 s each, eight per report; bench/README.md). These rows hold the same counts per
Shanghai day × unit × business type × channel × tier, so a month is a sum over a few thousand
rows. They are derived data: `quality.order_facts` rebuilds a day from the orders whenever an
order of that day is created or changed (its history events say which), and a figure's
drill-down still lists the orders themselves.
"""

from __future__ import annotations

from django.db import models

from gasdesk.workorders.models import CLOCK_MET_BY

CLOCKS = tuple(CLOCK_MET_BY)  # response, arrival, completion


class _DayFact(models.Model):
    """What both fact tables are keyed by: the company, a Shanghai day, unit, type and tier."""

    company = models.ForeignKey(
        "org.OrgUnit", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    business_type = models.CharField(max_length=40)
    tier = models.CharField(max_length=12)

    class Meta:
        abstract = True


class OrderDayFact(_DayFact):
    """Orders received on `day`, one row per unit × business type × channel × tier.

    `received`, `cancelled` and `completed` count every order; the clock columns leave out
    cancelled orders, as the KPIs do (KPI-1…5): `<clock>_due` has the deadline, `_met` met it,
    `_late` breached or met it late, `_decided` is met, late or past due at `as_of` (the
    denominator of an order-timeliness KPI).
    """

    business_type_name = models.CharField(max_length=60)
    channel = models.CharField(max_length=20)
    received = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    response_due = models.PositiveIntegerField(default=0)
    response_met = models.PositiveIntegerField(default=0)
    response_late = models.PositiveIntegerField(default=0)
    response_decided = models.PositiveIntegerField(default=0)
    arrival_due = models.PositiveIntegerField(default=0)
    arrival_met = models.PositiveIntegerField(default=0)
    arrival_late = models.PositiveIntegerField(default=0)
    arrival_decided = models.PositiveIntegerField(default=0)
    completion_due = models.PositiveIntegerField(default=0)
    completion_met = models.PositiveIntegerField(default=0)
    completion_late = models.PositiveIntegerField(default=0)
    completion_decided = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["company", "day"], name="qf_order_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.business_type} {self.received}"


class OrderCompletionFact(_DayFact):
    """Orders completed on `day` (not cancelled), one row per unit × business type × tier, with
    how many were entered more than once (KPI-20 repeat visits, counted by completion)."""

    completed = models.PositiveIntegerField(default=0)
    repeated = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["company", "day"], name="qf_completion_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.business_type} {self.completed}"


class OrderFactMark(models.Model):
    """How far the facts have read: the last order and history event ids seen, and the moment
    the "past due" counts were taken at. One row (key "orders")."""

    key = models.CharField(max_length=20, primary_key=True)
    last_order_id = models.BigIntegerField(default=0)
    last_event_id = models.BigIntegerField(default=0)
    as_of = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.key} @ {self.as_of}"
