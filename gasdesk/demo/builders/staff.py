"""Demo staff: one login per system role (SPEC 2.5, ORG-1, ORG-2) plus field teams.

The fixed logins (`agent`, `dispatcher`, `tech`, `specialist`, `manager`, `callback`,
`inspector`, `deptadmin`, `admin`) belong to the first company; every outlet also gets its own
dispatcher and technicians, so each unit's queue can be worked through the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.contrib.auth.hashers import make_password
from faker import Faker

from gasdesk.demo.builders.orgtree import DemoCompany, DemoOrg, Outlet
from gasdesk.demo.builders.sizes import DEMO_PASSWORD, DemoSize
from gasdesk.org.bodies import BodyKind, BodyPosition
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import Role
from gasdesk.org.services import appoint, create_user

# create_user hashes every password (PBKDF2, ~0.4 s each); the demo users are created without
# one and then share a single hash of DEMO_PASSWORD, written in one UPDATE (set_shared_password).
_NO_PASSWORD = cast(str, None)
CUSTOMER_MANAGERS = 2
MARKET_DEPARTMENT = "市场部"


@dataclass
class CompanyStaff:
    """Who works where in one company; dicts are keyed by the outlet unit's pk."""

    agents: list[User] = field(default_factory=list)
    dispatchers: dict[int, User] = field(default_factory=dict)
    repair_technicians: dict[int, list[User]] = field(default_factory=dict)
    inspection_technicians: dict[int, list[User]] = field(default_factory=dict)
    customer_managers: list[User] = field(default_factory=list)


@dataclass
class DemoStaff:
    logins: dict[str, User]  # the fixed demo logins by username
    companies: dict[int, CompanyStaff]  # by company unit pk
    everyone: list[User] = field(default_factory=list)


class _StaffBuilder:
    def __init__(self, fake: Faker, size: DemoSize) -> None:
        self.fake = fake
        self.size = size
        self.everyone: list[User] = []

    def user(self, username: str, unit: OrgUnit, roles: list[str], **extra: object) -> User:
        user = create_user(
            username=username,
            password=_NO_PASSWORD,
            org_unit=unit,
            roles=roles,
            display_name=self.fake.name(),
            phone=self.fake.phone_number(),
            **extra,
        )
        self.everyone.append(user)
        return user

    def fixed_logins(self, org: DemoOrg) -> dict[str, User]:
        main = org.main
        city = main.outlets[0]
        service_dept = main.departments["客户服务部"]
        return {
            "agent": self.user("agent", main.hotline_centre, [Role.HOTLINE_AGENT]),
            "dispatcher": self.user("dispatcher", city.unit, [Role.DISPATCHER]),
            "tech": self.user("tech", city.repair_team, [Role.TECHNICIAN]),
            "specialist": self.user("specialist", main.unit, [Role.SPECIALIST]),
            "manager": self.user("manager", main.unit, [Role.MANAGER], is_committee_member=True),
            "callback": self.user("callback", service_dept, [Role.CALLBACK_AGENT]),
            "inspector": self.user("inspector", service_dept, [Role.INSPECTOR]),
            "deptadmin": self.user("deptadmin", main.departments["管网部"], [Role.DEPT_ADMIN]),
            "admin": self.user(
                "admin", org.group, [Role.SYSADMIN], is_superuser=True, is_staff=True
            ),
        }

    def company_staff(
        self, company: DemoCompany, prefix: str, logins: dict[str, User]
    ) -> CompanyStaff:
        """Agents, one dispatcher per outlet, technicians per team (fixed logins reused)."""
        staff = CompanyStaff()
        staff.agents = [logins["agent"]] if "agent" in logins else []
        for n in range(len(staff.agents) + 1, self.size.extra_agents + 2):
            staff.agents.append(
                self.user(f"{prefix}agent{n}", company.hotline_centre, [Role.HOTLINE_AGENT])
            )
        for index, outlet in enumerate(company.outlets, start=1):
            self._outlet_staff(staff, outlet, (prefix, index), logins)
        market = company.departments.get(MARKET_DEPARTMENT)
        if market is not None:
            staff.customer_managers = [
                self.user(f"{prefix}market{n}", market, []) for n in range(1, CUSTOMER_MANAGERS + 1)
            ]
        return staff

    def _outlet_staff(
        self, staff: CompanyStaff, outlet: Outlet, tag: tuple[str, int], logins: dict[str, User]
    ) -> None:
        """Usernames: dispatcher2, tech2-1, checker2-1 (outlet 2); jc_tech1-1 in company 2."""
        pk = outlet.unit.pk
        prefix, index = tag
        fixed_dispatcher = logins.get("dispatcher")
        if fixed_dispatcher is not None and fixed_dispatcher.org_unit_id == pk:
            staff.dispatchers[pk] = fixed_dispatcher
        else:
            staff.dispatchers[pk] = self.user(
                f"{prefix}dispatcher{index}", outlet.unit, [Role.DISPATCHER]
            )
        fixed_tech = logins.get("tech")
        repair = (
            [fixed_tech] if fixed_tech and fixed_tech.org_unit_id == outlet.repair_team.pk else []
        )
        for n in range(len(repair) + 1, self.size.technicians_per_team + 1):
            repair.append(
                self.user(f"{prefix}tech{index}-{n}", outlet.repair_team, [Role.TECHNICIAN])
            )
        inspectors = [
            self.user(f"{prefix}checker{index}-{n}", outlet.inspection_team, [Role.TECHNICIAN])
            for n in range(1, max(1, self.size.technicians_per_team // 2) + 1)
        ]
        staff.repair_technicians[pk] = repair
        staff.inspection_technicians[pk] = inspectors


def build_staff(org: DemoOrg, fake: Faker, size: DemoSize) -> DemoStaff:
    builder = _StaffBuilder(fake, size)
    logins = builder.fixed_logins(org)
    companies: dict[int, CompanyStaff] = {}
    for index, company in enumerate(org.companies):
        prefix = "" if index == 0 else company.spec.account_prefix.lower() + "_"
        own_logins = logins if index == 0 else {}
        companies[company.unit.pk] = builder.company_staff(company, prefix, own_logins)
    set_shared_password(builder.everyone)
    return DemoStaff(logins=logins, companies=companies, everyone=builder.everyone)


def appoint_service_bodies(org: DemoOrg, logins: dict[str, User]) -> None:
    """ORG-2/3/7 posts for the main company, left short of the pack on purpose so the
    service organisation page shows what a company still has to staff."""
    company, manager = org.main.unit, logins["manager"]
    posts = [
        (BodyKind.COMMITTEE, manager, BodyPosition.LEADER),
        (BodyKind.COMMITTEE, logins["specialist"], BodyPosition.MEMBER),
        (BodyKind.OFFICE, logins["deptadmin"], BodyPosition.MEMBER),
        (BodyKind.SUPERVISION_GROUP, manager, BodyPosition.LEADER),
        (BodyKind.SUPERVISION_GROUP, logins["specialist"], BodyPosition.EXECUTOR),
        (BodyKind.SUPERVISION_GROUP, logins["deptadmin"], BodyPosition.EXECUTOR),
        (BodyKind.TIERING_GROUP, manager, BodyPosition.LEADER),
    ]
    for kind, user, position in posts:
        appoint(company, kind, user, position, by=manager)


def set_shared_password(users: list[User]) -> None:
    """Every demo login uses DEMO_PASSWORD; one hash, one UPDATE (see _NO_PASSWORD)."""
    User.objects.filter(pk__in=[u.pk for u in users]).update(password=make_password(DEMO_PASSWORD))
