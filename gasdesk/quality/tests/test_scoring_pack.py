"""SCORE-1, 3, 6, 12 and ASSESS-2…4 as pack data: shipped sections and what the schema refuses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from gasdesk.quality.tests.scoring_factories import (
    chaohu_annual,
    chaohu_department,
    kunlun_table,
    scorecard_rules,
)
from gasdesk.standards.sections.scorecard import (
    AnnualComprehensiveRules,
    DeductionPerFinding,
    IndicatorShortfall,
    ScorecardTable,
)

D = Decimal


def test_score_1_sections_of_the_1000_point_table() -> None:
    """SCORE-1 (001 art. 11 (一)): 500, 300, 50, 50, 50, 50 of 1000."""
    table = kunlun_table()
    assert table.total_points == 1000
    assert [(s.code, s.points) for s in table.sections] == [
        ("indicators", D(300)),
        ("management", D(500)),
        ("complaints", D(50)),
        ("callbacks", D(50)),
        ("mystery_shopper", D(50)),
        ("satisfaction", D(50)),
    ]


@pytest.mark.parametrize(
    ("code", "reads", "target", "points_per_step", "step", "points"),
    [
        ("M-01", "kpi.installation_on_time", 99, 5, 1, 40),
        ("M-02", "kpi.modification_timeliness", 95, 5, 1, 30),
        ("M-03", "kpi.gas_on_timeliness", 95, 5, 1, 40),
        ("M-04", "kpi.inspection_entry_rate", 82, 5, 1, 50),
        ("M-05", "kpi.repair_timeliness", 95, 5, 1, 30),
        ("M-06", "kpi.calls_answered_in_time", 90, 3, 1, 30),
        ("M-07", "kpi.queue_abandonment", 10, 5, 1, 20),
        ("M-08", "kpi.average_wait_minutes", 15, 2, 5, 20),
    ],
)
def test_score_3_indicator_rows(
    code: str, reads: str, target: int, points_per_step: int, step: int, points: int
) -> None:
    """SCORE-3 (001 annex rows 1–8): targets, deductions and points; linear by default."""
    (item,) = [i for i in kunlun_table().items() if i.code == code]
    assert isinstance(item.rule, IndicatorShortfall)
    rule = item.rule
    assert (rule.reads, rule.target, rule.points_per_step, rule.step) == (
        reads,
        target,
        points_per_step,
        step,
    )
    assert (item.points, rule.step_mode) == (points, "linear")


def test_score_3_m_09_outage_deductions_by_band() -> None:
    """SCORE-3 row 9: −2 (≤ 5,000), −5 (≤ 50,000), −10 (> 50,000) per outage, 40 points."""
    (item,) = [i for i in kunlun_table().items() if i.code == "M-09"]
    assert isinstance(item.rule, DeductionPerFinding)
    assert [(c.reads, c.points) for c in item.rule.classes] == [
        ("kpi.outages.up_to_5000", 2),
        ("kpi.outages.up_to_50000", 5),
        ("kpi.outages.over_50000", 10),
    ]
    assert item.points == 40


@pytest.mark.parametrize(
    ("checklist", "rows", "points"),
    [
        ("hotline", 38, 109),
        ("counter", 25, 68),
        ("visit_general", 19, 61),
        ("visit_inspection", 6, 31),
        ("visit_gas_on", 8, 38),
        ("visit_repair", 4, 21),
    ],
)
def test_score_6_checklists_of_001(checklist: str, rows: int, points: int) -> None:
    """SCORE-6: H-01…H-38, C-01…C-25, V-01…V-19, I, G, R rows; totals without bonus rows."""
    group = kunlun_table().checklist(checklist)
    assert len(group.items) == rows
    assert sum(i.points for i in group.items if not i.is_bonus) == points


def test_score_6_reconstructed_rows_are_328_of_500() -> None:
    """SCORE-6 / OQ-22: the lost annex rows are one 172-point manual placeholder."""
    table = kunlun_table()
    lost = table.checklist("lost_rows").items
    assert [(i.code, i.points, i.rule.kind) for i in lost] == [("X-01", 172, "manual")]


def test_score_12_grade_bands_are_closed_on_the_right() -> None:
    """SCORE-12: fail ≤ 600 < pass ≤ 750 < good ≤ 900 < excellent."""
    grades = kunlun_table().grades
    assert [(g.code, g.low, g.high, g.closed) for g in grades] == [
        ("fail", None, 600, "right"),
        ("pass", 600, 750, "right"),
        ("good", 750, 900, "right"),
        ("excellent", 900, None, "right"),
    ]


def test_assess_2_chaohu_weights_50_30_20() -> None:
    """ASSESS-2 (000 item 28): 50 % / 30 % / 20 %; no complaint-rate table (OQ-15)."""
    rules = chaohu_annual()
    assert (rules.satisfaction_weight, rules.callback_weight, rules.indicator_weight) == (
        D("0.5"),
        D("0.3"),
        D("0.2"),
    )
    assert rules.complaint_rate_deductions is None


def test_assess_4_chaohu_department_rules() -> None:
    """ASSESS-4 (004 五): −5 per finding, 3 findings cancel awards, grade C, 3 → stand-by."""
    rules = chaohu_department()
    assert (rules.tier_breach_points, rules.award_disqualify_findings) == (5, 3)
    assert (rules.staff_finding_grade, rules.staff_standby_findings) == ("C", 3)
    assert rules.annual_complaint_deduction == "sum_of_quarters"


@pytest.mark.parametrize("company", ["aode", "chongqing"])
def test_silent_handbooks_configure_no_evaluation_model(company: str) -> None:
    """CF-10: 002 and 003 give no evaluation numbers; the section only says so."""
    rules = scorecard_rules(company)
    assert (rules.table, rules.annual, rules.department, rules.divisions) == (None,) * 4
    assert rules.source


def _table_document(**changes: Any) -> dict[str, Any]:
    document = kunlun_table().model_dump(mode="json")
    document.update(changes)
    return document


def test_rows_that_do_not_add_up_to_the_section_are_refused() -> None:
    document = _table_document()
    document["sections"][0]["groups"][0]["items"][0]["points"] = "41"
    with pytest.raises(ValidationError, match="rows add up to 301"):
        ScorecardTable.model_validate(document)


def test_grade_bands_with_a_gap_are_refused() -> None:
    """CF-12: bands must meet exactly, so every score has one grade."""
    document = _table_document()
    document["grades"][1]["low"] = "601"
    with pytest.raises(ValidationError, match="must meet the next band"):
        ScorecardTable.model_validate(document)


def test_unknown_rule_kind_and_duplicate_codes_are_refused() -> None:
    document = _table_document()
    document["sections"][0]["groups"][0]["items"][0]["rule"]["kind"] = "formula"
    with pytest.raises(ValidationError):
        ScorecardTable.model_validate(document)
    document = _table_document()
    document["sections"][0]["groups"][0]["items"][1]["code"] = "M-01"
    with pytest.raises(ValidationError, match="duplicate item codes"):
        ScorecardTable.model_validate(document)


def test_annual_weights_must_add_up_to_one() -> None:
    with pytest.raises(ValidationError, match="weights add up to"):
        AnnualComprehensiveRules(
            satisfaction_weight=D("0.5"), callback_weight=D("0.3"), indicator_weight=D("0.3")
        )


def test_duplicate_checklist_codes_and_reversed_bonus_range_are_refused() -> None:
    document = _table_document()
    document["sections"][1]["groups"][1]["code"] = "hotline"
    with pytest.raises(ValidationError, match="duplicate group codes"):
        ScorecardTable.model_validate(document)
    document = _table_document()
    bonus = next(
        i for i in document["sections"][1]["groups"][0]["items"] if i["rule"]["kind"] == "bonus"
    )
    bonus["rule"]["per_occurrence_min"] = "6"
    with pytest.raises(ValidationError, match="must not exceed"):
        ScorecardTable.model_validate(document)
