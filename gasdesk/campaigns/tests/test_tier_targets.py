"""Per-tier field targets and commitments (OUT-3, EMG-4, CONN-1, CONN-4, CONN-5, INSP-2).

The per-tier rates are computed by the quality app (KPI-20); here: the packs carry the
handbook's numbers, and the field records hold what the rates need (tier, deadline, time met).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gasdesk.campaigns.models import InspectionVisit, OutageCustomer
from gasdesk.campaigns.services import inspections
from gasdesk.campaigns.services.inspections import generate_inspection_plan
from gasdesk.campaigns.services.outages import publish_outage
from gasdesk.campaigns.tests.factories import make_outage
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.models import User
from gasdesk.standards.lookup import pack_in_force
from gasdesk.standards.schema import Category, Tier
from gasdesk.standards.sections.campaigns import InspectionFrequency
from gasdesk.workorders.tests.factories import make_order

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=SH)

pytestmark = pytest.mark.django_db


def _targets(company: str, code: str) -> dict[str, tuple[str, Decimal]]:
    tiers = pack_in_force(company, NOW).pack.tiers
    return {tier.value: (t.op, t.percent) for tier, t in tiers.targets[code].items()}


def test_out_3_supply_targets_per_tier_and_outage_records_per_customer(
    org: Any, packs: Any, dispatcher_a: User
) -> None:
    """OUT-3 (004 四): VIP stable supply 100 %, 关键/重点 uninterrupted 99 %, 一般 ≥ 98 %; an
    outage keeps its affected customers (with their tier) and its restoration deadline."""
    assert _targets("chaohu", "supply_continuity") == {
        "vip": (">=", Decimal(100)),
        "key": (">=", Decimal(99)),
        "important": (">=", Decimal(99)),
        "general": (">=", Decimal(98)),
    }
    vip = make_customer(org.unit_a, tier=Tier.VIP, address="巢湖市卧牛山路1号")
    general = make_customer(org.unit_a, address="巢湖市卧牛山路2号")
    outage = make_outage(org.unit_a, dispatcher_a, starts_at=NOW + timedelta(hours=24), now=NOW)
    publish_outage(outage, by=dispatcher_a, now=NOW)
    affected = OutageCustomer.objects.filter(outage=outage).values_list("customer__tier", flat=True)
    assert sorted(affected) == sorted([vip.tier, general.tier])
    outage.refresh_from_db()
    assert outage.restore_due_at == outage.starts_at + timedelta(hours=24)  # OUT-1 C7b


def test_emg_4_emergency_timeliness_targets_and_the_order_keeps_its_tier(
    org: Any, packs: Any, agent_a: User
) -> None:
    """EMG-4 (004 四.3–4): 抢险及时率 重点 95 %, 一般 ≥ 90 %; VIP/关键 not stated. The alarm
    order stores the customer's tier and its 30-minute arrival deadline (C9b)."""
    assert _targets("chaohu", "emergency_timeliness") == {
        "important": (">=", Decimal(95)),
        "general": (">=", Decimal(90)),
    }
    indicators = pack_in_force("chaohu", NOW).pack.indicators
    assert indicators is not None
    kpi = next(i for i in indicators.items if i.code == "kpi.emergency_timeliness")
    assert kpi.tier_target == "emergency_timeliness"
    customer = make_customer(org.unit_a, tier=Tier.IMPORTANT)
    order = make_order(
        by=agent_a,
        org_unit=org.unit_a,
        business_type="emergency",
        customer=customer,
        received_at=NOW,
    )
    assert (order.tier, order.arrival_due_at) == ("important", NOW + timedelta(minutes=30))


def test_conn_5_contract_and_installation_targets_per_tier(packs: Any) -> None:
    """CONN-5 (004 四): 合同按期履约率 100 % for every tier; 安装及时率 100 % for VIP, 关键,
    重点 and ≥ 95 % for 一般; the KPIs that report them name these targets (KPI-19/20)."""
    hundred = (">=", Decimal(100))
    assert _targets("chaohu", "contract_on_time") == dict.fromkeys(
        ("vip", "key", "important", "general"), hundred
    )
    assert _targets("chaohu", "installation_timeliness") == {
        "vip": hundred,
        "key": hundred,
        "important": hundred,
        "general": (">=", Decimal(95)),
    }
    indicators = pack_in_force("chaohu", NOW).pack.indicators
    assert indicators is not None
    named = {i.tier_target: i.rule for i in indicators.items if i.tier_target}
    assert named["contract_on_time"].orders[0].business_type == "commercial_install"  # type: ignore[union-attr]
    assert named["installation_timeliness"].orders[0].business_type == "indoor_install"  # type: ignore[union-attr]


def test_conn_1_commitments_c2_to_c6_in_natural_days(org: Any, packs: Any, agent_a: User) -> None:
    """CONN-1 (000 item 15(2)–(6)): survey 12 ND, indoor installation 10 ND after payment, pipe
    modification 7 ND after payment, gas-on 4 ND; C5 site cleared 3 ND is published text."""
    pack = pack_in_force("chaohu", NOW).pack
    commitments = {c.code: c for bt in pack.business_types for c in bt.commitments}
    expected = {
        "C2": (12, "received"),
        "C3": (10, "paid"),
        "C4": (7, "paid"),
        "C6": (4, "received"),
    }
    for code, (amount, start) in expected.items():
        rule = commitments[code]
        assert (rule.amount, rule.unit, rule.start_event) == (amount, "natural_days", start)
    assert "3个自然日内料净场清" in next(
        c.text for c in pack.published_commitments if c.code == "C5"
    )
    survey = make_order(
        by=agent_a, org_unit=org.unit_a, business_type="commercial_install", received_at=NOW
    )
    gas_on = make_order(by=agent_a, org_unit=org.unit_a, business_type="gas_on", received_at=NOW)
    # Civil Code art. 201: counting starts the next day; 12 ND end on 12-02 at 24:00, 4 ND on 11-24.
    assert survey.completion_due_at == datetime(2026, 12, 3, 0, 0, tzinfo=SH)
    assert gas_on.completion_due_at == datetime(2026, 11, 25, 0, 0, tzinfo=SH)


def test_conn_4_kpis_m01_to_m03_carry_the_96602_targets(packs: Any) -> None:
    """CONN-4 (001 art. 12, annex rows 1–3): installation on time 99 %, modification 95 %,
    gas-on 95 %; the day counts "X"/"XX" are placeholders in 001 (OQ-11), so the order types
    carry no day commitment until a version sets one."""
    pack = pack_in_force("kunlun96602", NOW).pack
    assert pack.indicators is not None
    by_spec = {i.spec: i for i in pack.indicators.items}
    targets = {}
    for spec in ("KPI-1", "KPI-2", "KPI-3"):
        target = by_spec[spec].target
        assert target is not None
        targets[spec] = (target.op, target.value)
    assert targets == {
        "KPI-1": (">=", Decimal(99)),
        "KPI-2": (">=", Decimal(95)),
        "KPI-3": (">=", Decimal(95)),
    }
    types = {bt.code: bt for bt in pack.business_types}
    assert all(not types[code].commitments for code in ("installation", "modification"))


def test_insp_2_higher_frequency_for_vip_is_a_pack_option(
    org: Any, packs: Any, dispatcher_a: User, monkeypatch: Any
) -> None:
    """INSP-2 (004 四.1–3, OQ-10): 提高安检频率 has no number, so the shipped packs set none
    (commercial 12, residential 1 for every tier); a tier row in the pack raises it."""
    shipped = pack_in_force("chaohu", NOW).pack.campaigns
    assert shipped is not None
    assert shipped.inspection is not None
    assert {
        (f.category.value, f.tier, f.visits_per_year) for f in shipped.inspection.frequencies
    } == {
        ("commercial", None, 12),
        ("residential", None, 1),
    }
    raised = shipped.inspection.model_copy(
        update={
            "frequencies": (
                *shipped.inspection.frequencies,
                InspectionFrequency(
                    category=Category.COMMERCIAL, tier=Tier.VIP, visits_per_year=24
                ),
            )
        }
    )
    assert raised.visits_per_year(Category.COMMERCIAL, Tier.VIP) == 24
    assert raised.visits_per_year(Category.COMMERCIAL, Tier.GENERAL) == 12
    monkeypatch.setattr(inspections, "inspection_rules", lambda loaded: raised)
    vip = make_customer(org.unit_a, category=Category.COMMERCIAL, tier=Tier.VIP)
    plain = make_customer(org.unit_a, category=Category.COMMERCIAL)
    plan = generate_inspection_plan(org.unit_a, 2027, by=dispatcher_a, now=NOW)
    visits = Counter(
        InspectionVisit.objects.filter(plan=plan).values_list("customer_id", flat=True)
    )
    assert (visits[vip.pk], visits[plain.pk]) == (24, 12)
