"""Supervision API (SURV-3/4, SCORE-6…13): record, list within budget, what-if, respond."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rest_framework.test import APIClient

from gasdesk.quality.assessment_services import SurveyInput, create_survey
from gasdesk.quality.evaluation_services import evaluate_unit
from gasdesk.quality.kpi.figures import period_containing
from gasdesk.quality.models_supervision import Evaluation, Inspection, ScoreEvent
from gasdesk.quality.supervision_scoring import FindingInput
from gasdesk.quality.tests.supervision_factories import full_marks_entry, hotline_inspection
from gasdesk.quality.tests.supervision_fixtures import SUPERVISION_NOW, SupervisionOrg

BASE = "/api/v1/quality"


def _api(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)  # type: ignore[arg-type]
    return client


def test_record_inspection_through_the_api(supervision_org: SupervisionOrg) -> None:
    """SCORE-6: C-10 −5 per finding on the counter checklist; C-07 scored 5 of 5."""
    response = _api(supervision_org.inspector).post(
        f"{BASE}/inspections/",
        {
            "org_unit": supervision_org.units[0].pk,
            "person": supervision_org.technician.pk,
            "kind": "mystery_shopper",
            "checklist": "counter",
            "inspected_at": SUPERVISION_NOW.isoformat(),
            "findings": [
                {"item_code": "C-10", "count": 1, "evidence": "未执行首问负责"},
                {"item_code": "C-07", "manual_score": "5"},
            ],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert Decimal(response.json()["score"]) == Decimal(response.json()["max_points"]) - 5
    assert Inspection.objects.get().person == supervision_org.technician


def test_bad_row_code_is_a_400_and_nothing_saved(supervision_org: SupervisionOrg) -> None:
    response = _api(supervision_org.inspector).post(
        f"{BASE}/inspections/",
        {
            "org_unit": supervision_org.units[1].pk,
            "kind": "inspection",
            "checklist": "counter",
            "inspected_at": SUPERVISION_NOW.isoformat(),
            "findings": [{"item_code": "H-01", "count": 1}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert not Inspection.objects.exists()
    assert not ScoreEvent.objects.exists()


def test_inspection_list_within_query_budget(
    supervision_org: SupervisionOrg, django_assert_max_num_queries: object
) -> None:
    for unit in supervision_org.units:
        for _ in range(3):
            hotline_inspection(supervision_org.inspector, unit, FindingInput("H-01", 1))

    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = _api(supervision_org.specialist).get(f"{BASE}/inspections/")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 9


def test_what_if_action_moves_the_total(supervision_org: SupervisionOrg) -> None:
    """SCORE-3/4: M-01 installation 97 % against 99 % (5 per 1 %) → −10; nothing saved."""
    quarter = period_containing(SUPERVISION_NOW.date(), "quarter")
    evaluation = evaluate_unit(
        supervision_org.specialist,
        supervision_org.units[0],
        quarter,
        now=SUPERVISION_NOW,
        entry=full_marks_entry(),
    )

    response = _api(supervision_org.specialist).post(
        f"{BASE}/evaluations/{evaluation.pk}/what-if/",
        {"changes": {"values.kpi.installation_on_time": "97"}},
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (Decimal(body["after"]), Decimal(body["delta"])) == (Decimal(990), Decimal(-10))
    assert Evaluation.objects.get().published == Decimal("1000.00")


def test_survey_respond_action(supervision_org: SupervisionOrg) -> None:
    """SURV-4: an overall answer of 2 (不满意) is answered but not satisfied."""
    survey = create_survey(
        supervision_org.inspector,
        supervision_org.units[0],
        SurveyInput("热线满意度", dt.date(2026, 7, 1), dt.date(2026, 7, 31), ["总体"], 1),
        now=SUPERVISION_NOW,
    )

    response = _api(supervision_org.inspector).post(
        f"{BASE}/surveys/{survey.pk}/respond/",
        {"respondent": "赵先生", "answers": {"1": 2}},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert (response.json()["answered"], response.json()["satisfied"]) == (1, 0)


def test_evaluate_through_the_api_ex32(supervision_org: SupervisionOrg) -> None:
    """SCORE-10 / EX-32: M-02, M-03 not applicable, K2 = 812 → 873.12 良好, stored and ranked."""
    entry = full_marks_entry(manual={"X-01": Decimal(54)})
    body = {
        "org_unit": supervision_org.units[0].pk,
        "period": "quarter",
        "day": "2026-07-10",
        "values": {k: str(v) for k, v in entry.values.items()},
        "manual": {k: str(v) for k, v in entry.manual.items()},
        "not_applicable": ["M-02", "M-03"],
    }

    response = _api(supervision_org.specialist).post(f"{BASE}/evaluations/", body, format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["published"], response.json()["grade"]) == ("873.12", "good")
    assert response.json()["rank"] == 1


def test_inspector_may_not_evaluate_through_the_api(supervision_org: SupervisionOrg) -> None:
    body = {"org_unit": supervision_org.units[0].pk, "period": "quarter", "day": "2026-07-10"}

    response = _api(supervision_org.inspector).post(f"{BASE}/evaluations/", body, format="json")

    assert response.status_code == 403
    assert not Evaluation.objects.exists()
