"""ASSESS-1/3/4: quarterly and annual department assessments stored as ranked snapshots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gasdesk.complaints.services import set_level
from gasdesk.complaints.tests.factories import make_complaint
from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.org.models import User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.quality.assessment_services import record_tier_finding
from gasdesk.quality.department_assessment import AssessmentRun, assess_departments
from gasdesk.quality.models_supervision import Evaluation, EvaluationKind, ScoreEvent

TZ = ZoneInfo("Asia/Shanghai")
Q3 = dt.datetime(2026, 8, 20, 10, 0, tzinfo=TZ)
Q4 = dt.datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
RUN_AT = dt.datetime(2027, 1, 5, 9, 0, tzinfo=TZ)
Q4_RUN = AssessmentRun("quarter", 2026, 4, subject="office")

pytestmark = pytest.mark.django_db


def _levelled(agent: User, specialist: User, unit: object, level: int, count: int, at: dt.datetime):  # type: ignore[no-untyped-def]
    with time_machine.travel(at, tick=False):
        for _ in range(count):
            set_level(make_complaint(by=agent, target_unit=unit), by=specialist, level=level)


@pytest.fixture
def q4_data(packs, org, agent_a, specialist):  # type: ignore[no-untyped-def]
    """EX-01 complaints against unit A (2 × L1, 3 × L3, 8 × L5 = 7.30); one tier finding on B."""
    for level, count in [(1, 2), (3, 3), (5, 8)]:
        _levelled(agent_a, specialist, org.unit_a, level, count, Q4)
    inspector = make_user(Role.INSPECTOR, org.company, username="ch_q4_inspector")
    record_tier_finding(
        inspector, org.unit_b, found_on=dt.date(2026, 11, 3), description="VIP未按月走访"
    )
    return org


def test_assess_3_quarter_snapshot_per_department_with_inputs_and_rank(q4_data, specialist):  # type: ignore[no-untyped-def]
    """ASSESS-3 CMP-19: A 100 − 7.30 = 92.70; ASSESS-4: B (100 + 95 + 100) / 3 = 98.33; ranked."""
    stored = assess_departments(specialist, q4_data.company, Q4_RUN, now=RUN_AT)

    by_unit = {e.org_unit_id: e for e in stored}
    unit_a, unit_b = by_unit[q4_data.unit_a.pk], by_unit[q4_data.unit_b.pk]
    assert (unit_a.published, unit_a.rank) == (Decimal("92.70"), 2)
    assert (unit_b.published, unit_b.rank) == (Decimal("98.33"), 1)
    assert unit_a.result["complaint_deduction"] == "7.30"
    [quarter] = unit_a.inputs["quarters"]
    assert quarter["complaints_by_level"] == {"1": 2, "3": 3, "5": 8}
    assert [m["score"] for m in by_unit[q4_data.unit_b.pk].inputs["quarters"][0]["monthly"]] == [
        "100",
        "95",
        "100",
    ]
    assert (unit_a.computed_by, unit_a.computed_at, unit_a.subject) == (
        specialist,
        RUN_AT,
        "office",
    )
    assert q4_data.team_a.pk not in by_unit  # ASSESS-1 objects: departments/units, not teams


def test_assess_3_rerun_replaces_the_snapshot_and_keeps_history(q4_data, agent_a, specialist):  # type: ignore[no-untyped-def]
    """ASSESS-3: a re-run after a new level-1 complaint (3 points) replaces, never duplicates."""
    assess_departments(specialist, q4_data.company, Q4_RUN, now=RUN_AT)
    _levelled(agent_a, specialist, q4_data.unit_a, 1, 1, Q4)

    assess_departments(specialist, q4_data.company, Q4_RUN, now=RUN_AT + dt.timedelta(hours=1))

    row = Evaluation.objects.get(org_unit=q4_data.unit_a, kind=EvaluationKind.DEPARTMENT_QUARTER)
    assert row.published == Decimal("89.70")
    assert row.version == 2
    event = ScoreEvent.objects.get(evaluation=row, kind="recomputed")
    assert event.data["before"] == "92.70"
    assert event.data["previous"]["result"]["score"] == "92.70"
    assert event.data["previous"]["computed_by"] == specialist.pk


def test_assess_3_year_sums_the_quarters_deductions(packs, org, agent_a, specialist):  # type: ignore[no-untyped-def]
    """ASSESS-3 CMP-20: Q3 6 × L5 (0.30) + Q4 6 × L5 (0.30) = 0.60 off a 100 mean → 99.40."""
    _levelled(agent_a, specialist, org.unit_a, 5, 6, Q3)
    _levelled(agent_a, specialist, org.unit_a, 5, 6, Q4)

    stored = assess_departments(
        specialist, org.company, AssessmentRun("year", 2026, subject="committee"), now=RUN_AT
    )

    row = next(e for e in stored if e.org_unit_id == org.unit_a.pk)
    assert row.kind == EvaluationKind.DEPARTMENT_YEAR
    assert (row.published, row.result["complaint_deduction"]) == (Decimal("99.40"), "0.60")
    assert row.result["is_award_eligible"] is True
    assert len(row.inputs["quarters"]) == 4


def test_assess_1_subject_must_be_a_pack_evaluating_body(q4_data, specialist):  # type: ignore[no-untyped-def]
    """ASSESS-1 (000 item 27): committee, office or planning and finance — nobody else."""
    with pytest.raises(RuleViolation) as excinfo:
        assess_departments(
            specialist, q4_data.company, AssessmentRun("quarter", 2026, 4, "ceo"), now=RUN_AT
        )
    assert excinfo.value.field == "subject"
    assert not Evaluation.objects.exists()


def test_assess_3_only_evaluators_run_it(q4_data, agent_a):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedRule):
        assess_departments(agent_a, q4_data.company, Q4_RUN, now=RUN_AT)
    assert not Evaluation.objects.exists()
    assert not ScoreEvent.objects.filter(kind__in=["evaluated", "recomputed"]).exists()


def test_assess_3_bad_quarter_names_the_field(q4_data, specialist):  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as excinfo:
        assess_departments(
            specialist, q4_data.company, AssessmentRun("quarter", 2026, 5, "office"), now=RUN_AT
        )
    assert excinfo.value.field == "quarter"
