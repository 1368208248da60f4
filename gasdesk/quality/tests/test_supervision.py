"""Inspections, mystery shoppers and surveys (SURV-3, SURV-4, SCORE-6/7, KPI-12, KPI-18)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gasdesk.complaints.models import Complaint
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.quality.assessment_services import SurveyInput, create_survey
from gasdesk.quality.kpi.figures import period_containing
from gasdesk.quality.kpi.selectors import kpi_scope, kpi_table
from gasdesk.quality.models_supervision import (
    Inspection,
    InspectionFinding,
    InspectionKind,
    ScoreEvent,
    Survey,
    SurveyResponse,
)
from gasdesk.quality.supervision_scoring import FindingInput
from gasdesk.quality.supervision_selectors import survey_satisfaction
from gasdesk.quality.supervision_services import (
    InspectionInput,
    change_finding,
    record_inspection,
    record_response,
)
from gasdesk.quality.tests.kpi_factories import make_complaints
from gasdesk.quality.tests.supervision_factories import hotline_inspection
from gasdesk.quality.tests.supervision_fixtures import SUPERVISION_NOW, SupervisionOrg

H01_ONCE = FindingInput("H-01", 1, evidence="录音 0710-01 语气生硬")


def test_inspection_scored_by_the_hotline_checklist(supervision_org: SupervisionOrg) -> None:
    """SCORE-6: H-01 −2 per finding, H-20 −3 capped at its 3 points, H-27 "不得分", H-28 酌情.

    Applicable rows of 热线服务 = 85 points (the derived agent rows H-29…33 have no data);
    85 − 2 − 3 − 2 − (5 − 3) = 76.
    """
    unit = supervision_org.units[0]
    inspection = hotline_inspection(
        supervision_org.inspector,
        unit,
        H01_ONCE,
        FindingInput("H-20", 2),
        FindingInput("H-27", 1),
        FindingInput("H-28", manual_score=Decimal(3), evidence="态度欠佳"),
    )

    assert (inspection.max_points, inspection.score) == (Decimal(85), Decimal(76))
    assert inspection.findings.count() == 4
    event = ScoreEvent.objects.get(inspection=inspection)
    assert (event.kind, event.by, event.data["score"]) == (
        "inspection_recorded",
        supervision_org.inspector,
        "76.00",
    )


def test_mystery_shopper_visit_is_recorded_like_an_inspection(
    supervision_org: SupervisionOrg,
) -> None:
    """SURV-3: a mystery-shopper visit on the counter checklist, C-10 −5 per finding (5 → 0)."""
    visit = record_inspection(
        supervision_org.inspector,
        InspectionInput(
            unit=supervision_org.units[1],
            kind=InspectionKind.MYSTERY_SHOPPER,
            checklist="counter",
            inspected_at=SUPERVISION_NOW,
            findings=[FindingInput("C-10", 1), FindingInput("C-07", manual_score=Decimal(5))],
            report="第三方咨询公司暗访报告",
        ),
    )

    assert visit.kind == InspectionKind.MYSTERY_SHOPPER
    assert visit.score == visit.max_points - 5


def test_unknown_row_is_refused_and_nothing_saved(supervision_org: SupervisionOrg) -> None:
    """SCORE-6: a code outside the checklist is refused; no inspection, finding or event."""
    with pytest.raises(RuleViolation) as error:
        hotline_inspection(
            supervision_org.inspector, supervision_org.units[0], FindingInput("C-01", 1)
        )

    assert error.value.field == "findings"
    assert (Inspection.objects.count(), InspectionFinding.objects.count()) == (0, 0)
    assert not ScoreEvent.objects.exists()


def test_technician_may_not_inspect(supervision_org: SupervisionOrg) -> None:
    with pytest.raises(PermissionDeniedRule):
        hotline_inspection(supervision_org.technician, supervision_org.units[0], H01_ONCE)

    assert not Inspection.objects.exists()


def test_changed_finding_rescored_and_logged(supervision_org: SupervisionOrg) -> None:
    """SCORE-7: a correction needs a reason; score before and after are in the history."""
    inspection = hotline_inspection(supervision_org.inspector, supervision_org.units[0], H01_ONCE)
    before = inspection.score

    changed = change_finding(
        supervision_org.inspector, inspection, FindingInput("H-01", 0), reason="复听录音，无问题"
    )

    assert (before, changed.score) == (Decimal(78), Decimal(80))  # H-01: 2 points per finding
    event = ScoreEvent.objects.filter(inspection=inspection).last()
    assert event is not None
    assert (event.kind, event.data["score_before"], event.data["score_after"]) == (
        "finding_changed",
        "78.00",
        "80.00",
    )


def test_stale_change_is_refused_and_nothing_changed(supervision_org: SupervisionOrg) -> None:
    """Two inspectors correcting the same inspection: the second, on a stale copy, is refused."""
    inspection = hotline_inspection(supervision_org.inspector, supervision_org.units[0], H01_ONCE)
    stale = Inspection.objects.get(pk=inspection.pk)
    change_finding(supervision_org.inspector, inspection, FindingInput("H-01", 0), reason="复核")

    with pytest.raises(ConcurrentChange):
        change_finding(supervision_org.inspector, stale, FindingInput("H-01", 2), reason="复核")

    assert InspectionFinding.objects.get(inspection=inspection, item_code="H-01").count == 0
    assert ScoreEvent.objects.filter(inspection=inspection).count() == 2


def _survey(org: SupervisionOrg) -> Survey:
    return create_survey(
        org.inspector,
        org.units[0],
        SurveyInput(
            title="2026年客户满意度调查",
            starts_on=dt.date(2026, 6, 1),
            ends_on=dt.date(2026, 7, 20),
            questions=["您对燃气服务总体是否满意？", "您对营业厅服务是否满意？"],
            overall=1,
            method="电话",
        ),
        now=SUPERVISION_NOW,
    )


def test_survey_45_of_50_satisfied_is_90_percent(supervision_org: SupervisionOrg) -> None:
    """SURV-4 / KPI-18: 客户满意率 = satisfied / surveyed: 45 of 50 → 90 %."""
    survey = _survey(supervision_org)
    for n in range(50):
        record_response(
            supervision_org.inspector,
            survey,
            answers={1: 5 if n < 40 else (4 if n < 45 else 2), 2: 3},
            answered_at=SUPERVISION_NOW,
            respondent=f"受访者{n}",
        )

    rate = survey_satisfaction(SurveyResponse.objects.filter(survey=survey))
    assert (rate.satisfied, rate.answered, rate.rate) == (45, 50, Decimal("90.00"))
    scope = kpi_scope(
        supervision_org.specialist,
        unit_id=supervision_org.company.pk,
        period=period_containing(SUPERVISION_NOW.date(), "month"),
        now=SUPERVISION_NOW,
    )
    figure = next(f for f in kpi_table(scope) if f.code == "kpi.customer_satisfaction")
    assert (figure.numerator, figure.denominator, figure.value) == (45, 50, Decimal("90.00"))


def test_response_without_overall_answer_is_refused(supervision_org: SupervisionOrg) -> None:
    survey = _survey(supervision_org)

    with pytest.raises(RuleViolation):
        record_response(
            supervision_org.inspector,
            survey,
            answers={2: 5},
            answered_at=SUPERVISION_NOW,
            respondent="张先生",
        )

    assert not SurveyResponse.objects.exists()


def test_complaint_satisfaction_kpi_is_connected(supervision_org: SupervisionOrg) -> None:
    """KPI-12: 投诉处置满意率 = satisfied / closed complaints with an answer: 3 of 4 = 75 %."""
    complaints = make_complaints(
        5,
        unit=supervision_org.units[0],
        by=supervision_org.specialist,
        clock="closure",
        received_at=SUPERVISION_NOW - dt.timedelta(days=5),
        due_after=dt.timedelta(days=3),
        met_after=dt.timedelta(days=2),
    )
    for complaint, satisfied in zip(complaints, (True, True, True, False, None), strict=True):
        Complaint.objects.filter(pk=complaint.pk).update(is_satisfied=satisfied)
    scope = kpi_scope(
        supervision_org.specialist,
        unit_id=supervision_org.company.pk,
        period=period_containing(SUPERVISION_NOW.date(), "month"),
        now=SUPERVISION_NOW,
    )

    figure = next(f for f in kpi_table(scope) if f.code == "kpi.complaint_satisfaction")

    assert (figure.numerator, figure.denominator, figure.value) == (3, 4, Decimal("75.00"))
