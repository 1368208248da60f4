"""Registers and supervision rules: KPI-8 on-site waits, ASSESS-5/6/7, SURV-1/2/5/6/7/8,
SCORE-2/8."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.org.models import OrgUnitKind
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.quality.assessment_services import (
    SurveyInput,
    create_survey,
    record_award,
)
from gasdesk.quality.evaluation_services import EvaluationEntry, evaluate_unit
from gasdesk.quality.kpi.figures import period_containing
from gasdesk.quality.kpi.selectors import kpi_records, kpi_scope, kpi_table
from gasdesk.quality.models_register import (
    ChannelDecision,
    Improvement,
    ImprovementEvent,
    ImprovementStep,
    StaffSanction,
    WaitSample,
)
from gasdesk.quality.models_supervision import (
    Award,
    AwardKind,
    Evaluation,
    Inspection,
    InspectionKind,
    SatisfactionLevel,
)
from gasdesk.quality.register_selectors import channel_states
from gasdesk.quality.register_services import (
    ImprovementInput,
    SanctionInput,
    StepOutcome,
    advance_improvement,
    record_sanction,
    record_wait_sample,
    register_improvement,
    review_channel,
)
from gasdesk.quality.supervision_selectors import survey_satisfaction
from gasdesk.quality.supervision_services import (
    InspectionInput,
    record_inspection,
    record_response,
)
from gasdesk.quality.tests.supervision_factories import full_marks_entry
from gasdesk.quality.tests.supervision_fixtures import SUPERVISION_NOW, SupervisionOrg
from gasdesk.standards.loading import read_pack_file, shipped_pack_files
from gasdesk.standards.schema import Pack

JULY = period_containing(SUPERVISION_NOW.date(), "month")
QUARTER = period_containing(SUPERVISION_NOW.date(), "quarter")


def _pack(company: str) -> Pack:
    return next(read_pack_file(p).pack for p in shipped_pack_files() if p.parent.name == company)


def _sample(org: SupervisionOrg, unit_index: int, minutes: str, hour: int = 9) -> WaitSample:
    return record_wait_sample(
        org.inspector,
        org.units[unit_index],
        sampled_at=SUPERVISION_NOW.replace(day=2, hour=hour),
        wait_minutes=Decimal(minutes),
        now=SUPERVISION_NOW,
    )


def test_kpi_8_average_wait_is_sum_over_on_site_samples(supervision_org: SupervisionOrg) -> None:
    """KPI-8 EX-30 M-08: samples of 24 and 30 min → 54 / 2 = 27 min (not hotline queue waits)."""
    _sample(supervision_org, 0, "24")
    _sample(supervision_org, 0, "30", hour=10)
    _sample(supervision_org, 1, "3")  # another unit: outside unit 0's subtree

    scope = kpi_scope(
        supervision_org.specialist,
        unit_id=supervision_org.units[0].pk,
        period=JULY,
        now=SUPERVISION_NOW,
    )
    figures = {f.code: f for f in kpi_table(scope)}
    page = kpi_records(scope, "kpi.average_wait_minutes", part="denominator")

    figure = figures["kpi.average_wait_minutes"]
    assert (figure.numerator, figure.denominator, figure.value) == (54 * 60, 2, Decimal("27.00"))
    assert figure.target is not None
    assert figure.target.value == 15
    assert figure.passed is False
    assert page.record_kind == "wait"
    assert len(page.records) == 2


def test_kpi_8_company_scope_counts_every_counter(supervision_org: SupervisionOrg) -> None:
    """KPI-8: the company's figure averages all its counters' samples: (24 + 3) / 2 = 13.5."""
    _sample(supervision_org, 0, "24")
    _sample(supervision_org, 1, "3")
    scope = kpi_scope(supervision_org.specialist, unit_id=None, period=JULY, now=SUPERVISION_NOW)

    figures = {f.code: f for f in kpi_table(scope)}

    assert figures["kpi.average_wait_minutes"].value == Decimal("13.50")
    assert figures["kpi.average_wait_minutes"].passed is True


def test_kpi_8_sample_rules(supervision_org: SupervisionOrg) -> None:
    """KPI-8: negative waits are refused; a technician may not record samples; nothing saved."""
    with pytest.raises(RuleViolation) as excinfo:
        _sample(supervision_org, 0, "-1")
    assert excinfo.value.field == "wait_minutes"
    with pytest.raises(PermissionDeniedRule):
        record_wait_sample(
            supervision_org.technician,
            supervision_org.units[0],
            sampled_at=SUPERVISION_NOW,
            wait_minutes=Decimal(5),
            now=SUPERVISION_NOW,
        )
    assert not WaitSample.objects.exists()


def test_assess_5_monthly_service_star_and_team_awards(packs, org, specialist) -> None:  # type: ignore[no-untyped-def]
    """ASSESS-5 (000 items 11, 31): 月度服务之星 is a person's month; team awards go to a team."""
    star = make_user(Role.HOTLINE_AGENT, org.unit_a, username="star_agent")
    monthly = record_award(
        specialist,
        org.unit_a,
        kind=AwardKind.MONTHLY_STAR,
        period="2026-06",
        awarded_on=dt.date(2026, 7, 2),
        person=star,
        reason="6月零差错",
    )
    team = record_award(
        specialist,
        org.team_a,
        kind=AwardKind.QUALITY_TEAM,
        period="2026",
        awarded_on=dt.date(2026, 12, 28),
    )
    assert (monthly.person, monthly.period, team.person) == (star, "2026-06", None)

    for kind, period, person, field in [
        (AwardKind.MONTHLY_STAR, "2026", star, "period"),
        (AwardKind.MONTHLY_STAR, "2026-06", None, "person"),
        (AwardKind.INNOVATION_TEAM, "2026", star, "person"),
    ]:
        with pytest.raises(RuleViolation) as excinfo:
            record_award(
                specialist, org.unit_a, kind=kind, period=period,
                awarded_on=dt.date(2026, 7, 2), person=person,
            )  # fmt: skip
        assert excinfo.value.field == field
    assert Award.objects.count() == 2


def test_assess_6_improvement_walks_the_steps_to_promotion(packs, org, specialist) -> None:  # type: ignore[no-untyped-def]
    """ASSESS-6: collect → analyse → implement → monitor → apply → evaluate → promote."""
    item = register_improvement(
        specialist,
        ImprovementInput(org.unit_a, "营业厅叫号分流", "supervision", "检查发现排队过长"),
        now=SUPERVISION_NOW,
    )
    for _ in range(4):
        item = advance_improvement(specialist, item, StepOutcome("完成"), now=SUPERVISION_NOW)
    assert item.step == ImprovementStep.APPLY
    item = advance_improvement(specialist, item, StepOutcome("计入7月绩效"), now=SUPERVISION_NOW)
    with pytest.raises(RuleViolation) as excinfo:
        advance_improvement(
            specialist, item, StepOutcome("见效", is_success=True), now=SUPERVISION_NOW
        )
    assert excinfo.value.field == "benefits"

    effect = StepOutcome("等待时间下降", ("efficiency", "quality"), True, "2026-07")
    item = advance_improvement(specialist, item, effect, now=SUPERVISION_NOW)

    assert (item.step, item.is_success, item.benefits) == (
        ImprovementStep.PROMOTE, True, ["efficiency", "quality"]
    )  # fmt: skip
    assert item.applies_to_period == "2026-07"
    assert ImprovementEvent.objects.filter(improvement=item).count() == 7
    with pytest.raises(RuleViolation):
        advance_improvement(specialist, item, StepOutcome("再推"), now=SUPERVISION_NOW)


def test_assess_6_stale_step_loses(packs, org, specialist) -> None:  # type: ignore[no-untyped-def]
    """ASSESS-6: two people closing the same step: the second (stale) write changes nothing."""
    item = register_improvement(
        specialist, ImprovementInput(org.unit_a, "热线话术", "initiative"), now=SUPERVISION_NOW
    )
    stale = Improvement.objects.get(pk=item.pk)
    advance_improvement(specialist, item, StepOutcome("收集"), now=SUPERVISION_NOW)

    with pytest.raises(ConcurrentChange):
        advance_improvement(specialist, stale, StepOutcome("收集"), now=SUPERVISION_NOW)
    assert Improvement.objects.get(pk=item.pk).step == ImprovementStep.ANALYSE
    assert ImprovementEvent.objects.filter(improvement=item).count() == 2


@pytest.fixture
def aode(packs):  # type: ignore[no-untyped-def]
    company = make_company(standard_company="aode", name="奥德燃气")
    counter = make_unit(name="客服中心", kind=OrgUnitKind.DEPARTMENT, parent=company)
    return (
        make_user(Role.SPECIALIST, company, username="ad_specialist"),
        make_user(Role.HOTLINE_AGENT, counter, username="ad_clerk"),
    )


def test_assess_7_one_time_notification_failure_outcomes(aode) -> None:  # type: ignore[no-untyped-def]
    """ASSESS-7 (002 三.(四)): 批评教育、经济惩戒、记过处分 — a warning is not among them."""
    specialist, clerk = aode
    fine = record_sanction(
        specialist,
        SanctionInput(clerk, "notify_failure", "fine", dt.date(2026, 7, 8), "未一次性告知",
                      amount=Decimal(200), reference="CMP-2026-0012"),
        now=SUPERVISION_NOW,
    )  # fmt: skip
    assert (fine.outcome, fine.amount, fine.pack_version) == ("fine", Decimal(200), "2022")
    assert fine.org_unit == clerk.org_unit

    with pytest.raises(RuleViolation) as excinfo:
        record_sanction(
            specialist,
            SanctionInput(clerk, "notify_failure", "warning", dt.date(2026, 7, 8), "同上"),
            now=SUPERVISION_NOW,
        )
    assert excinfo.value.field == "outcome"
    assert StaffSanction.objects.count() == 1


def test_assess_7_time_limit_breach_and_commendation(aode) -> None:  # type: ignore[no-untyped-def]
    """ASSESS-7 (002 四.(三), 一.(四)): 通报批评 for a breach; 通报表扬 for a good specialist."""
    specialist, clerk = aode
    for cause, outcome in [
        ("time_limit_breach", "circulated_criticism"),
        ("specialist_commendation", "commendation"),
    ]:
        record_sanction(
            specialist,
            SanctionInput(clerk, cause, outcome, dt.date(2026, 7, 9), "事实"),
            now=SUPERVISION_NOW,
        )
    with pytest.raises(RuleViolation) as excinfo:
        record_sanction(
            specialist,
            SanctionInput(clerk, "time_limit_breach", "criticism", dt.date(2026, 7, 9), "x",
                          amount=Decimal(50)),
            now=SUPERVISION_NOW,
        )  # fmt: skip
    assert excinfo.value.field == "amount"
    assert StaffSanction.objects.filter(staff=clerk).count() == 2


def test_assess_7_pack_without_discipline_rules_refuses(packs, org, specialist, agent_a) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as excinfo:
        record_sanction(
            specialist,
            SanctionInput(agent_a, "notify_failure", "fine", dt.date(2026, 7, 8), "x"),
            now=SUPERVISION_NOW,
        )
    assert excinfo.value.field == "cause"
    assert not StaffSanction.objects.exists()


def test_surv_1_and_surv_2_scope_and_channels_from_001() -> None:
    """SURV-1 (001 art. 6): eight scope items; SURV-2 (art. 7): 3 internal + external channels."""
    rules = _pack("kunlun96602").scorecard
    assert rules is not None
    assert rules.supervision is not None
    supervision = rules.supervision
    assert len(supervision.scope) == 8
    internal = [c.code for c in supervision.channels if c.side == "internal"]
    external = {c.code for c in supervision.channels if c.side == "external"}
    assert internal == ["indicators", "management_check", "mystery_shopper"]
    assert {"complaints", "callbacks", "satisfaction_survey", "wechat", "media"} <= external


def test_surv_8_chongqing_collects_from_the_listed_sources() -> None:
    """SURV-8 (003): hotline, website, petitions, … mayor's hotline, NPC and CPPCC."""
    rules = _pack("chongqing").scorecard
    assert rules is not None
    assert rules.supervision is not None
    codes = {c.code for c in rules.supervision.channels}
    assert {"hotline", "website", "petitions", "voluntary_supervisors", "mayor_hotline"} <= codes
    assert {"npc_cppcc", "social_bodies", "conduct_department"} <= codes
    assert len(codes) == 10


def test_surv_5_review_retires_and_restores_a_channel(supervision_org: SupervisionOrg) -> None:
    """SURV-5 (001 art. 8 (三)): periodic review with an exit mechanism; the newest decides."""
    company, specialist = supervision_org.company, supervision_org.specialist
    rules = _pack("kunlun96602").scorecard.supervision  # type: ignore[union-attr]
    review_channel(
        specialist, company, channel="wechat", decision=ChannelDecision.EXIT,
        effect="投诉功能重复12345，过滤严重", reviewed_on=dt.date(2026, 6, 30), now=SUPERVISION_NOW,
    )  # fmt: skip
    states = {s.code: s for s in channel_states(company, rules)}
    assert states["wechat"].is_active is False
    assert states["media"].is_active is True

    review_channel(
        specialist, company, channel="wechat", decision=ChannelDecision.KEEP,
        effect="改版后恢复", reviewed_on=dt.date(2026, 7, 9), now=SUPERVISION_NOW,
    )  # fmt: skip
    assert {s.code: s for s in channel_states(company, rules)}["wechat"].is_active is True
    with pytest.raises(RuleViolation) as excinfo:
        review_channel(
            specialist, company, channel="tiktok", decision="exit", effect="x",
            reviewed_on=dt.date(2026, 7, 9), now=SUPERVISION_NOW,
        )  # fmt: skip
    assert excinfo.value.field == "channel"


def test_surv_6_inspections_are_the_office_roles_not_field_staff(
    supervision_org: SupervisionOrg,
) -> None:
    """SURV-6 (000 item 43): inspections are organised by the service office; a technician
    may not record one, and nothing is written."""
    data = InspectionInput(
        unit=supervision_org.units[0],
        kind=InspectionKind.INSPECTION,
        checklist="hotline",
        inspected_at=SUPERVISION_NOW,
        findings=(),
    )
    with pytest.raises(PermissionDeniedRule):
        record_inspection(supervision_org.technician, data)
    assert not Inspection.objects.exists()
    assert record_inspection(supervision_org.inspector, data).inspector == supervision_org.inspector


def test_surv_7_third_party_survey_rate_is_computed_from_answers(
    supervision_org: SupervisionOrg,
) -> None:
    """SURV-7/KPI-18: a third-party survey's rate comes from the answers; 一般 is not satisfied."""
    survey = create_survey(
        supervision_org.inspector,
        supervision_org.units[0],
        SurveyInput(
            title="市消委会第三方测评", starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 7, 31),
            questions=["总体满意度"], overall=1, method="third_party",
            organiser="市消费者权益保护委员会", target_customers="居民用户", sample_size=4,
        ),
        now=SUPERVISION_NOW,
    )  # fmt: skip
    for i, level in enumerate([5, 4, 4, SatisfactionLevel.NEUTRAL]):
        record_response(
            supervision_org.inspector, survey, answers={1: level},
            answered_at=SUPERVISION_NOW, respondent=f"受访者{i}",
        )  # fmt: skip

    rate = survey_satisfaction(survey.responses.all())
    assert (rate.satisfied, rate.answered, rate.rate) == (3, 4, Decimal("75.00"))
    assert (survey.sample_size, survey.method) == (4, "third_party")


def test_survey_plan_rejects_a_zero_sample(supervision_org: SupervisionOrg) -> None:
    """SURV-4: a planned sample must be positive; the field is named and nothing is created."""
    with pytest.raises(RuleViolation) as excinfo:
        create_survey(
            supervision_org.inspector, supervision_org.units[0],
            SurveyInput("调查", dt.date(2026, 7, 1), dt.date(2026, 7, 2), ["总体"], 1,
                        sample_size=0),
            now=SUPERVISION_NOW,
        )  # fmt: skip
    assert excinfo.value.field == "sample_size"


def test_score_2_evaluation_records_a_pack_method(supervision_org: SupervisionOrg) -> None:
    """SCORE-2 (001 art. 9 (二)): self, customer, third-party, government; others refused."""
    scorecard = _pack("kunlun96602").scorecard
    assert scorecard is not None
    assert scorecard.scope is not None
    methods = [m.code for m in scorecard.scope.methods]
    assert methods == ["self", "customer", "third_party", "government"]
    entry = full_marks_entry()
    unit = supervision_org.units[0]
    with pytest.raises(RuleViolation) as excinfo:
        evaluate_unit(
            supervision_org.specialist, unit, QUARTER, now=SUPERVISION_NOW,
            entry=EvaluationEntry(**{**entry.__dict__, "method": "rumour"}),
        )  # fmt: skip
    assert excinfo.value.field == "method"
    assert not Evaluation.objects.exists()

    stored = evaluate_unit(
        supervision_org.specialist, unit, QUARTER, now=SUPERVISION_NOW,
        entry=EvaluationEntry(**{**entry.__dict__, "method": "third_party"}),
    )  # fmt: skip
    assert (stored.method, stored.published, stored.computed_by) == (
        "third_party", Decimal("1000.00"), supervision_org.specialist
    )  # fmt: skip


def test_score_8_customer_experience_rows_are_50_each() -> None:
    """SCORE-8 (001 art. 11): complaints, callbacks, mystery shopper, satisfaction = 50 each."""
    scorecard = _pack("kunlun96602").scorecard
    assert scorecard is not None
    assert scorecard.table is not None
    points = {s.code: s.points for s in scorecard.table.sections}
    assert [points[c] for c in ("complaints", "callbacks", "mystery_shopper", "satisfaction")] == [
        50, 50, 50, 50
    ]  # fmt: skip
    items = {i.code: i for s in scorecard.table.sections for g in s.groups for i in g.items}
    assert all(items[c].rule.kind == "manual" for c in ("P-01", "B-01", "Y-01", "Z-01"))
