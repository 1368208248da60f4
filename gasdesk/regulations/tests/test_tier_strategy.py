"""The tier service strategy table of the 巢湖 pack (CUST-5, 004 三.2) with who visits each tier
(CUST-8, 000 item 17), on the strategy page and the manager's portfolio."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.customers.tests.factories import make_customer
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_user
from gasdesk.regulations.services.common import rules_for_unit

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)


def _strategies(unit: Any) -> Any:
    return rules_for_unit(unit, NOW)[1].managers


@pytest.mark.parametrize(
    ("tier", "strategy", "representatives", "goal"),
    [
        ("vip", "个性化、人性化服务", "总经理定期拜访与维护用气大户", "客户忠诚"),
        ("important", "人性化服务", "客服分管领导和市场部主任定期拜访", "客户感动"),
        ("key", "人性化服务", "客服中心副主任分月入户拜访", "客户感动"),
        ("general", "标准化服务", "前台服务人员和所有维修员", "客户满意"),
    ],
)
def test_cust5_tier_strategy_table(
    org: Any, packs: Any, tier: str, strategy: str, representatives: str, goal: str
) -> None:
    """CUST-5: 004 三.2 — strategy, service representatives and goal per tier."""
    row = _strategies(org.unit_a).strategy(tier)
    assert row is not None
    assert row.strategy == strategy
    assert representatives in row.representatives
    assert row.goal == goal


@pytest.mark.parametrize(
    ("tier", "visited_by"),
    [
        ("vip", "公司领导班子成员定期拜访"),
        ("important", "公司领导班子成员、管网部、市场部经理和市场客户经理定期拜访"),
        ("key", "公司领导、各部室相关人员定期拜访"),
        ("general", "所有一线人员提供标准化服务"),
    ],
)
def test_cust8_who_visits_which_tier(org: Any, packs: Any, tier: str, visited_by: str) -> None:
    """CUST-8: 000 item 17 — leadership visits VIP; leaders, pipeline and market managers and
    market customer managers visit 重点; leaders and department staff visit 关键."""
    row = _strategies(org.unit_a).strategy(tier)
    assert row is not None
    assert row.visited_by == visited_by


def test_cust5_only_the_chaohu_handbook_has_a_strategy_table(aode: Any) -> None:
    """CUST-5 is [CH]: the 奥德 pack ships none, and its strategy page says so."""
    assert _strategies(aode.centre).strategies == ()


def test_cust5_strategy_page_and_portfolio_show_the_tier_strategy(
    client: Client, org: Any, packs: Any, dispatcher_a: Any
) -> None:
    """CUST-5/8 on screen: the table page, and each managed customer's strategy and goal."""
    manager = make_user(Role.HOTLINE_AGENT, org.unit_a, username="jingli_ch")
    make_customer(org.unit_a, tier="vip", category="commercial", customer_manager=manager)
    client.force_login(dispatcher_a)
    page = client.get(reverse("regulations:tier_strategy"))
    assert page.content.decode().count('data-testid="strategy-row"') == 4
    client.force_login(manager)
    mine = client.get(reverse("regulations:portfolio")).content.decode()
    assert "个性化、人性化服务 · 客户忠诚" in mine


@pytest.fixture
def chongqing(packs: Any) -> Any:
    from gasdesk.org.tests.factories import make_company, make_unit

    company = make_company(standard_company="chongqing", name="重庆燃气集团")
    return make_unit(name="客服中心", parent=company)


def test_cust9_chongqing_serves_large_rural_and_cng_customers_differently(chongqing: Any) -> None:
    """CUST-9 [CQ]: 大宗客户 by annual volume and contribution (threshold cut off in 003, so
    none is shipped), 乡镇客户 by mobile collection points on a fixed monthly day, CNG public
    transport with priority supply."""
    segments = {s.code: s for s in _strategies(chongqing).segments}
    assert list(segments) == ["large_customer", "rural_customer", "cng_public_transport"]
    assert segments["large_customer"].annual_volume_m3_from is None
    assert "年用气量" in segments["large_customer"].criteria
    assert "流动收费点" in segments["rural_customer"].service
    assert "优先保障公交" in segments["cng_public_transport"].service


def test_cust9_segments_are_shown_on_the_strategy_page(client: Client, chongqing: Any) -> None:
    user = make_user(Role.SPECIALIST, chongqing, username="cq_specialist")
    client.force_login(user)
    page = client.get(reverse("regulations:tier_strategy")).content.decode()
    assert page.count('data-testid="segment-row"') == 3
    assert "原文缺失" in page
