"""Builders of supervision test data: inspections, survey answers, full evaluation entries."""

from __future__ import annotations

from decimal import Decimal

from gasdesk.org.models import OrgUnit, User
from gasdesk.quality.evaluation_services import EvaluationEntry
from gasdesk.quality.models_supervision import Inspection, InspectionKind
from gasdesk.quality.supervision_scoring import FindingInput
from gasdesk.quality.supervision_services import InspectionInput, record_inspection
from gasdesk.quality.tests.supervision_fixtures import SUPERVISION_NOW
from gasdesk.standards.lookup import pack_in_force
from gasdesk.standards.sections.scorecard import ScorecardTable


def kunlun_table() -> ScorecardTable:
    table = pack_in_force("kunlun96602", SUPERVISION_NOW).pack.scorecard
    assert table is not None
    assert table.table is not None
    return table.table


def full_marks_entry(
    *, manual: dict[str, Decimal] | None = None, not_applicable: frozenset[str] = frozenset()
) -> EvaluationEntry:
    """Every row of the table at full points (figures at target), then the given overrides."""
    values: dict[str, Decimal | None] = {}
    full: dict[str, Decimal] = {}
    for item in kunlun_table().items():
        rule = item.rule
        if rule.kind == "indicator_shortfall":
            values[rule.reads] = rule.target
        elif rule.kind == "derived":
            values[rule.reads] = item.points
        elif rule.kind == "proportional":
            values[rule.reads] = rule.full_at
        elif rule.kind == "manual":
            full[item.code] = item.points
    return EvaluationEntry(
        values=values, manual={**full, **(manual or {})}, not_applicable=not_applicable
    )


def hotline_inspection(by: User, unit: OrgUnit, *findings: FindingInput) -> Inspection:
    return record_inspection(
        by,
        InspectionInput(
            unit=unit,
            kind=InspectionKind.INSPECTION,
            checklist="hotline",
            inspected_at=SUPERVISION_NOW,
            findings=findings,
        ),
    )
