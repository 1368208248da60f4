"""Plain factories for customers (STYLE 2.6.3).

`make_customer` writes rows directly (no pack needed) for selector, API and view tests;
service tests call the services themselves.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from gasdesk.customers.models import Customer, CustomerAddress, CustomerPhone
from gasdesk.org.models import OrgUnit
from gasdesk.standards.schema import Area, Category, Tier

_seq = itertools.count(1)


def make_customer(
    org_unit: OrgUnit,
    *,
    phones: Sequence[str] = (),
    address: str | None = None,
    area: Area = Area.URBAN,
    **fields: Any,
) -> Customer:
    n = next(_seq)
    values: dict[str, Any] = {
        "account_no": f"T{n:08d}",
        "name": f"客户{n}",
        "category": Category.RESIDENTIAL,
        "tier": Tier.GENERAL,
        **fields,
    }
    customer = Customer.objects.create(org_unit=org_unit, **values)
    for number in phones or (f"1390000{n:04d}",):
        CustomerPhone.objects.create(customer=customer, number=number)
    CustomerAddress.objects.create(
        customer=customer,
        text=address or f"巢湖市健康路{n}号",
        area=area,
        is_primary=True,
    )
    return customer


def customer_payload(**overrides: Any) -> dict[str, Any]:
    """Input for services.create_customer as a form or the API would pass it."""
    n = next(_seq)
    return {
        "account_no": f"CH{n:08d}",
        "name": f"巢湖宾馆{n}",
        "category": Category.COMMERCIAL.value,
        "contract_volume_m3_per_day": "600",
        "actual_volume_m3_per_day": "650",
        "phones": ["0551-8234 5678"],
        "addresses": [{"text": "巢湖市卧牛山路88号", "area": ""}],
        **overrides,
    }
