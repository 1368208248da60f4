"""The pack's complaint section for a complaint or a loaded pack (CMP)."""

from __future__ import annotations

from datetime import datetime

from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit
from gasdesk.standards.lookup import LoadedPack, loaded_pack, pack_for_unit
from gasdesk.standards.schema import Pack
from gasdesk.standards.sections.complaints import ComplaintRules


def rules_of(loaded: LoadedPack) -> ComplaintRules:
    """The complaint rules of a pack; a pack without them cannot take complaints."""
    return rules_of_pack(loaded.pack)


def rules_of_pack(pack: Pack) -> ComplaintRules:
    rules = pack.complaints
    if rules is None:
        raise RuleViolation("pack", f"服务标准 {pack.version} 未配置投诉规则")
    return rules


def rules_for(unit: OrgUnit, at: datetime) -> ComplaintRules:
    """The complaint rules in force for a unit's company at `at` (reports, deductions)."""
    return rules_of(pack_for_unit(unit, at))


def rules_of_pack_id(pack_id: int) -> ComplaintRules:
    """The rules a complaint was registered under (its stored pack), for its pages."""
    return rules_of(loaded_pack(pack_id))
