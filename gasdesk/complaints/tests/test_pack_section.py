"""The complaint section of the four shipped packs (CMP-5, CMP-6, CMP-12, CMP-18, CMP-24/25)."""

from decimal import Decimal

import pytest

from gasdesk.standards.loading import read_pack_file, shipped_pack_files
from gasdesk.standards.schema import Pack, Tier
from gasdesk.standards.sections.complaints import ComplaintRules

PACKS = {path.parent.name: path for path in shipped_pack_files()}


def _pack(company: str) -> Pack:
    return read_pack_file(PACKS[company]).pack


def _rules(company: str) -> ComplaintRules:
    rules = _pack(company).complaints
    assert rules is not None
    return rules


@pytest.mark.parametrize("company", sorted(PACKS))
def test_cmp_12_external_commitment_names_a_business_type_of_the_pack(company):
    """CMP-12: the named business type exists, so registration can read its commitments."""
    rules = _pack(company).complaints
    assert rules is not None
    if rules.external_commitment:
        assert _pack(company).business_type(rules.external_commitment).commitments


@pytest.mark.parametrize(
    ("company", "responsible", "receiving", "escalation", "named"),
    [
        ("chaohu", ("服务管理办公室主任", "manager"), ("专职服务管理专员", "specialist"), None, 0),
        ("aode", ("负责业务的总经理", "manager"), ("办公室", "specialist"), "主要领导", 0),
        ("chongqing", ("投诉管理领导小组", "manager"), (None, "specialist"), None, 1),
    ],
)
def test_cmp_5_6_24_posts_per_company(company, responsible, receiving, escalation, named):
    """CMP-5 (000 item 35), CMP-6 (002 七(二)(四)), CMP-24 (003 四.2(1)): posts as data."""
    roles = _rules(company).roles
    assert roles is not None
    assert (roles.responsible.title, roles.responsible.role) == responsible
    assert receiving[0] is None or roles.receiving.title == receiving[0]
    assert roles.receiving.role == receiving[1]
    assert (roles.escalation.title if roles.escalation else None) == escalation
    assert roles.named_handler_required is bool(named)


def test_cmp_18_aode_conduct_and_cmp_24_chongqing_measures():
    aode, chongqing = _rules("aode"), _rules("chongqing")
    assert "切忌随意表态、许愿" in aode.conduct
    assert len(aode.conduct) == 8
    assert all(cause.measure for cause in chongqing.causes)


def test_cmp_25_chaohu_tier_targets_are_the_cust_7_entries():
    """CMP-25 (004 四): VIP and 重点 100 % / 100 %; 一般 ≥ 95 % / ≥ 95 %; 关键 not stated."""
    pack = _pack("chaohu")
    names = _rules("chaohu").tier_targets
    assert names is not None
    response = pack.tiers.targets[names.response]
    satisfaction = pack.tiers.targets[names.satisfaction]
    for targets in (response, satisfaction):
        assert {t: v.percent for t, v in targets.items()} == {
            Tier.VIP: Decimal(100),
            Tier.IMPORTANT: Decimal(100),
            Tier.GENERAL: Decimal(95),
        }
