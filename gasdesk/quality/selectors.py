"""Reads of the hotline figures (KPI-6…8, AGENT-1…6), shared by pages, API and reports.

Each figure is one aggregate query over indexed rows; Python only folds the per-agent-day
results (agents × days, small). Inspectors, managers and specialists see the whole company;
a hotline agent sees only the rows of the agent names linked to them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from gasdesk.business_calendar.periods import month_bounds, start_of
from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit, OrgUnitKind
from gasdesk.org.roles import Role, has_role, require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.quality.agent_scoring import AgentMonth, AgentScore, score_shifts
from gasdesk.quality.kpi.figures import CENT, percent
from gasdesk.quality.models import (
    AgentTime,
    CallImport,
    HotlineAgent,
    HotlineCall,
    QueueLogEntry,
)
from gasdesk.standards.lookup import pack_for_unit
from gasdesk.standards.sections.hotline import HotlineRules

if TYPE_CHECKING:
    from gasdesk.org.models import User

SUPERVISORS = (Role.INSPECTOR, Role.MANAGER, Role.SPECIALIST)
FIGURE_ROLES = (*SUPERVISORS, Role.HOTLINE_AGENT)
IMPORT_ROLES = (Role.SPECIALIST, Role.MANAGER, Role.INSPECTOR, Role.SYSADMIN)
TREND_MONTHS = 12
Period = Literal["day", "month"]


@dataclass(frozen=True)
class KpiRow:
    """One period's hotline KPIs; a rate is None when nothing was counted (not applicable)."""

    period: dt.date
    calls: int
    answered: int
    answered_in_time: int
    lost: int
    wait_seconds_avg: Decimal | None

    @property
    def in_time_percent(self) -> Decimal | None:  # KPI-6
        return percent(self.answered_in_time, self.calls)

    @property
    def lost_percent(self) -> Decimal | None:  # KPI-7
        return percent(self.lost, self.calls)

    @property
    def wait_minutes_avg(self) -> Decimal | None:  # KPI-8 is in minutes
        if self.wait_seconds_avg is None:
            return None
        return (self.wait_seconds_avg / 60).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class AgentRow:
    month: AgentMonth
    score: AgentScore | None


def hotline_rules(company: OrgUnit, at: dt.datetime) -> HotlineRules:
    """The company's hotline section in force at `at`; a pack without one refuses clearly."""
    rules = pack_for_unit(company, at).pack.hotline
    if rules is None:
        raise RuleViolation("company", f"{company} 的服务标准包未配置热线规则")
    return rules


def company_for(
    user: User, company_id: int | None = None, *, roles: tuple[str, ...] = FIGURE_ROLES
) -> OrgUnit:
    """The company whose figures the user asked for (default: their own), checked for scope."""
    require_role(user, *roles)
    unit = user.org_unit.company if company_id is None and user.org_unit else None
    if unit is None and company_id is not None:
        unit = OrgUnit.objects.filter(pk=company_id, kind=OrgUnitKind.COMPANY).first()
    if unit is None:
        raise RuleViolation("company", "请选择公司")
    require_in_scope(user, unit)
    return unit


def hotline_kpis(
    user: User,
    company: OrgUnit,
    rules: HotlineRules,
    *,
    start: dt.date,
    end: dt.date,
    period: Period,
) -> list[KpiRow]:
    """KPI-6/7/8 per day or month in [start, end): one GROUP BY over the calls.

    "In time" = answered within the pack's rings × seconds per ring of waiting; "lost" = the
    pack's lost exits; the average wait is over every call with a measured wait.
    """
    require_role(user, *SUPERVISORS)
    calls = HotlineCall.objects.visible_to(user).filter(
        company=company, entered_on__gte=start, entered_on__lt=end
    )
    key = F("entered_on") if period == "day" else TruncMonth("entered_on")
    in_time = Q(is_answered=True, wait_seconds__lte=rules.answer_within_seconds)
    rows = (
        calls.annotate(period=key)
        .values("period")
        .annotate(
            calls=Count("id"),
            answered=Count("id", filter=Q(is_answered=True)),
            answered_in_time=Count("id", filter=in_time),
            lost=Count("id", filter=Q(exit__in=[e.value for e in rules.lost_exits])),
            wait_avg=Avg("wait_seconds"),
        )
        .order_by("period")
    )
    return [_kpi_row(row) for row in rows]


def _kpi_row(row: dict[str, Any]) -> KpiRow:
    period = row["period"]
    wait = row["wait_avg"]
    return KpiRow(
        period=period.date() if isinstance(period, dt.datetime) else period,
        calls=row["calls"],
        answered=row["answered"],
        answered_in_time=row["answered_in_time"],
        lost=row["lost"],
        wait_seconds_avg=None if wait is None else Decimal(str(wait)).quantize(CENT),
    )


def _at_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return start_of(start), start_of(end)


def _answered(company: OrgUnit, start: dt.date, end: dt.date) -> dict[str, dict[str, Any]]:
    rows = (
        HotlineCall.objects.filter(
            company=company, entered_on__gte=start, entered_on__lt=end, is_answered=True
        )
        .values("answered_by")
        .annotate(volume=Count("id"), talk=Avg("talk_seconds"))
        .order_by()
    )
    return {r["answered_by"]: r for r in rows}


def _unanswered_rings(company: OrgUnit, start: dt.date, end: dt.date) -> dict[str, int]:
    """OQ-29: calls rung to the agent and not answered (RINGNOANSWER) in the month."""
    low, high = _at_bounds(start, end)
    rows = (
        QueueLogEntry.objects.filter(
            company=company, event="RINGNOANSWER", at__gte=low, at__lt=high
        )
        .values("agent_name")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["agent_name"]: r["n"] for r in rows}


@dataclass
class _Time:
    away: int = 0
    wrap_up: int = 0
    wrap_up_longest_day: int = 0
    days: int = 0


def _agent_time(company: OrgUnit, start: dt.date, end: dt.date) -> dict[str, _Time]:
    """Away and after-call seconds per agent; the longest day's after-call (AGENT-5 override)."""
    rows = (
        AgentTime.objects.filter(company=company, started_on__gte=start, started_on__lt=end)
        .values("agent_name", "started_on", "kind")
        .annotate(total=Sum("seconds"))
        .order_by()
    )
    times: dict[str, _Time] = defaultdict(_Time)
    days: dict[str, set[dt.date]] = defaultdict(set)
    for row in rows:
        _add_time(times[row["agent_name"]], row["kind"], row["total"])
        days[row["agent_name"]].add(row["started_on"])
    for name, seen in days.items():
        times[name].days = len(seen)
    return times


def _add_time(time: _Time, kind: str, total: int) -> None:
    if kind == "away":
        time.away += total
    elif kind == "wrap_up":
        time.wrap_up += total
        time.wrap_up_longest_day = max(time.wrap_up_longest_day, total)


def agent_months(company: OrgUnit, month: dt.date) -> list[AgentMonth]:
    """Every agent's month (AGENT-1 系统报表): four aggregate queries, folded per agent."""
    start, end = month_bounds(month)
    answered = _answered(company, start, end)
    failed = _unanswered_rings(company, start, end)
    times = _agent_time(company, start, end)
    shifts = dict(
        HotlineAgent.objects.filter(company=company).values_list("name", "shift").order_by()
    )
    names = sorted(set(answered) | set(failed) | {n for n, t in times.items() if t.wrap_up})
    return [_month(n, answered.get(n), failed.get(n, 0), times[n], shifts) for n in names]


def _month(
    name: str, calls: dict[str, Any] | None, failed: int, time: _Time, shifts: dict[str, str]
) -> AgentMonth:
    volume = calls["volume"] if calls else 0
    talk = Decimal(str(calls["talk"])) if calls and calls["talk"] is not None else Decimal(0)
    return AgentMonth(
        agent=name,
        shift=shifts.get(name, ""),
        volume=volume,
        rung=volume + failed,
        failed=failed,
        talk_seconds_avg=talk.quantize(CENT),
        after_call_seconds_avg=_per(time.wrap_up, volume),
        away_seconds_avg=_per(time.away, time.days),
        after_call_longest_shift_seconds=time.wrap_up_longest_day,
    )


def _per(total: int, count: int) -> Decimal:
    return (Decimal(total) / Decimal(count)).quantize(CENT) if count else Decimal(0)


def agent_scores(
    user: User, company: OrgUnit, rules: HotlineRules, month: dt.date
) -> list[AgentRow]:
    """The per-agent table with the 001 scores; an agent sees only their own rows.

    Means are taken over every agent of the shift, whoever is looking (AGENT decision).
    """
    require_role(user, *FIGURE_ROLES)
    require_in_scope(user, company)
    months = agent_months(company, month)
    scoring = rules.agent_scoring
    scores = score_shifts(scoring, months) if scoring else [None] * len(months)
    rows = [AgentRow(m, s) for m, s in zip(months, scores, strict=True)]
    if has_role(user, *SUPERVISORS):
        return rows
    own = set(own_agent_names(user, company))
    return [r for r in rows if r.month.agent in own]


def own_agent_names(user: User, company: OrgUnit) -> list[str]:
    return list(
        HotlineAgent.objects.filter(company=company, user=user).values_list("name", flat=True)
    )


def visible_imports(user: User) -> QuerySet[CallImport]:
    """Imports of the companies in the user's scope, newest first (import page, API list)."""
    require_role(user, *IMPORT_ROLES)
    return CallImport.objects.visible_to(user).select_related("company", "by")


def parse_month(text: str, today: dt.date) -> dt.date:
    """`YYYY-MM` → the month's first day; anything else → the current month."""
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()  # noqa: DTZ007 (a date, no time)
    except ValueError:
        return today.replace(day=1)


def _trend_start(month: dt.date) -> dt.date:
    year, index = divmod(month.year * 12 + month.month - TREND_MONTHS, 12)
    return dt.date(year, index + 1, 1)


def hotline_summary(
    user: User, month: dt.date, company_id: int | None, *, now: dt.datetime
) -> dict[str, Any]:
    """Everything the figures page and the API summary show for one month."""
    company = company_for(user, company_id)
    rules = hotline_rules(company, now)
    start, end = month_bounds(month)
    context: dict[str, Any] = {"company": company, "rules": rules, "month": month}
    if has_role(user, *SUPERVISORS):
        kpi = hotline_kpis
        context["daily"] = kpi(user, company, rules, start=start, end=end, period="day")
        context["monthly"] = kpi(
            user, company, rules, start=_trend_start(end), end=end, period="month"
        )
    context["agents"] = agent_scores(user, company, rules, month)
    return context
