"""Supervision pages (SURV-3/4, SCORE-6…13): lists within query budgets, forms, the what-if."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from gasdesk.quality.assessment_services import SurveyInput, create_survey
from gasdesk.quality.evaluation_services import evaluate_unit
from gasdesk.quality.kpi.figures import period_containing
from gasdesk.quality.models_supervision import Evaluation, Inspection, SurveyResponse
from gasdesk.quality.supervision_scoring import FindingInput
from gasdesk.quality.tests.supervision_factories import full_marks_entry, hotline_inspection
from gasdesk.quality.tests.supervision_fixtures import SUPERVISION_NOW, SupervisionOrg

QUARTER = period_containing(SUPERVISION_NOW.date(), "quarter")


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_inspection_list_within_query_budget(
    supervision_org: SupervisionOrg, django_assert_max_num_queries: object
) -> None:
    for unit in supervision_org.units:
        for _ in range(4):
            hotline_inspection(supervision_org.inspector, unit, FindingInput("H-01", 1))
    client = _client(supervision_org.specialist)

    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(reverse("quality:inspections"))

    assert response.status_code == 200
    assert response.content.decode().count("78") >= 12  # every row: 80 − 2 (H-01)


def test_evaluation_and_survey_lists_within_query_budget(
    supervision_org: SupervisionOrg, django_assert_max_num_queries: object
) -> None:
    for unit in supervision_org.units:
        evaluate_unit(
            supervision_org.specialist, unit, QUARTER, now=SUPERVISION_NOW, entry=full_marks_entry()
        )
    client = _client(supervision_org.specialist)

    with django_assert_max_num_queries(8):  # type: ignore[operator]
        evaluations = client.get(reverse("quality:evaluations"))
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        surveys = client.get(reverse("quality:surveys"))

    assert evaluations.content.decode().count("1000.00") == 3
    assert surveys.status_code == 200


def test_technician_is_refused_the_lists(supervision_org: SupervisionOrg) -> None:
    client = _client(supervision_org.technician)

    assert client.get(reverse("quality:inspections")).status_code == 403
    assert client.get(reverse("quality:evaluations")).status_code == 403


def test_inspection_form_records_findings(supervision_org: SupervisionOrg) -> None:
    """SCORE-6: the form posts counts per row; H-01 once (−2) and H-28 scored 3 of 5."""
    client = _client(supervision_org.inspector)
    page = client.get(reverse("quality:inspection_new"), {"checklist": "hotline"})
    assert 'name="count_H-01"' in page.content.decode()

    response = client.post(
        reverse("quality:inspection_new"),
        {
            "unit": supervision_org.units[0].pk,
            "kind": "inspection",
            "checklist": "hotline",
            "inspected_at": "2026-07-10T10:00",
            "count_H-01": "1",
            "evidence_H-01": "录音0710",
            "manual_H-28": "3",
        },
    )

    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert (inspection.max_points, inspection.score) == (Decimal(85), Decimal(81))


def test_what_if_moves_the_total_and_saves_nothing(supervision_org: SupervisionOrg) -> None:
    """What-if: M-05 repair timeliness 92.4 % (target 95, 5 per 1 %) → 30 − 13: total −13."""
    evaluation = evaluate_unit(
        supervision_org.specialist,
        supervision_org.units[0],
        QUARTER,
        now=SUPERVISION_NOW,
        entry=full_marks_entry(),
    )
    client = _client(supervision_org.specialist)
    detail = client.get(reverse("quality:evaluation_detail", args=[evaluation.pk]))
    assert 'name="values.kpi.repair_timeliness"' in detail.content.decode()

    response = client.post(
        reverse("quality:evaluation_what_if", args=[evaluation.pk]),
        {"values.kpi.repair_timeliness": "92.4"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert "987.00" in body
    assert "-13.00" in body
    assert "M-05" in body
    assert Evaluation.objects.get().published == Decimal("1000.00")


def test_survey_page_records_a_response(supervision_org: SupervisionOrg) -> None:
    """SURV-4: an answer of 满意 (4) to the overall question counts as satisfied."""
    survey = create_survey(
        supervision_org.inspector,
        supervision_org.units[0],
        SurveyInput(
            title="营业厅满意度调查",
            starts_on=dt.date(2026, 7, 1),
            ends_on=dt.date(2026, 7, 31),
            questions=["总体满意度"],
            overall=1,
        ),
        now=SUPERVISION_NOW,
    )
    client = _client(supervision_org.inspector)

    response = client.post(
        reverse("quality:survey_detail", args=[survey.pk]), {"respondent": "李女士", "q1": "4"}
    )

    assert response.status_code == 302
    assert SurveyResponse.objects.get().is_satisfied is True
    page = client.get(reverse("quality:survey_detail", args=[survey.pk]))
    assert "100.00%" in page.content.decode()
