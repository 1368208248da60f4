"""The demo organisation tree (ORG-1, ORG-4, ORG-5): group → companies → units → teams.

The shape follows the seeds: 巢湖新奥 has a hotline centre, the service departments and three
service outlets (东塘路/城区, 城西, 含山 — 含山 is served as a remote area, EMG-1), each with a
repair team and an inspection team; the second company is a 96602-style branch with a
division (事业部) above its units (SPEC 2.2). Each company names the shipped pack it follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gasdesk.org.models import OrgUnit, OrgUnitKind
from gasdesk.org.services import create_org_unit

REPAIR_TEAM = "维修班"
INSPECTION_TEAM = "安检班"


@dataclass(frozen=True)
class OutletSpec:
    """A service outlet (服务所/服务站) with its field teams; `share` of the company's customers."""

    name: str
    code: str
    share: float
    place: str  # address prefix of the customers it serves
    city: str  # the town named in local institutions' names
    is_urban: bool = True
    division: str = ""


@dataclass(frozen=True)
class CompanySpec:
    name: str
    code: str
    standard_company: str
    account_prefix: str
    share: float  # of all demo customers and orders
    hotline_centre: str
    departments: tuple[str, ...]
    outlets: tuple[OutletSpec, ...]


COMPANIES: tuple[CompanySpec, ...] = (
    CompanySpec(
        name="巢湖新奥燃气",
        code="CHAOHU",
        standard_company="chaohu",
        account_prefix="CH",
        share=0.85,
        hotline_centre="客户服务热线中心",
        departments=("客户服务部", "市场部", "管网部", "计划财务部", "综合办公室"),
        outlets=(
            OutletSpec("城区服务所", "CHAOHU-CQ", 0.55, "安徽省巢湖市", "巢湖市"),
            OutletSpec("城西服务所", "CHAOHU-CX", 0.25, "安徽省巢湖市", "巢湖市"),
            OutletSpec(
                "含山服务所", "CHAOHU-HS", 0.20, "安徽省马鞍山市含山县", "含山县", is_urban=False
            ),
        ),
    ),
    CompanySpec(
        name="江城燃气分公司",
        code="JIANGCHENG",
        standard_company="kunlun96602",
        account_prefix="JC",
        share=0.15,
        hotline_centre="96602客服中心",
        departments=("客户服务部", "运营管理部"),
        outlets=(
            OutletSpec(
                "城东服务站", "JIANGCHENG-CD", 0.6, "江城市城东区", "江城市", division="江城事业部"
            ),
            OutletSpec(
                "江北服务站",
                "JIANGCHENG-JB",
                0.4,
                "江城市江北区",
                "江城市",
                is_urban=False,
                division="江城事业部",
            ),
        ),
    ),
)


@dataclass
class Outlet:
    spec: OutletSpec
    unit: OrgUnit
    repair_team: OrgUnit
    inspection_team: OrgUnit


@dataclass
class DemoCompany:
    spec: CompanySpec
    unit: OrgUnit
    hotline_centre: OrgUnit
    departments: dict[str, OrgUnit]
    outlets: list[Outlet] = field(default_factory=list)


@dataclass
class DemoOrg:
    group: OrgUnit
    companies: list[DemoCompany]

    @property
    def main(self) -> DemoCompany:
        """The company whose staff get the fixed demo logins (agent, dispatcher, tech …)."""
        return self.companies[0]


def build_org_tree() -> DemoOrg:
    group = create_org_unit(name="新奥燃气集团（演示）", code="DEMO-GROUP", kind=OrgUnitKind.GROUP)
    return DemoOrg(group=group, companies=[_build_company(spec, group) for spec in COMPANIES])


def _build_company(spec: CompanySpec, group: OrgUnit) -> DemoCompany:
    company = create_org_unit(
        name=spec.name,
        code=spec.code,
        kind=OrgUnitKind.COMPANY,
        parent=group,
        standard_company=spec.standard_company,
    )
    hotline = _child(company, spec.hotline_centre, f"{spec.code}-HOTLINE", OrgUnitKind.DEPARTMENT)
    departments = {
        name: _child(company, name, f"{spec.code}-D{index}", OrgUnitKind.DEPARTMENT)
        for index, name in enumerate(spec.departments, start=1)
    }
    built = DemoCompany(spec, company, hotline, departments)
    divisions: dict[str, OrgUnit] = {}
    for outlet in spec.outlets:
        parent = company
        if outlet.division:
            if outlet.division not in divisions:
                code = f"{spec.code}-V{len(divisions) + 1}"
                divisions[outlet.division] = _child(
                    company, outlet.division, code, OrgUnitKind.DIVISION
                )
            parent = divisions[outlet.division]
        built.outlets.append(_build_outlet(outlet, parent))
    return built


def _build_outlet(spec: OutletSpec, parent: OrgUnit) -> Outlet:
    unit = create_org_unit(
        name=spec.name,
        code=spec.code,
        kind=OrgUnitKind.UNIT,
        parent=parent,
        is_urban=spec.is_urban,
    )
    prefix = spec.name[:2]
    repair = _child(unit, prefix + REPAIR_TEAM, f"{spec.code}-T1", OrgUnitKind.TEAM)
    inspection = _child(unit, prefix + INSPECTION_TEAM, f"{spec.code}-T2", OrgUnitKind.TEAM)
    return Outlet(spec, unit, repair, inspection)


def _child(parent: OrgUnit, name: str, code: str, kind: str) -> OrgUnit:
    """Teams and departments inherit the parent's area (a remote outlet's teams are remote)."""
    return create_org_unit(name=name, code=code, kind=kind, parent=parent, is_urban=parent.is_urban)
