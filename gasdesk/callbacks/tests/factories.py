"""Plain factories for callbacks: completed orders of a service day, in bulk, cloned from one
order made through the intake service (the job reads them exactly as real completed orders)."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from gasdesk.customers.models import Customer
from gasdesk.org.models import OrgUnit, User
from gasdesk.workorders.models import WorkOrder, WorkOrderStatus
from gasdesk.workorders.tests.factories import make_order

_seq = itertools.count(1)


def make_completed_orders(
    *,
    by: User,
    org_unit: OrgUnit,
    business_type: str,
    completed_at: datetime,
    count: int = 1,
    customer: Customer | None = None,
    **overrides: Any,
) -> list[WorkOrder]:
    """`count` orders of `business_type` completed at `completed_at` (status completed)."""
    template = make_order(
        by=by, org_unit=org_unit, business_type=business_type, received_at=completed_at, **overrides
    )
    WorkOrder.objects.filter(pk=template.pk).update(
        status=WorkOrderStatus.COMPLETED,
        completed_at=completed_at,
        customer=customer,
        tier=customer.tier if customer else "general",
    )
    template.refresh_from_db()
    clones = []
    for _ in range(count - 1):
        clone = WorkOrder.objects.get(pk=template.pk)
        clone.pk = None
        clone.number = f"T{next(_seq):014d}"
        clones.append(clone)
    return [template, *WorkOrder.objects.bulk_create(clones)]
