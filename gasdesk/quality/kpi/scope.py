"""What a KPI is computed over (KPI-1…20): company, unit subtree, period, optional tier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gasdesk.org.models import OrgUnit
from gasdesk.quality.kpi.figures import Period
from gasdesk.standards.schema import Pack


@dataclass(frozen=True)
class KpiScope:
    """The filters every aggregate and drill-down applies, so both count the same records.

    `unit_ids` are the ids of the chosen unit's subtree (literal ids, as org.scoping does);
    `now` decides which open orders are already late (pure callers pass it).
    """

    company: OrgUnit
    unit: OrgUnit
    unit_ids: tuple[int, ...]
    period: Period
    pack: Pack
    now: dt.datetime
    tier: str = ""

    @property
    def is_company(self) -> bool:
        return self.unit.pk == self.company.pk

    def fact_filters(self) -> dict[str, Any]:
        """The scope as quality.order_facts.facts_of takes it."""
        return {
            "company_id": self.company.pk,
            "start": self.period.start,
            "end": self.period.end,
            "unit_ids": None if self.is_company else self.unit_ids,
            "tier": self.tier,
        }
