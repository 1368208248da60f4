"""KPI-20 supply continuity (OUT-3) and repeat visits (CUST-7) of 巢湖 004 四, both databases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from gasdesk.campaigns.models import Outage
from gasdesk.campaigns.models.outages import OutageCustomer
from gasdesk.campaigns.tests.factories import bulk_customers
from gasdesk.customers.models import Customer
from gasdesk.fieldwork.models.visits import FieldVisit, VisitOutcome
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.quality.kpi.figures import Figure, period_containing
from gasdesk.quality.kpi.selectors import kpi_records, kpi_scope, kpi_table, kpi_tier_table
from gasdesk.quality.tests.kpi_factories import make_timed_orders, pack_of
from gasdesk.quality.tests.kpi_fixtures import KPI_NOW, SHANGHAI
from gasdesk.standards.loading import read_pack_file, shipped_pack_files
from gasdesk.standards.sections.indicators import SourceKind
from gasdesk.workorders.models import WorkOrder

MARCH = period_containing(dt.date(2026, 3, 1), "month")
MARCH_5 = dt.datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI)
H = dt.timedelta(hours=1)


def _tiers(user: User, code: str) -> dict[str, Figure]:
    scope = kpi_scope(user, unit_id=None, period=MARCH, now=KPI_NOW)
    row = next(r for r in kpi_tier_table(scope) if r.indicator.code == code)
    return {str(t): f for t, f in zip(scope.pack.tiers.display_order, row.figures, strict=True)}


def _company(user: User, code: str) -> Figure:
    scope = kpi_scope(user, unit_id=None, period=MARCH, now=KPI_NOW)
    return next(f for f in kpi_table(scope) if f.code == code)


def _customers(unit: OrgUnit, n: int, tier: str, prefix: str) -> list[int]:
    ids = bulk_customers(unit, n, category="residential", prefix=prefix)
    Customer.objects.filter(pk__in=ids).update(tier=tier)
    return ids


def _outage(unit: OrgUnit, by: User, customers: list[int], **columns: Any) -> Outage:
    fields: dict[str, Any] = {"kind": "planned", "status": "published", "starts_at": MARCH_5}
    fields.update(columns)
    outage = Outage.objects.create(
        org_unit=unit,
        title=f"停气{fields['kind']}{fields['status']}",
        pack=pack_of(unit),
        created_by=by,
        reason="管网改造",
        area_text="测试区域",
        selection_kind="customers",
        selection_value="",
        planned_restore_at=fields["starts_at"] + 8 * H,
        restore_due_at=fields["starts_at"] + 24 * H,
        affected_count=len(customers),
        **fields,
    )
    OutageCustomer.objects.bulk_create(
        OutageCustomer(outage=outage, customer_id=pk) for pk in customers
    )
    return outage


@pytest.fixture
def supply_setup(org: Any, specialist: User, packs: object) -> dict[str, Outage]:
    """VIP: 2 accounts, 1 cut by an emergency outage. 一般: 50 active accounts, 1 cut by a
    planned outage; a cancelled outage, a February outage and a closed account don't count."""
    vip = _customers(org.unit_a, 2, "vip", "SV")
    general = _customers(org.unit_a, 51, "general", "SG")
    Customer.objects.filter(pk=general[50]).update(is_active=False)
    return {
        "emergency": _outage(org.unit_a, specialist, [vip[0]], kind="emergency"),
        "planned": _outage(org.unit_b, specialist, [general[0], general[50]], status="restored"),
        "cancelled": _outage(org.unit_a, specialist, [general[1]], status="cancelled"),
        "february": _outage(
            org.unit_a, specialist, [general[2]], starts_at=MARCH_5 - dt.timedelta(days=30)
        ),
    }


def test_kpi_20_out_3_supply_continuity_per_tier_against_100_and_98(
    specialist: User, supply_setup: dict[str, Outage]
) -> None:
    """KPI-20 OUT-3: VIP 1 of 2 accounts never cut off = 50 % < 稳定供气率 100 %; 一般 49 of
    50 = 98 % meets 供气可靠性 ≥ 98 %; planned and emergency outages both count."""
    by_tier = _tiers(specialist, "kpi.supply_continuity")

    vip, general = by_tier["vip"], by_tier["general"]
    assert (vip.numerator, vip.denominator, vip.value) == (1, 2, Decimal("50.00"))
    assert (vip.target and (vip.target.op, vip.target.value), vip.passed) == ((">=", 100), False)
    assert (general.numerator, general.denominator, general.value) == (49, 50, Decimal("98.00"))
    assert (general.target and general.target.value, general.passed) == (Decimal(98), True)
    key = by_tier["key"]
    assert (key.denominator, key.value, key.target and key.target.value) == (0, None, 99)


def test_kpi_20_supply_continuity_company_figure_and_drill_down(
    specialist: User, supply_setup: dict[str, Outage]
) -> None:
    """KPI-20 OUT-3: company-wide 50 of 52 accounts = 96.15 %; the drill-down lists the two
    March outages that cut accounts off, not the cancelled or February ones."""
    figure = _company(specialist, "kpi.supply_continuity")
    scope = kpi_scope(specialist, unit_id=None, period=MARCH, now=KPI_NOW)
    page = kpi_records(scope, "kpi.supply_continuity", part="numerator")

    assert (figure.numerator, figure.denominator, figure.value) == (50, 52, Decimal("96.15"))
    assert page.record_kind == "outage"
    expected = {supply_setup["emergency"].pk, supply_setup["planned"].pk}
    assert {o.pk for o in page.records} == expected


def test_kpi_20_supply_continuity_of_a_unit_counts_its_own_accounts(
    org: Any, specialist: User, supply_setup: dict[str, Outage]
) -> None:
    """KPI-20 OUT-3: unit B has no accounts of its own, so its figure is not applicable even
    though the planned outage belongs to it; unit A carries the 50 of 52."""

    def figure(unit: OrgUnit) -> Figure:
        scope = kpi_scope(specialist, unit_id=unit.pk, period=MARCH, now=KPI_NOW)
        return next(f for f in kpi_table(scope) if f.code == "kpi.supply_continuity")

    assert (figure(org.unit_b).denominator, figure(org.unit_b).value) == (0, None)
    assert figure(org.unit_a).value == Decimal("96.15")


def _visits(order: WorkOrder, technician: User, outcomes: list[str]) -> None:
    FieldVisit.objects.bulk_create(
        FieldVisit(
            order=order,
            technician=technician,
            visited_at=order.received_at + (i + 1) * H,
            outcome=outcome,
        )
        for i, outcome in enumerate(outcomes)
    )


@pytest.fixture
def repeat_setup(org: Any, specialist: User, packs: object) -> dict[str, list[WorkOrder]]:
    """一般: 20 repair / 置换 orders completed in March, one entered twice, one after a
    到访不遇 knock; VIP: 2 repair orders, one entered twice. Left out: a consultation order and
    a February repair order, both entered twice."""
    tech = make_user(Role.TECHNICIAN, org.team_a, username="kpi_supply_tech")
    common: dict[str, Any] = {"by": specialist, "clock": "completion", "due_after": 48 * H}
    general = make_timed_orders(
        15, unit=org.unit_a, business_type="repair", received_at=MARCH_5, met_after=5 * H, **common
    ) + make_timed_orders(
        5, unit=org.unit_b, business_type="gas_on", received_at=MARCH_5, met_after=5 * H, **common
    )
    vip = make_timed_orders(
        2,
        unit=org.unit_a,
        business_type="repair",
        received_at=MARCH_5,
        met_after=5 * H,
        tier="vip",
        **common,
    )
    other = make_timed_orders(
        1, unit=org.unit_a, business_type="consult", received_at=MARCH_5, met_after=5 * H, **common
    ) + make_timed_orders(
        1,
        unit=org.unit_a,
        business_type="repair",
        received_at=MARCH_5 - dt.timedelta(days=30),
        met_after=5 * H,
        **common,
    )
    done = VisitOutcome.COMPLETED
    _visits(general[0], tech, [VisitOutcome.OPEN, done])
    _visits(general[1], tech, [VisitOutcome.NOT_MET, done])
    for order in general[2:]:
        _visits(order, tech, [done])
    _visits(vip[0], tech, [done, done])
    _visits(vip[1], tech, [done])
    for order in other:
        _visits(order, tech, [done, done])
    return {"general": general, "vip": vip, "other": other}


def test_kpi_20_cust_7_repeat_visits_general_5_percent_meets_vip_50_percent_misses(
    specialist: User, repeat_setup: dict[str, list[WorkOrder]]
) -> None:
    """KPI-20 CUST-7: 一般 1 of 20 orders entered twice = 5 % meets ≤ 5 %; VIP 1 of 2 = 50 %
    misses 杜绝重复入户 (≤ 0 %); a 到访不遇 knock before the work is not a repeat entry."""
    by_tier = _tiers(specialist, "kpi.repeat_visit_rate")

    general, vip = by_tier["general"], by_tier["vip"]
    assert (general.numerator, general.denominator, general.value) == (1, 20, Decimal("5.00"))
    target = general.target
    assert (target and (target.op, target.value), general.passed) == (("<=", 5), True)
    assert (vip.numerator, vip.denominator, vip.value, vip.passed) == (
        1,
        2,
        Decimal("50.00"),
        False,
    )
    assert vip.target is not None
    assert (vip.target.op, vip.target.value) == ("<=", 0)


def test_kpi_20_repeat_visits_company_figure_and_drill_down(
    specialist: User, repeat_setup: dict[str, list[WorkOrder]]
) -> None:
    """KPI-20: company 2 of 22 = 9.09 %; the numerator lists the two repeated orders, the
    denominator the 22 repair / 置换 orders completed in March."""
    figure = _company(specialist, "kpi.repeat_visit_rate")
    scope = kpi_scope(specialist, unit_id=None, period=MARCH, now=KPI_NOW)
    numerator = kpi_records(scope, "kpi.repeat_visit_rate", part="numerator")
    denominator = kpi_records(scope, "kpi.repeat_visit_rate", part="denominator")

    assert (figure.numerator, figure.denominator, figure.value) == (2, 22, Decimal("9.09"))
    expected = {repeat_setup["general"][0].pk, repeat_setup["vip"][0].pk}
    assert {o.pk for o in numerator.records} == expected
    assert numerator.record_kind == "order"
    assert len(denominator.records) == 22


def test_kpi_20_repeat_visit_types_are_business_types_of_the_pack() -> None:
    """KPI-20: the repeat-visit rule names business types that exist in the same pack."""
    for path in shipped_pack_files():
        pack = read_pack_file(path).pack
        codes = {b.code for b in pack.business_types}
        for item in pack.indicators.items if pack.indicators else ():
            if item.rule.kind == "repeat_visit_rate":
                assert set(item.rule.business_types) <= codes, item.code  # type: ignore[union-attr]


def test_kpi_20_repeat_visit_rule_without_business_types_is_rejected() -> None:
    """KPI-20: a repeat-visit rule must name the home-visit business types it counts."""
    with pytest.raises(ValidationError, match="business_types"):
        SourceKind.model_validate({"kind": "repeat_visit_rate"})
