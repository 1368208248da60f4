"""The stored evaluation (SCORE-1…13, ASSESS-2/4/5): normalisation, ranking, history, what-if."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_unit, make_user
from gasdesk.quality.assessment_services import (
    evaluate_department_month,
    evaluate_division,
    record_annual_score,
    record_award,
    record_tier_finding,
)
from gasdesk.quality.evaluation_services import evaluate_unit
from gasdesk.quality.kpi.figures import period_containing
from gasdesk.quality.models_supervision import AwardKind, Evaluation, ScoreEvent
from gasdesk.quality.scoring import AnnualInputs
from gasdesk.quality.supervision_scoring import FindingInput, inputs_from_json, what_if
from gasdesk.quality.tests.supervision_factories import (
    full_marks_entry,
    hotline_inspection,
    kunlun_table,
)
from gasdesk.quality.tests.supervision_fixtures import SUPERVISION_NOW, SupervisionOrg

QUARTER = period_containing(SUPERVISION_NOW.date(), "quarter")
NA_TWO = frozenset({"M-02", "M-03"})


def test_two_rows_not_applicable_normalised_to_1000(supervision_org: SupervisionOrg) -> None:
    """SCORE-10 / EX-32: M-02 (30) and M-03 (40) N/A, K2 = 812 → 812 × 1000 / 930 = 873.12 良好."""
    entry = full_marks_entry(manual={"X-01": Decimal(54)}, not_applicable=NA_TWO)  # 930 − 118

    evaluation = evaluate_unit(
        supervision_org.specialist,
        supervision_org.units[0],
        QUARTER,
        now=SUPERVISION_NOW,
        entry=entry,
    )

    assert evaluation.result["actual"] == "812"
    assert evaluation.result["not_applicable_points"] == "70"
    assert (evaluation.published, evaluation.grade) == (Decimal("873.12"), "good")
    assert evaluation.rank == 1
    event = ScoreEvent.objects.get(evaluation=evaluation)
    assert (event.kind, event.data["after"]) == ("evaluated", "873.12")


def test_900_is_good_not_excellent(supervision_org: SupervisionOrg) -> None:
    """SCORE-12 / EX-32: K2 = 837 with 70 N/A → 900.00 → 良好 (900 < K for 优秀)."""
    entry = full_marks_entry(manual={"X-01": Decimal(79)}, not_applicable=NA_TWO)  # 930 − 93

    evaluation = evaluate_unit(
        supervision_org.specialist,
        supervision_org.units[0],
        QUARTER,
        now=SUPERVISION_NOW,
        entry=entry,
    )

    assert (evaluation.published, evaluation.grade) == (Decimal("900.00"), "good")


def test_inspection_findings_flow_into_the_evaluation(supervision_org: SupervisionOrg) -> None:
    """SCORE-6: an H-01 finding (−2) from an inspection of the quarter costs the unit 2 points."""
    unit = supervision_org.units[0]
    hotline_inspection(supervision_org.inspector, unit, FindingInput("H-01", 1))

    evaluation = evaluate_unit(
        supervision_org.specialist, unit, QUARTER, now=SUPERVISION_NOW, entry=full_marks_entry()
    )

    assert evaluation.inputs["findings"]["H-01"] == 1
    assert evaluation.published == Decimal("998.00")


def test_recompute_writes_history_and_keeps_one_row(supervision_org: SupervisionOrg) -> None:
    """SCORE-13: a recomputation updates the stored score and appends before/after."""
    unit = supervision_org.units[0]
    evaluate_unit(
        supervision_org.specialist, unit, QUARTER, now=SUPERVISION_NOW, entry=full_marks_entry()
    )

    again = evaluate_unit(
        supervision_org.specialist,
        unit,
        QUARTER,
        now=SUPERVISION_NOW,
        entry=full_marks_entry(manual={"Z-01": Decimal(40)}),
    )

    assert Evaluation.objects.count() == 1
    assert again.published == Decimal("990.00")
    last = ScoreEvent.objects.filter(evaluation=again).last()
    assert last is not None
    assert (last.kind, last.data["before"], last.data["after"]) == (
        "recomputed",
        "1000.00",
        "990.00",
    )


def test_unscored_manual_row_is_refused_and_nothing_stored(supervision_org: SupervisionOrg) -> None:
    """SCORE-7: a manual row must be scored (or marked not applicable) before the evaluation."""
    entry = full_marks_entry()
    manual = {k: v for k, v in entry.manual.items() if k != "Y-01"}
    with pytest.raises(RuleViolation) as error:
        evaluate_unit(
            supervision_org.specialist,
            supervision_org.units[0],
            QUARTER,
            now=SUPERVISION_NOW,
            entry=full_marks_entry().__class__(values=entry.values, manual=manual),
        )

    assert error.value.field == "manual.Y-01"
    assert not Evaluation.objects.exists()
    assert not ScoreEvent.objects.exists()


def test_inspector_may_not_evaluate(supervision_org: SupervisionOrg) -> None:
    with pytest.raises(PermissionDeniedRule):
        evaluate_unit(
            supervision_org.inspector,
            supervision_org.units[0],
            QUARTER,
            now=SUPERVISION_NOW,
            entry=full_marks_entry(),
        )

    assert not Evaluation.objects.exists()


def test_three_units_ranked_and_division_weighted(supervision_org: SupervisionOrg) -> None:
    """SCORE-11/13: units 1000, 900, 800 with difficulty 1.2, 1.0, 0.8 → ranks 1-2-3;
    Q = (1.0 × 1.2 + 0.9 × 1.0 + 0.8 × 0.8) / 3.0 × 1000 = 913.33 → 优秀."""
    manuals: tuple[dict[str, Decimal], ...] = (
        {},
        {"X-01": Decimal(72)},
        {"X-01": Decimal(0), "Z-01": Decimal(22)},
    )
    for unit, manual in zip(supervision_org.units, manuals, strict=True):
        evaluate_unit(
            supervision_org.specialist,
            unit,
            QUARTER,
            now=SUPERVISION_NOW,
            entry=full_marks_entry(manual=manual),
        )

    ranked = Evaluation.objects.filter(kind="unit").order_by("rank")
    assert [(e.org_unit.name, e.published, e.rank) for e in ranked] == [
        ("一所", Decimal("1000.00"), 1),
        ("二所", Decimal("900.00"), 2),
        ("三所", Decimal("800.00"), 3),
    ]
    division = evaluate_division(
        supervision_org.specialist, supervision_org.division, QUARTER, now=SUPERVISION_NOW
    )
    assert (division.published, division.grade) == (Decimal("913.33"), "excellent")
    assert [u["difficulty"] for u in division.result["units"]] == ["1.200", "1.000", "0.800"]


def test_what_if_moves_the_total(supervision_org: SupervisionOrg) -> None:
    """SCORE-3/4 what-if: M-05 from target 95 % to 92.4 % → −13 (5 per 1 %); nothing saved."""
    unit = supervision_org.units[0]
    stored = evaluate_unit(
        supervision_org.specialist, unit, QUARTER, now=SUPERVISION_NOW, entry=full_marks_entry()
    )
    before = inputs_from_json(stored.inputs)
    after = before.__class__(
        values={**before.values, "kpi.repair_timeliness": Decimal("92.4")},
        findings=before.findings,
        manual=before.manual,
        occurrences=before.occurrences,
        not_applicable=before.not_applicable,
    )

    result = what_if(kunlun_table(), before, after)

    assert result.delta == Decimal("-13.00")
    assert [(c.code, c.before, c.after) for c in result.changes] == [
        ("M-05", Decimal(30), Decimal("17.0"))
    ]
    assert Evaluation.objects.get().published == Decimal("1000.00")


def test_chaohu_annual_comprehensive_score_stored(org, specialist, packs) -> None:
    """ASSESS-2 / EX-46: 92 × 0.5 + 88 × 0.3 + 95 × 0.2 − 1.5 = 89.9, stored with history."""
    callbacks = tuple(Decimal(v) for v in (86, 87, 88, 89, 90, 88, 87, 89, 88, 88, 87, 89))
    inputs = AnnualInputs(
        satisfaction=Decimal(92),
        monthly_callback_results=callbacks,
        monthly_indicator_results=(Decimal(95),),
        complaint_deduction=Decimal("1.5"),
    )
    manager = make_user(Role.MANAGER, org.company, username="ch_manager")
    year = period_containing(dt.date(2025, 6, 1), "year")

    evaluation = record_annual_score(manager, org.unit_a, year, inputs, now=SUPERVISION_NOW)

    assert evaluation.published == Decimal("89.90")
    assert evaluation.result["callback_mean"] == "88"
    assert ScoreEvent.objects.filter(evaluation=evaluation).count() == 1


def test_tier_findings_cost_5_points_and_three_cancel_awards(org, packs) -> None:
    """ASSESS-4: 5 points off the month per finding; 三次以上 (3 inclusive) cancels awards."""
    department = make_unit(name="客服部", kind="department", parent=org.company)
    inspector = make_user(Role.INSPECTOR, org.company, username="ch_inspector")
    manager = make_user(Role.MANAGER, org.company, username="ch_manager2")
    for day in (3, 10):
        record_tier_finding(
            inspector, department, found_on=dt.date(2026, 3, day), description="VIP未按月走访"
        )

    month = evaluate_department_month(
        manager, department, period_containing(dt.date(2026, 3, 1), "month"), now=SUPERVISION_NOW
    )
    assert (month.published, month.result["deduction"]) == (Decimal("90.00"), "10")
    award = record_award(
        manager,
        department,
        kind=AwardKind.QUALITY_TEAM,
        period="2026",
        awarded_on=dt.date(2026, 12, 30),
    )
    assert award.pk is not None

    record_tier_finding(
        inspector, department, found_on=dt.date(2026, 4, 1), description="重点客户未回访"
    )
    with pytest.raises(RuleViolation):
        record_award(
            manager,
            department,
            kind=AwardKind.QUALITY_TEAM,
            period="2026",
            awarded_on=dt.date(2026, 12, 31),
        )
    assert ScoreEvent.objects.filter(kind="award").count() == 1
