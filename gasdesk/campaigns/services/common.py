"""What every campaign service shares: roles, the pack section, scope checks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from gasdesk.core.errors import RuleViolation
from gasdesk.org.roles import Role, require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.standards.lookup import LoadedPack, pack_for_unit
from gasdesk.standards.sections.campaigns import (
    CampaignRules,
    ConnectionRules,
    InspectionRules,
    MeterRules,
    OutageRules,
)

if TYPE_CHECKING:
    from gasdesk.org.models import OrgUnit, User

S = TypeVar("S")

# Who plans and publishes campaigns (the unit's dispatcher / team leader, the specialist).
PLANNER_ROLES = (Role.DISPATCHER, Role.SPECIALIST)
# Who records what happened on site.
FIELD_ROLES = (Role.TECHNICIAN, Role.DISPATCHER, Role.SPECIALIST)


def campaign_rules(loaded: LoadedPack) -> CampaignRules:
    rules = loaded.pack.campaigns
    if rules is None:
        raise RuleViolation("pack", f"服务标准包 {loaded.record} 没有计划作业（campaigns）规则")
    return rules


def check_planner(by: User, unit: OrgUnit) -> None:
    require_role(by, *PLANNER_ROLES)
    require_in_scope(by, unit)


def check_field(by: User, unit: OrgUnit) -> None:
    require_role(by, *FIELD_ROLES)
    require_in_scope(by, unit)


def pack_at(unit: OrgUnit, now: datetime) -> LoadedPack:
    return pack_for_unit(unit, now)


def outage_rules(loaded: LoadedPack) -> OutageRules:
    return _required(campaign_rules(loaded).outage, "停气")


def inspection_rules(loaded: LoadedPack) -> InspectionRules:
    return _required(campaign_rules(loaded).inspection, "安检")


def connection_rules(loaded: LoadedPack) -> ConnectionRules:
    return _required(campaign_rules(loaded).connection, "通气")


def meter_rules(loaded: LoadedPack) -> MeterRules:
    return _required(campaign_rules(loaded).meter, "换表")


def _required(section: S | None, name: str) -> S:
    if section is None:
        raise RuleViolation("pack", f"服务标准包没有“{name}”规则")
    return section
