"""`build_demo`: the whole demo data set in one transaction (ORG-1, CUST-1, CUST-3, WO-1, WO-6).

Order of work: packs (load the shipped ones if none is loaded) → org tree → staff → customers
per company → orders per company → the business areas (areas.py) → summary. A failure
anywhere leaves the database as it was, so `--if-empty` on the next start tries again instead
of finding half a demo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from gasdesk.customers.models import Customer
from gasdesk.demo.builders.areas import area_counts, build_areas
from gasdesk.demo.builders.bulk_orders import write_history
from gasdesk.demo.builders.customers import (
    CustomerRef,
    company_profiles,
    create_through_services,
    import_in_bulk,
)
from gasdesk.demo.builders.orders import CompanyContext, ServiceReplay, type_slots
from gasdesk.demo.builders.orgtree import CompanySpec, DemoCompany, build_org_tree
from gasdesk.demo.builders.scenarios import ScenarioRequest, order_scenarios
from gasdesk.demo.builders.seeds import stage_faker, stage_seed
from gasdesk.demo.builders.sizes import DEMO_PASSWORD, HISTORY, DemoSize
from gasdesk.demo.builders.staff import CompanyStaff, appoint_service_bodies, build_staff
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import Role
from gasdesk.standards.loading import load_all_shipped
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.models import StandardPack
from gasdesk.workorders.models import WorkOrder
from gasdesk.workorders.models import WorkOrderStatus as S
from gasdesk.workorders.selectors import overdue_filter

HISTORY_FATES = frozenset({S.CLOSED, S.CANCELLED})
Progress = Callable[[str], None]


@dataclass
class DemoSummary:
    """What was built, for the command's closing report."""

    org_units: int = 0
    users: int = 0
    customers_by_tier: dict[str, int] = field(default_factory=dict)
    orders_by_status: dict[str, int] = field(default_factory=dict)
    overdue_orders: int = 0
    areas: dict[str, int] = field(default_factory=dict)  # label -> records (areas.py)
    logins: dict[str, str] = field(default_factory=dict)  # username -> role and name
    password: str = DEMO_PASSWORD


def build_demo(
    *, size: DemoSize, seed: int, now: datetime, progress: Progress | None = None
) -> DemoSummary:
    """Build the demo of `size`; the same seed gives the same people, customers and orders."""
    say = progress or (lambda message: None)
    if not StandardPack.objects.exists():
        say("未加载服务标准包，先加载随附的全部标准包……")
        load_all_shipped()
    with transaction.atomic():
        say("组织机构与人员……")
        org = build_org_tree()
        staff = build_staff(org, stage_faker(seed, "staff"), size)
        appoint_service_bodies(org, staff.logins)
        contexts = []
        for company in org.companies:
            say(f"{company.spec.name}：客户……")
            company_staff = staff.companies[company.unit.pk]
            contexts.append(_company_context(company, company_staff, size, seed, now))
        replay = ServiceReplay(now)
        for context in contexts:
            say(f"{context.company.spec.name}：工单……")
            _plan_orders(context, replay, size=size, seed=seed, now=now)
        replay.run()
        build_areas(org, staff, areas=size.areas, seed=seed, now=now, say=say)
        return _summary(staff.logins, now)


def customer_count(size: DemoSize, spec: CompanySpec) -> int:
    return max(1, round(size.customers * spec.share))


def _company_context(
    company: DemoCompany, staff: CompanyStaff, size: DemoSize, seed: int, now: datetime
) -> CompanyContext:
    loaded = pack_for_unit(company.unit, now)
    profiles = company_profiles(
        company.spec,
        loaded,
        count=customer_count(size, company.spec),
        seed=stage_seed(seed, "customers", company.spec.code),
        today=timezone.localdate(now),
    )
    refs: list[CustomerRef]
    if size.history_in_bulk:
        refs = import_in_bulk(company, profiles)
    else:
        refs = create_through_services(company, staff, profiles)
    return CompanyContext(company=company, staff=staff, loaded=loaded, customers=refs)


def _plan_orders(
    context: CompanyContext, replay: ServiceReplay, *, size: DemoSize, seed: int, now: datetime
) -> None:
    """Plan the company's orders; bulk-write the closed history (larger sizes), replay the rest."""
    share = context.company.spec.share
    scenarios = order_scenarios(
        ScenarioRequest(
            types=type_slots(context.loaded, now),
            customers=len(context.customers),
            outlet_shares=[o.spec.share for o in context.company.outlets],
            count=max(1, round(size.orders * share)),
            open_count=max(1, round(size.open_orders * share)),
            today_count=max(1, round(size.today_orders * share)),
            now=now,
            history=HISTORY,
            seed=stage_seed(seed, "orders", context.company.spec.code),
        )
    )
    if size.history_in_bulk:
        write_history(context, [s for s in scenarios if s.fate in HISTORY_FATES], now=now)
        scenarios = [s for s in scenarios if s.fate not in HISTORY_FATES]
    replay.add(context, scenarios)


def _summary(logins: dict[str, User], now: datetime) -> DemoSummary:
    tiers = Customer.objects.values_list("tier").annotate(n=Count("id")).order_by()
    statuses = WorkOrder.objects.values_list("status").annotate(n=Count("id")).order_by()
    return DemoSummary(
        org_units=OrgUnit.objects.count(),
        users=User.objects.count(),
        customers_by_tier=dict(tiers),
        orders_by_status=dict(statuses),
        overdue_orders=WorkOrder.objects.filter(**overdue_filter(now)).count(),
        areas=area_counts(),
        logins={name: f"{_roles(user)} {user.display_name}" for name, user in logins.items()},
    )


def _roles(user: User) -> str:
    labels = [str(Role(name).label) for name in user.groups.values_list("name", flat=True)]
    return "、".join(labels) or "—"
