"""Plain factories for campaign tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gasdesk.campaigns.models import Outage, OutageKind, SelectionKind
from gasdesk.campaigns.services.outages import OutageInput, create_outage
from gasdesk.org.models import OrgUnit, User


def make_outage(
    unit: OrgUnit, by: User, *, starts_at: datetime, now: datetime, **extra: Any
) -> Outage:
    values: dict[str, Any] = {
        "org_unit": unit,
        "title": "卧牛山路中压管线改造",
        "kind": OutageKind.PLANNED,
        "reason": "管网改造",
        "area_text": "卧牛山路沿线",
        "selection_kind": SelectionKind.ADDRESS,
        "selection_value": "卧牛山路",
        "starts_at": starts_at,
        "planned_restore_at": starts_at.replace(hour=18),
        **extra,
    }
    return create_outage(OutageInput(**values), by=by, now=now)


def bulk_customers(unit: OrgUnit, count: int, *, category: str, prefix: str) -> list[int]:
    """`count` customers with a primary address each, written in two bulk inserts."""
    from gasdesk.customers.models import Customer, CustomerAddress

    Customer.objects.bulk_create(
        Customer(org_unit=unit, account_no=f"{prefix}{i:06d}", name=f"客户{i}", category=category)
        for i in range(count)
    )
    ids = list(Customer.objects.filter(account_no__startswith=prefix).values_list("id", flat=True))
    CustomerAddress.objects.bulk_create(
        CustomerAddress(
            customer_id=pk,
            text=f"巢湖市{prefix}小区{n // 20}栋{n % 20}号",
            area="urban",
            is_primary=True,
        )
        for n, pk in enumerate(ids)
    )
    return ids
