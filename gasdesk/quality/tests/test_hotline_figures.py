"""KPI-6/7/8 and AGENT-1…6 from imported records: per day, per month, per agent with scores."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gasdesk.core.errors import PermissionDeniedRule
from gasdesk.org.models import User
from gasdesk.quality import selectors
from gasdesk.quality.models import HotlineAgent
from gasdesk.quality.selectors import hotline_rules
from gasdesk.quality.tests.hotline_factories import NOW, import_text, synthetic_day
from gasdesk.quality.tests.hotline_fixtures import HotlineOrg
from gasdesk.standards.sections.hotline import HotlineRules

OCT = dt.date(2026, 10, 1)
NOV = dt.date(2026, 11, 1)


@pytest.fixture
def rules(hotline_org: HotlineOrg) -> HotlineRules:
    import_text(hotline_org.company, synthetic_day((2026, 10, 12)))
    import_text(hotline_org.company, synthetic_day((2026, 10, 13)))
    return hotline_rules(hotline_org.company, NOW)


def test_pack_threshold_is_three_rings_of_five_seconds(rules: HotlineRules) -> None:
    """KPI-6: 96602 pack: 3 rings (001 art. 12) × 5 s per ring (OQ-17) = 15 s."""
    assert (rules.answer_within_rings, rules.seconds_per_ring) == (3, 5)
    assert rules.answer_within_seconds == 15


def test_daily_kpis(hotline_org: HotlineOrg, kl_inspector: User, rules: HotlineRules) -> None:
    """KPI-6/7/8 per day: 24 of 62 within 15 s (38.71 %), 19 lost (30.65 %), wait 16.53 s."""
    rows = selectors.hotline_kpis(
        kl_inspector, hotline_org.company, rules, start=OCT, end=NOV, period="day"
    )
    assert [r.period for r in rows] == [dt.date(2026, 10, 12), dt.date(2026, 10, 13)]
    day = rows[0]
    assert (day.calls, day.answered, day.answered_in_time, day.lost) == (62, 40, 24, 19)
    assert (day.in_time_percent, day.lost_percent) == (Decimal("38.71"), Decimal("30.65"))
    assert (day.wait_seconds_avg, day.wait_minutes_avg) == (Decimal("16.53"), Decimal("0.28"))


def test_monthly_kpis_in_one_row(
    hotline_org: HotlineOrg, kl_inspector: User, rules: HotlineRules
) -> None:
    """KPI-6/7 per month: October = 124 calls, 48 in time, 38 lost."""
    rows = selectors.hotline_kpis(
        kl_inspector, hotline_org.company, rules, start=OCT, end=dt.date(2027, 1, 1), period="month"
    )
    assert [(r.period, r.calls, r.answered_in_time, r.lost) for r in rows] == [(OCT, 124, 48, 38)]


def test_no_calls_is_not_applicable(
    hotline_org: HotlineOrg, kl_inspector: User, rules: HotlineRules
) -> None:
    """KPI: a period without calls gives no row, and a zero denominator no rate (not 0 %)."""
    rows = selectors.hotline_kpis(
        kl_inspector, hotline_org.company, rules, start=NOV, end=dt.date(2026, 12, 1), period="day"
    )
    assert rows == []
    assert selectors.percent(0, 0) is None


def test_agent_month_figures_and_scores(
    hotline_org: HotlineOrg, kl_inspector: User, rules: HotlineRules
) -> None:
    """AGENT-1…6: 张三 and 李四: 40 calls each, 8 failures each, talk 60 s; scores 15 and 12."""
    rows = {
        r.month.agent: r
        for r in selectors.agent_scores(kl_inspector, hotline_org.company, rules, OCT)
    }
    zhang, li = rows["张三"], rows["李四"]
    assert (zhang.month.volume, zhang.month.failed, zhang.month.rung) == (40, 8, 48)
    assert (zhang.month.talk_seconds_avg, zhang.month.after_call_seconds_avg) == (
        Decimal(60),
        Decimal(30),
    )
    assert (li.month.away_seconds_avg, li.month.after_call_longest_shift_seconds) == (
        Decimal(600),
        0,
    )
    assert zhang.month.after_call_longest_shift_seconds == 600
    assert zhang.score is not None
    assert li.score is not None
    assert (zhang.score.volume, zhang.score.answer_failure, zhang.score.talk_time) == (2, 0, 5)
    assert (zhang.score.after_call, zhang.score.away_time, zhang.score.total) == (3, 5, 15)
    assert (li.score.after_call, li.score.away_time, li.score.total) == (5, 0, 12)


def test_agent_sees_only_own_row(
    hotline_org: HotlineOrg, kl_agent: User, rules: HotlineRules
) -> None:
    """AGENT: an agent linked to 李四 sees 李四's row only, scored against the whole shift."""
    HotlineAgent.objects.filter(name="李四").update(user=kl_agent)
    rows = selectors.agent_scores(kl_agent, hotline_org.company, rules, OCT)
    assert [r.month.agent for r in rows] == ["李四"]
    assert rows[0].score is not None
    assert rows[0].score.total == 12


def test_agent_may_not_read_company_kpis(
    hotline_org: HotlineOrg, kl_agent: User, rules: HotlineRules
) -> None:
    """KPI: the company figures are for inspectors, managers and specialists."""
    with pytest.raises(PermissionDeniedRule):
        selectors.hotline_kpis(
            kl_agent, hotline_org.company, rules, start=OCT, end=NOV, period="day"
        )


def test_other_company_out_of_scope(
    hotline_org: HotlineOrg, other_specialist: User, rules: HotlineRules
) -> None:
    """AGENT: a specialist of another company cannot read this company's agents."""
    with pytest.raises(PermissionDeniedRule):
        selectors.agent_scores(other_specialist, hotline_org.company, rules, OCT)


def test_pack_without_bands_gives_figures_without_scores(hotline_org: HotlineOrg) -> None:
    """AGENT: the 巢湖 pack ships no agent bands (its handbook is silent): figures, no scores."""
    chaohu = hotline_rules(hotline_org.other_company, NOW)
    assert chaohu.agent_scoring is None
    assert chaohu.answer_within_seconds == 15


def test_link_agent_records_event(
    hotline_org: HotlineOrg, kl_specialist: User, kl_agent: User
) -> None:
    """AGENT: a specialist links 张三 to a user and the 早班 shift; the change is in the history."""
    from gasdesk.quality.models import HotlineAgentEvent
    from gasdesk.quality.services import link_agent

    import_text(hotline_org.company, synthetic_day())
    agent = HotlineAgent.objects.get(name="张三")
    link_agent(agent, user=kl_agent, shift="早班", by=kl_specialist, now=NOW)
    agent.refresh_from_db()
    assert (agent.user_id, agent.shift) == (kl_agent.pk, "早班")
    event = HotlineAgentEvent.objects.get()
    assert event.data["after"] == {"user": kl_agent.pk, "shift": "早班"}


def test_link_agent_denied_changes_nothing(hotline_org: HotlineOrg, kl_agent: User) -> None:
    """AGENT: an agent cannot link themselves; no change, no event."""
    from gasdesk.quality.models import HotlineAgentEvent
    from gasdesk.quality.services import link_agent

    import_text(hotline_org.company, synthetic_day())
    agent = HotlineAgent.objects.get(name="张三")
    with pytest.raises(PermissionDeniedRule):
        link_agent(agent, user=kl_agent, shift="早班", by=kl_agent, now=NOW)
    agent.refresh_from_db()
    assert (agent.user_id, agent.shift, HotlineAgentEvent.objects.count()) == (None, "", 0)
