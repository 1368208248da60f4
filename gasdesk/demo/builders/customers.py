"""Writes the demo customers through the customer archive's own paths (CUST-1, CUST-3, CUST-4).

The small size opens every account with `customers.services.create_customer`, exactly as an
agent does in the UI; larger sizes write a CSV and run the bulk importer (`importing`), as a
company migrating its archive would. Either way the tier is computed from the pack, not here.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from gasdesk.customers.choices import flag_field
from gasdesk.customers.importing import import_customers
from gasdesk.customers.models import Customer
from gasdesk.customers.services import create_customer
from gasdesk.demo.builders.orgtree import CompanySpec, DemoCompany
from gasdesk.demo.builders.profiles import CustomerProfile, OutletSlot, customer_profiles
from gasdesk.demo.builders.staff import CompanyStaff
from gasdesk.org.models import User
from gasdesk.standards.lookup import LoadedPack
from gasdesk.standards.schema import Area, CustomerFlag, Tier

MANAGED_TIERS = frozenset({Tier.VIP, Tier.IMPORTANT})
_CSV_COLUMNS = (
    "account_no",
    "name",
    "category",
    "phones",
    "address",
    "area",
    "contract_volume_m3_per_day",
    "actual_volume_m3_per_day",
    "org_unit_code",
    "id_number",
    "meter_no",
    "meter_kind",
    *(flag_field(flag) for flag in CustomerFlag),
)


class DemoImportFailed(RuntimeError):
    """The importer refused the generated file: a bug in the demo profiles, never user input."""


@dataclass(frozen=True)
class CustomerRef:
    """What the order builders need of a customer, without holding 200,000 model instances."""

    pk: int
    unit_pk: int
    tier: Tier
    name: str
    phone: str
    address: str
    area: Area


def company_profiles(
    spec: CompanySpec, loaded: LoadedPack, *, count: int, seed: str, today: date
) -> list[CustomerProfile]:
    """The company's customers, spread over its outlets by their shares."""
    slots = [
        OutletSlot(
            unit_code=outlet.code,
            share=outlet.share,
            place=outlet.place,
            city=outlet.city,
            area=Area.URBAN if outlet.is_urban else Area.REMOTE,
        )
        for outlet in spec.outlets
    ]
    return customer_profiles(
        section=loaded.pack.tiers,
        count=count,
        outlets=slots,
        account_prefix=spec.account_prefix,
        seed=seed,
        today=today,
    )


def create_through_services(
    company: DemoCompany, staff: CompanyStaff, profiles: Sequence[CustomerProfile]
) -> list[CustomerRef]:
    """One create_customer call per account (role, scope and tier rules as in the UI)."""
    units = {outlet.unit.code: outlet.unit for outlet in company.outlets}
    by = staff.agents[0]
    refs = []
    for index, profile in enumerate(profiles):
        data = _service_data(profile)
        if staff.customer_managers and profile.aimed_tier in MANAGED_TIERS:
            data["customer_manager"] = staff.customer_managers[index % len(staff.customer_managers)]
        customer = create_customer(by=by, org_unit=units[profile.unit_code], data=data)
        refs.append(_ref(profile, customer.pk, customer.org_unit_id, Tier(customer.tier)))
    return refs


def import_in_bulk(
    company: DemoCompany, profiles: Sequence[CustomerProfile], *, by: User | None = None
) -> list[CustomerRef]:
    """Write the profiles as a CSV and run the archive importer on it (COPY on PostgreSQL)."""
    with tempfile.TemporaryDirectory(prefix="gasdesk-demo-") as folder:
        path = Path(folder) / f"{company.spec.code}.csv"
        _write_csv(path, profiles)
        report = import_customers(path, by=by)
    if not report.ok:
        raise DemoImportFailed("\n".join(report.lines(limit=20)))
    stored = Customer.objects.filter(org_unit__company=company.unit).values_list(
        "account_no", "pk", "org_unit_id", "tier"
    )
    by_account = {account: (pk, unit, tier) for account, pk, unit, tier in stored.iterator()}
    return [_ref(p, *_typed(by_account[p.account_no])) for p in profiles]


def _typed(row: tuple[int, int, str]) -> tuple[int, int, Tier]:
    return row[0], row[1], Tier(row[2])


def _ref(profile: CustomerProfile, pk: int, unit_pk: int, tier: Tier) -> CustomerRef:
    return CustomerRef(
        pk=pk,
        unit_pk=unit_pk,
        tier=tier,
        name=profile.name,
        phone=profile.phones[0],
        address=profile.address,
        area=profile.area,
    )


def _service_data(profile: CustomerProfile) -> dict[str, Any]:
    return {
        "account_no": profile.account_no,
        "name": profile.name,
        "category": profile.category.value,
        "id_number": profile.id_number,
        "contract_volume_m3_per_day": profile.contract_volume_m3_per_day,
        "actual_volume_m3_per_day": profile.volume_m3_per_day,
        **{flag_field(flag): True for flag in profile.flags},
        "phones": list(profile.phones),
        "addresses": [{"text": profile.address, "area": profile.area.value}],
        "meters": [
            {
                "meter_no": profile.meter_no,
                "kind": profile.meter_kind.value,
                "installed_on": profile.installed_on,
            }
        ],
    }


def _write_csv(path: Path, profiles: Sequence[CustomerProfile]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(_CSV_COLUMNS)
        writer.writerows(_csv_row(profile) for profile in profiles)


def _csv_row(profile: CustomerProfile) -> list[str]:
    return [
        profile.account_no,
        profile.name,
        profile.category.value,
        ";".join(profile.phones),
        profile.address,
        profile.area.value,
        str(profile.contract_volume_m3_per_day),
        str(profile.volume_m3_per_day),
        profile.unit_code,
        profile.id_number,
        profile.meter_no,
        profile.meter_kind.value,
        *("是" if flag in profile.flags else "否" for flag in CustomerFlag),
    ]
