"""The callbacks section of every shipped pack (CB-2, CB-5, CB-8, CB-11, CB-12)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from gasdesk.business_calendar.units import Unit
from gasdesk.callbacks.programme import schedule
from gasdesk.standards.sections.callbacks import CallbackRules
from gasdesk.standards.tests.factories import shipped_pack

COMPANIES = ["chaohu", "kunlun96602", "aode", "chongqing"]


def _rules(company: str) -> CallbackRules:
    rules = shipped_pack(company).callbacks
    assert rules is not None
    return rules


@pytest.mark.parametrize("company", COMPANIES)
def test_every_group_names_business_types_of_its_own_pack(company):
    codes = {b.code for b in shipped_pack(company).business_types}
    rules = _rules(company)
    for group in rules.groups:
        assert set(group.business_types) <= codes, group.code
    for rule in rules.full_callbacks:
        assert set(rule.business_types) <= codes, rule.code


def test_cb_5_chaohu_callbacks_due_within_3_natural_days_and_forms_within_3():
    """CB-5 / CB-11: 服务结束后3个自然日内; 相关部门需在3个自然日内完成处理."""
    rules = _rules("chaohu")
    assert (rules.due_after_service.amount, rules.due_after_service.unit) == (3, Unit.NATURAL_DAYS)
    assert (rules.follow_up_due.amount, rules.follow_up_due.unit) == (3, Unit.NATURAL_DAYS)


@pytest.mark.parametrize("company", COMPANIES)
def test_cb_3_hazard_key_care_and_complainants_are_100_percent_everywhere(company):
    """CB-3: 特殊回访 (安全隐患、重点关怀、投诉用户) 100 %."""
    rules = _rules(company)
    flags = {str(f) for r in rules.full_callbacks for f in r.flags_any}
    assert {"hazard", "key_care", "complained"} <= flags


def test_cb_8_retry_policy_is_the_oq_16_default():
    """CB-8 / OQ-16: 3 attempts on 2 different days."""
    retry = _rules("kunlun96602").retry
    assert (retry.max_attempts, retry.min_distinct_days) == (3, 2)


def test_cb_12_only_aode_has_the_second_callback_programme():
    assert [c for c in COMPANIES if _rules(c).programme] == ["aode"]


def test_cb_12_after_sale_first_month_then_every_half_year_in_warranty():
    """CB-12: 项目验收后第一个月首次回访; 保修期内至少半年一次 (warranty 24 months, OQ-25)."""
    programme = _rules("aode").programme
    assert programme is not None
    after_sale = next(s for s in programme.steps if s.kind == "after_sale")
    rows = schedule(after_sale, date(2026, 1, 31))
    assert [r.months_after for r in rows] == [1, 6, 12, 18, 24]
    assert [r.due_on for r in rows] == [
        date(2026, 2, 28),  # CAL-7: clamped to the end of February
        date(2026, 7, 31),
        date(2027, 1, 31),
        date(2027, 7, 31),
        date(2028, 1, 31),
    ]


def test_cb_12_maintenance_callback_in_the_first_month_after_gas_on():
    """CB-12: 验收通气并交客户正常使用后第一个月进行维护回访."""
    programme = _rules("aode").programme
    assert programme is not None
    maintenance = next(s for s in programme.steps if s.kind == "maintenance")
    assert [(r.sequence, r.due_on) for r in schedule(maintenance, date(2026, 3, 10))] == [
        (1, date(2026, 4, 10))
    ]


def test_a_business_type_in_two_groups_is_refused():
    base = _rules("kunlun96602").model_dump()
    base["groups"][1]["business_types"] = ["scattered_connection"]
    with pytest.raises(ValidationError, match="scattered_connection"):
        CallbackRules.model_validate(base)


def test_rpt_4_aode_reports_are_reviewed_by_the_supervisor():
    """RPT-4 / CB-14: 主管领导 (manager) reviews; 工作人员 plan, record and report."""
    programme = _rules("aode").programme
    assert programme is not None
    assert programme.review_roles == ("manager",)
    assert "callback_agent" in programme.plan_roles


@pytest.mark.parametrize("company", COMPANIES)
def test_cb_1_every_pack_names_the_owner_and_the_roles_that_call_back(company):
    performers = _rules(company).performers
    assert performers is not None
    assert performers.owner
    assert "callback_agent" in performers.roles


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["performers"].update(roles=["janitor"]), "janitor"),
        (lambda d: d["questions"][3].update(groups=["nobody"]), "unknown callback group"),
        (lambda d: d.update(levels=[*d["levels"], d["levels"][0]]), "one entry per service level"),
    ],
    ids=["unknown_role", "question_of_unknown_group", "level_twice"],
)
def test_bad_performers_questions_or_levels_are_refused(change, message):
    data = _rules("chongqing").model_dump(mode="json")
    change(data)
    with pytest.raises(ValidationError, match=message):
        CallbackRules.model_validate(data)


def test_cb_1_a_document_stored_before_performers_keeps_the_earlier_roles():
    """STD-1 / CB-1: a stored callbacks section without performers still parses; callback
    agents and specialists call back, as before."""
    data = _rules("chaohu").model_dump(mode="json")
    del data["performers"]
    rules = CallbackRules.model_validate(data)
    assert rules.performer_roles() == ("callback_agent", "specialist")


def test_rpt_4_a_programme_without_review_is_refused():
    data = _rules("aode").model_dump(mode="json")
    data["programme"]["requires_review"] = False
    with pytest.raises(ValidationError, match="requires_review"):
        CallbackRules.model_validate(data)
