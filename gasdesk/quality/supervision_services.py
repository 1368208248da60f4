"""Writes of supervision (SURV-3, SURV-4, SCORE-6/7, ASSESS-4/5): inspections, surveys, awards.

Each function checks role and scope, writes in one transaction and appends a `ScoreEvent` for
every change to findings or scores. A changed finding re-scores the inspection under a
conditional UPDATE on `version`, so two inspectors cannot overwrite each other silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from gasdesk.core.errors import ConcurrentChange, RuleViolation
from gasdesk.customers.models import Customer
from gasdesk.org.models import OrgUnit
from gasdesk.org.roles import Role, require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.quality.models_supervision import (
    Inspection,
    InspectionFinding,
    ScoreEvent,
    SurveyResponse,
)
from gasdesk.quality.scoring import ChecklistResult
from gasdesk.quality.supervision_scoring import FindingInput, score_inspection
from gasdesk.quality.supervision_selectors import checklist_for, company_of, response_satisfied
from gasdesk.standards.lookup import pack_for_unit

if TYPE_CHECKING:
    from gasdesk.org.models import User
    from gasdesk.quality.models_supervision import Survey

INSPECTORS = (Role.INSPECTOR, Role.SPECIALIST, Role.MANAGER)


@dataclass(frozen=True)
class InspectionInput:
    unit: OrgUnit
    kind: str
    checklist: str
    inspected_at: dt.datetime
    findings: Sequence[FindingInput]
    person: User | None = None
    report: str = ""


def _check(by: User, unit: OrgUnit) -> None:
    require_role(by, *INSPECTORS)
    require_in_scope(by, unit)


def _subtree_ids(unit: OrgUnit) -> set[int | None]:
    return set(OrgUnit.objects.subtree(unit).values_list("id", flat=True))


def _finding_rows(inspection: Inspection, findings: Sequence[FindingInput]) -> None:
    InspectionFinding.objects.bulk_create(
        InspectionFinding(
            inspection=inspection,
            item_code=f.item_code,
            count=f.count,
            manual_score=f.manual_score,
            evidence=f.evidence,
        )
        for f in findings
    )


def _points(value: Decimal) -> str:
    """Scores in the history always with two decimals, as the column stores them."""
    return str(value.quantize(Decimal("0.01")))


def _event(by: User, kind: str, reason: str = "", **data: object) -> ScoreEvent:
    target = {k: data.pop(k) for k in ("inspection", "evaluation") if k in data}
    return ScoreEvent.objects.create(by=by, kind=kind, reason=reason, data=data, **target)


def _findings_json(findings: Sequence[FindingInput]) -> list[dict[str, object]]:
    return [
        {
            "code": f.item_code,
            "count": f.count,
            "manual": None if f.manual_score is None else str(f.manual_score),
            "evidence": f.evidence,
        }
        for f in findings
    ]


def record_inspection(by: User, data: InspectionInput) -> Inspection:
    """SURV-3 / SCORE-6: an inspection or mystery-shopper visit scored with its checklist."""
    _check(by, data.unit)
    if data.person is not None and data.person.org_unit_id not in _subtree_ids(data.unit):
        raise RuleViolation("person", "被检查人员不属于被检查单位")
    loaded = pack_for_unit(data.unit, data.inspected_at)
    result = score_inspection(checklist_for(loaded.pack, data.checklist), data.findings)
    with transaction.atomic():
        inspection = Inspection.objects.create(
            company=company_of(data.unit),
            org_unit=data.unit,
            person=data.person,
            kind=data.kind,
            checklist=data.checklist,
            pack_version=loaded.record.version,
            inspected_at=data.inspected_at,
            inspector=by,
            inspector_name=str(by),
            report=data.report,
            score=result.score,
            max_points=result.max_points,
        )
        _finding_rows(inspection, data.findings)
        _event(
            by,
            "inspection_recorded",
            inspection=inspection,
            score=_points(result.score),
            findings=_findings_json(data.findings),
        )
    return inspection


def _current_findings(inspection: Inspection) -> dict[str, FindingInput]:
    return {
        f.item_code: FindingInput(f.item_code, f.count, f.manual_score, f.evidence)
        for f in inspection.findings.all()
    }


def _rescore(inspection: Inspection, findings: Mapping[str, FindingInput]) -> ChecklistResult:
    loaded = pack_for_unit(inspection.org_unit, inspection.inspected_at)
    return score_inspection(checklist_for(loaded.pack, inspection.checklist), findings.values())


def change_finding(
    by: User, inspection: Inspection, finding: FindingInput, *, reason: str
) -> Inspection:
    """SCORE-7: correct one row with a written reason; the score is recomputed and logged."""
    _check(by, inspection.org_unit)
    if not reason.strip():
        raise RuleViolation("reason", "修改检查结果须填写原因")
    findings = _current_findings(inspection)
    before = findings.get(finding.item_code)
    findings[finding.item_code] = finding
    result = _rescore(inspection, findings)
    with transaction.atomic():
        _save_score(inspection, result)
        InspectionFinding.objects.update_or_create(
            inspection=inspection,
            item_code=finding.item_code,
            defaults={
                "count": finding.count,
                "manual_score": finding.manual_score,
                "evidence": finding.evidence,
            },
        )
        _event(
            by,
            "finding_changed",
            reason,
            inspection=inspection,
            before=_findings_json([before]) if before else [],
            after=_findings_json([finding]),
            score_before=_points(inspection.score),
            score_after=_points(result.score),
        )
    inspection.refresh_from_db()
    return inspection


def _save_score(inspection: Inspection, result: ChecklistResult) -> None:
    updated = Inspection.objects.filter(pk=inspection.pk, version=inspection.version).update(
        score=result.score, max_points=result.max_points, version=inspection.version + 1
    )
    if not updated:
        raise ConcurrentChange()


def record_response(
    by: User,
    survey: Survey,
    *,
    answers: Mapping[int, int],
    answered_at: dt.datetime,
    customer: Customer | None = None,
    respondent: str = "",
) -> SurveyResponse:
    """SURV-4: one respondent's answers; satisfied = the overall question's top two levels."""
    _check(by, survey.org_unit)
    satisfied = response_satisfied(survey, answers)
    if customer is None and not respondent.strip():
        raise RuleViolation("respondent", "请填写受访者或选择客户")
    with transaction.atomic():
        return SurveyResponse.objects.create(
            survey=survey,
            customer=customer,
            respondent=respondent,
            answered_at=answered_at,
            is_satisfied=satisfied,
            answers={str(k): v for k, v in answers.items()},
            recorded_by=by,
        )
