"""Pages that create evaluations and surveys and keep the registers (SURV-4, SCORE-1, KPI-8,
ASSESS-3/5/6/7, SURV-5): role-checked, one happy path each, lists within query budgets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from gasdesk.quality.models_register import Improvement, ImprovementStep, WaitSample
from gasdesk.quality.models_supervision import Award, Evaluation, EvaluationKind, Survey
from gasdesk.quality.tests.supervision_factories import kunlun_table
from gasdesk.quality.tests.supervision_fixtures import SupervisionOrg


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_score_1_evaluation_form_is_for_evaluators_only(supervision_org: SupervisionOrg) -> None:
    """SCORE-1: inspectors record findings but do not score units; nothing is created."""
    inspector = _client(supervision_org.inspector)

    assert inspector.get(reverse("quality:evaluation_new")).status_code == 403
    assert inspector.post(reverse("quality:evaluation_new"), {}).status_code == 403
    assert not Evaluation.objects.exists()


def test_score_1_evaluation_form_scores_and_stores(supervision_org: SupervisionOrg) -> None:
    """SCORE-1/SCORE-2: the specialist scores unit 1's Q2 as a self-evaluation."""
    client = _client(supervision_org.specialist)
    unit = supervision_org.units[0]
    data = {"unit": unit.pk, "period_kind": "quarter", "year": 2026, "number": 2, "method": "self"}
    for item in kunlun_table().items():
        if item.rule.kind == "manual":
            data[f"na_{item.code}"] = "on"  # every 酌情 row not applicable (SCORE-10)

    response = client.post(reverse("quality:evaluation_new"), data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    stored = Evaluation.objects.get(org_unit=unit)
    assert response.status_code == 302
    assert response["Location"] == reverse("quality:evaluation_detail", args=[stored.pk])
    assert (str(stored.period_start), str(stored.period_end), stored.method) == (
        "2026-04-01", "2026-07-01", "self"
    )  # fmt: skip


def test_score_1_evaluation_form_bad_month_names_the_field(supervision_org: SupervisionOrg) -> None:
    client = _client(supervision_org.specialist)
    data = {
        "unit": supervision_org.units[0].pk,
        "period_kind": "quarter",
        "year": 2026,
        "number": 7,
    }

    response = client.post(reverse("quality:evaluation_new"), data)

    assert response.status_code == 200
    assert "请填写月份（1–12）或季度（1–4）" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_surv_4_survey_form_creates_plan_and_questionnaire(supervision_org: SupervisionOrg) -> None:
    """SURV-4: organiser, object, method, sample and questions from the page, not only the API."""
    client = _client(supervision_org.inspector)
    data = {
        "unit": supervision_org.units[0].pk,
        "title": "2026年营业厅满意度调查",
        "method": "counter",
        "organiser": "96602客服中心",
        "target_customers": "居民、工商户",
        "sample_size": 200,
        "starts_on": "2026-07-01",
        "ends_on": "2026-07-31",
        "questions": "您对营业厅服务总体是否满意？\n您对等待时间是否满意？\n",
        "overall": 1,
    }

    response = client.post(reverse("quality:survey_new"), data)

    survey = Survey.objects.get()
    assert response["Location"] == reverse("quality:survey_detail", args=[survey.pk])
    assert (survey.sample_size, survey.method, survey.organiser) == (
        200,
        "counter",
        "96602客服中心",
    )
    assert [q.is_overall for q in survey.questions.all()] == [True, False]


def test_surv_4_survey_form_refused_to_field_staff(supervision_org: SupervisionOrg) -> None:
    response = _client(supervision_org.technician).get(reverse("quality:survey_new"))
    assert response.status_code == 403


def test_surv_4_survey_form_error_names_the_field(supervision_org: SupervisionOrg) -> None:
    client = _client(supervision_org.inspector)
    data = {
        "unit": supervision_org.units[0].pk, "title": "调查", "method": "phone",
        "starts_on": "2026-07-01", "ends_on": "2026-07-31", "questions": "总体", "overall": 3,
    }  # fmt: skip

    response = client.post(reverse("quality:survey_new"), data)

    assert response.status_code == 200
    assert "请指定总体满意度问题" in response.content.decode()
    assert not Survey.objects.exists()


def test_kpi_8_wait_sample_page_records_and_lists(
    supervision_org: SupervisionOrg, django_assert_max_num_queries: object
) -> None:
    """KPI-8: an inspector samples a counter customer's wait on site (12.5 min = 750 s)."""
    client = _client(supervision_org.inspector)
    data = {
        "unit": supervision_org.units[0].pk,
        "sampled_at": "2026-07-02T09:30",
        "wait_minutes": "12.5",
    }

    response = client.post(reverse("quality:wait_samples"), data)

    assert response.status_code == 302
    assert WaitSample.objects.get().wait_seconds == 750
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        listing = client.get(reverse("quality:wait_samples"))
    assert "12.5" in listing.content.decode()


def test_assess_5_award_page_records_the_monthly_star(
    supervision_org: SupervisionOrg, django_assert_max_num_queries: object
) -> None:
    client = _client(supervision_org.specialist)
    data = {
        "unit": supervision_org.units[0].pk, "kind": "monthly_star", "period": "2026-06",
        "person": supervision_org.technician.pk, "awarded_on": "2026-07-02", "reason": "零投诉",
    }  # fmt: skip

    assert client.post(reverse("quality:awards"), data).status_code == 302
    assert Award.objects.get().person == supervision_org.technician
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        assert client.get(reverse("quality:awards")).status_code == 200


def test_assess_6_improvement_pages(supervision_org: SupervisionOrg) -> None:
    """ASSESS-6: register an improvement, then close its first step from the detail page."""
    client = _client(supervision_org.inspector)
    data = {"unit": supervision_org.units[0].pk, "title": "叫号分流", "driver": "supervision"}
    assert client.post(reverse("quality:improvements"), data).status_code == 302
    item = Improvement.objects.get()

    response = client.post(reverse("quality:improvement_detail", args=[item.pk]), {"note": "收集"})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.step == ImprovementStep.ANALYSE
    assert "叫号分流" in client.get(reverse("quality:improvements")).content.decode()


def test_assess_3_department_page_runs_and_lists(packs, org, specialist, agent_a) -> None:  # type: ignore[no-untyped-def]
    """ASSESS-3: the office runs Q4 from the page; both departments get a ranked row."""
    client = _client(specialist)
    data = {"period_kind": "quarter", "year": 2026, "quarter": 4, "subject": "office"}

    response = client.post(reverse("quality:department_assessments"), data)

    assert response.status_code == 302
    rows = Evaluation.objects.filter(kind=EvaluationKind.DEPARTMENT_QUARTER)
    assert sorted(e.published for e in rows) == [Decimal("100.00"), Decimal("100.00")]
    listing = client.get(reverse("quality:department_assessments")).content.decode()
    assert "服务管理办公室" in listing
    assert _client(agent_a).get(reverse("quality:department_assessments")).status_code == 403


@pytest.mark.parametrize("name", ["quality:sanctions", "quality:channels"])
def test_surv_5_and_assess_7_pages_render(supervision_org: SupervisionOrg, name: str) -> None:
    response = _client(supervision_org.specialist).get(reverse(name))
    assert response.status_code == 200


def test_assess_3_department_snapshot_detail_shows_its_inputs(packs, org, specialist) -> None:  # type: ignore[no-untyped-def]
    """ASSESS-3: a department snapshot's page shows its months and deductions (no what-if)."""
    client = _client(specialist)
    data = {"period_kind": "year", "year": 2026, "subject": "committee"}
    client.post(reverse("quality:department_assessments"), data)
    row = Evaluation.objects.get(org_unit=org.unit_a, kind=EvaluationKind.DEPARTMENT_YEAR)

    response = client.get(reverse("quality:evaluation_detail", args=[row.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="department-inputs"' in body
    assert "2026-12 100" in body
