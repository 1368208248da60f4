"""The pack's indicator section (KPI-1…20): every shipped pack validates and is consistent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from gasdesk.quality.kpi.figures import meets, percent, period_containing
from gasdesk.quality.kpi.registry import AGGREGATES
from gasdesk.quality.scoring.card import finding_codes, read_codes
from gasdesk.standards.loading import read_pack_file, shipped_pack_files
from gasdesk.standards.schema import Pack
from gasdesk.standards.sections.indicators import IndicatorRules, Target

PACKS = {path.parent.name: read_pack_file(path).pack for path in shipped_pack_files()}


def _indicators(pack: Pack) -> IndicatorRules:
    assert pack.indicators is not None
    return pack.indicators


@pytest.mark.parametrize("company", sorted(PACKS))
def test_order_indicators_name_business_types_of_the_pack(company: str) -> None:
    """KPI: every (business type, clock) an indicator counts exists in the same pack."""
    pack = PACKS[company]
    codes = {b.code for b in pack.business_types}

    for item in _indicators(pack).items:
        if item.rule.kind == "order_timeliness":
            assert {pair.business_type for pair in item.rule.orders} <= codes, item.code  # type: ignore[union-attr]


@pytest.mark.parametrize("company", sorted(PACKS))
def test_tier_targets_are_reused_not_duplicated(company: str) -> None:
    """KPI-20 CUST-7: `tier_target` names an existing entry of tiers.targets."""
    pack = PACKS[company]

    for item in _indicators(pack).items:
        assert not item.tier_target or item.tier_target in pack.tiers.targets, item.code


def test_kunlun_targets_are_the_annex_numbers() -> None:
    """KPI-1…9 SCORE-3: 99, 95, 95, 82, 95, 90 %, ≤ 10 %, ≤ 15 min, 0 outages."""
    rules = _indicators(PACKS["kunlun96602"])
    targets = {
        code: (rules.indicator(code).target or Target(op="==", value=Decimal(-1)))
        for code in (
            "kpi.installation_on_time",
            "kpi.modification_timeliness",
            "kpi.gas_on_timeliness",
            "kpi.inspection_entry_rate",
            "kpi.repair_timeliness",
            "kpi.calls_answered_in_time",
            "kpi.queue_abandonment",
            "kpi.average_wait_minutes",
            "kpi.outages.over_50000",
        )
    }

    assert [(t.op, t.value) for t in targets.values()] == [
        (">=", 99),
        (">=", 95),
        (">=", 95),
        (">=", 82),
        (">=", 95),
        (">=", 90),
        ("<=", 10),
        ("<=", 15),
        ("<=", 0),
    ]


def test_kunlun_indicators_supply_every_code_the_scorecard_reads() -> None:
    """KPI SCORE-3: the scorecard's kpi.* inputs are all defined indicators (M-01…M-09)."""
    pack = PACKS["kunlun96602"]
    assert pack.scorecard is not None
    assert pack.scorecard.table is not None
    table = pack.scorecard.table
    codes = read_codes(table) | finding_codes(table)
    kpi_reads = {code for code in codes if code.startswith("kpi.")}

    assert kpi_reads <= {item.code for item in _indicators(pack).items}
    assert len(kpi_reads) == 11  # M-01…M-08 and M-09's three outage bands


def test_chaohu_tier_indicator_for_general_installation_is_95() -> None:
    """KPI-20 CUST-7: 一般 installation timeliness target 不低于95% comes from tiers.targets."""
    pack = PACKS["chaohu"]
    key = _indicators(pack).indicator("kpi.installation_timeliness").tier_target

    target = pack.tiers.targets[key]["general"]  # type: ignore[index]

    assert (target.op, target.percent) == (">=", Decimal(95))


def test_duplicate_codes_and_unknown_kinds_are_rejected() -> None:
    item = {"code": "kpi.x", "spec": "KPI-1", "title": "x", "source": "s"}
    with pytest.raises(ValidationError, match="duplicate indicator codes"):
        IndicatorRules.model_validate(
            {"items": [{**item, "rule": {"kind": "inspection_rate"}}] * 2}
        )
    with pytest.raises(ValidationError):
        IndicatorRules.model_validate({"items": [{**item, "rule": {"kind": "formula"}}]})


def test_every_kind_with_a_source_is_a_kind_of_the_schema() -> None:
    kinds = {"order_timeliness", "complaint_timeliness", "callback_satisfaction"} | set(
        IndicatorRules.model_json_schema()["$defs"]["SourceKind"]["properties"]["kind"]["enum"]
    )

    assert set(AGGREGATES) <= kinds


def test_zero_denominator_is_none_and_rounding_is_half_up() -> None:
    """KPI: 0/0 → not applicable; 485/500 = 97.00 (EX-30 M-01); 2/3 = 66.67."""
    assert percent(0, 0) is None
    assert percent(485, 500) == Decimal("97.00")
    assert percent(2, 3) == Decimal("66.67")


def test_meets_compares_with_the_target_operator() -> None:
    """KPI-7: abandonment 10 % meets ≤ 10 %; 10.01 % does not; None is not judged."""
    at_most = Target(op="<=", value=Decimal(10))

    assert (meets(Decimal(10), at_most), meets(Decimal("10.01"), at_most)) == (True, False)
    assert meets(None, at_most) is None


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_periods_contain_the_day_and_tile_the_year(day: dt.date) -> None:
    for kind in ("month", "quarter", "year"):
        period = period_containing(day, kind)  # type: ignore[arg-type]
        assert period.start <= day < period.end
        assert period_containing(period.end, kind).start == period.end
