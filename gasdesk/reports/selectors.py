"""Reads of the reports app (RPT-1…4): the report for a page/export, dashboard and wallboard.

Company-wide roles read the stored snapshot when there is one (the figures as sent); a
department admin always gets a live build limited to their unit's subtree, because the
snapshot holds the whole company.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.fieldwork.selectors import open_emergencies
from gasdesk.org.models import OrgUnit, OrgUnitKind, User
from gasdesk.org.roles import Role, has_role, require_role
from gasdesk.org.scoping import require_in_scope, scope_root
from gasdesk.quality.selectors import KpiRow, hotline_kpis, hotline_rules
from gasdesk.reports.models import MonthlyReport
from gasdesk.reports.monthly import MonthlyReportData, build_monthly_report, from_json
from gasdesk.reports.schedule import month_start
from gasdesk.reports.services import VIEW_ROLES

WALLBOARD_ROLES = (Role.SPECIALIST, Role.MANAGER, Role.INSPECTOR)


def report_companies() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(kind=OrgUnitKind.COMPANY).exclude(standard_company="")


def report_exists(company: OrgUnit, month: dt.date) -> bool:
    return MonthlyReport.objects.filter(company=company, month=month).exists()


def office_reader(company: OrgUnit) -> User | None:
    """The service-management office member the job builds the company's report as."""
    users = User.objects.filter(is_active=True, org_unit__company=company)
    for role in (Role.SPECIALIST, Role.MANAGER):
        user = users.filter(groups__name=role).order_by("id").first()
        if user is not None:
            return user
    return None


def report_company(user: User, company_id: int) -> OrgUnit:
    """The company asked for, checked: a report role and the company (or a unit of it) in scope."""
    require_role(user, *VIEW_ROLES)
    company = report_companies().filter(pk=company_id).first()
    if company is None:
        raise RuleViolation("company", "公司不存在")
    root = scope_root(user)
    if root is not None and root.company_id != company.pk and root.pk != company.pk:
        raise PermissionDeniedRule("该公司不在您的组织范围内")
    return company


def is_company_reader(user: User, company: OrgUnit) -> bool:
    root = scope_root(user)
    return root is None or root.pk == company.pk


@dataclass(frozen=True)
class ShownReport:
    data: MonthlyReportData
    snapshot: MonthlyReport | None


def monthly_report(
    user: User, company: OrgUnit, month: dt.date, *, now: dt.datetime
) -> ShownReport:
    """The stored snapshot for company-wide readers, else a live build in the user's scope."""
    month = month_start(month)
    if is_company_reader(user, company):
        snapshot = MonthlyReport.objects.filter(company=company, month=month).first()
        if snapshot is not None:
            data = from_json(snapshot.figures)
            data.improvement_actions = snapshot.improvement_actions
            return ShownReport(data, snapshot)
    return ShownReport(build_monthly_report(user, company, month, now=now), None)


def dashboard(user: User, company: OrgUnit, *, now: dt.datetime) -> MonthlyReportData:
    """The same figures, live, for the current month so far (RPT dashboard)."""
    return build_monthly_report(user, company, timezone.localdate(now), now=now)


@dataclass(frozen=True)
class Wallboard:
    company: OrgUnit
    today: KpiRow | None
    open_emergencies: int
    answer_within_seconds: int


def wallboard(user: User, company: OrgUnit, *, now: dt.datetime) -> Wallboard:
    """Today's calls answered in time, abandonment, average wait (KPI-6…8) and open alarms."""
    require_role(user, *WALLBOARD_ROLES)
    require_in_scope(user, company)
    rules = hotline_rules(company, now)
    today = timezone.localdate(now)
    rows = hotline_kpis(
        user, company, rules, start=today, end=today + dt.timedelta(days=1), period="day"
    )
    alarms = open_emergencies(user).filter(order__company=company).count()
    return Wallboard(company, rows[0] if rows else None, alarms, rules.answer_within_seconds)


def visible_reports(user: User) -> QuerySet[MonthlyReport]:
    """Snapshots a company-wide reader may see (a dept admin's scope is below the company)."""
    if not has_role(user, *VIEW_ROLES):
        return MonthlyReport.objects.none()
    root = scope_root(user)
    qs = MonthlyReport.objects.select_related("company", "generated_by")
    if root is None:
        return qs.order_by("-month", "company_id")
    return qs.filter(company_id=root.pk).order_by("-month")
