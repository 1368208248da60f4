"""Writes of the reports app (RPT-1): generate the monthly snapshot, edit improvement actions.

The job and the on-demand button/API call the same `generate_monthly_report`. The snapshot is
unique per (company, month): the job inserts it once (get_or_create on the constraint, so two
job runners never make two), a manager's on-demand run overwrites the figures and keeps the
improvement actions. Every write appends a MonthlyReportEvent.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import Role, require_role
from gasdesk.org.scoping import scope_root
from gasdesk.reports.models import MonthlyReport, MonthlyReportEvent, ReportStatus
from gasdesk.reports.monthly import build_monthly_report, to_json
from gasdesk.reports.schedule import due_at, month_start
from gasdesk.standards.lookup import pack_in_force
from gasdesk.standards.sections.reports import ReportRules

VIEW_ROLES = (Role.SPECIALIST, Role.MANAGER, Role.INSPECTOR, Role.DEPT_ADMIN)
GENERATE_ROLES = (Role.SPECIALIST, Role.MANAGER)
ACTIONS_MAX = 20000


def report_rules(company: OrgUnit, now: dt.datetime) -> ReportRules:
    rules = pack_in_force(company.standard_company, now).pack.reports
    if rules is None:
        raise RuleViolation("company", f"{company} 的服务标准包未配置月报规则")
    return rules


def require_company_reader(user: User, company: OrgUnit, roles: tuple[str, ...]) -> None:
    """The snapshot is company-wide: only company-wide roles (or superusers) may write it."""
    require_role(user, *roles)
    root = scope_root(user)
    if root is not None and root.pk != company.pk:
        raise PermissionDeniedRule("只有本公司的服务管理人员可以生成本公司月报")


def _status(rules: ReportRules, month: dt.date, now: dt.datetime) -> str:
    return ReportStatus.LATE if now >= due_at(rules, month) else ReportStatus.GENERATED


def generate_monthly_report(
    company: OrgUnit,
    month: dt.date,
    *,
    reader: User,
    by: User | None,
    now: dt.datetime,
    overwrite: bool = True,
) -> MonthlyReport:
    """Build the figures as `reader` sees them and store them; `by` None means the job."""
    require_company_reader(reader, company, GENERATE_ROLES)
    month = month_start(month)
    if month >= month_start(timezone.localdate(now)):
        raise RuleViolation("month", "只能生成已结束月份的月报")
    data = build_monthly_report(reader, company, month, now=now)
    values: dict[str, object] = {
        "generated_at": now,
        "generated_by": by,
        "status": _status(report_rules(company, now), month, now),
        "figures": to_json(data),
        "build_ms": data.timings_ms["total"],
    }
    return _store(company, month, values, by=by, overwrite=overwrite)


def _store(
    company: OrgUnit, month: dt.date, values: dict[str, object], *, by: User | None, overwrite: bool
) -> MonthlyReport:
    with transaction.atomic():
        report, created = MonthlyReport.objects.select_for_update().get_or_create(
            company=company, month=month, defaults=values
        )
        if not created and not overwrite:
            return report
        if not created:
            MonthlyReport.objects.filter(pk=report.pk).update(**values)
            report.refresh_from_db()
        kind = "GENERATED" if created else "REGENERATED"
        _event(report, kind, by=by, data={"build_ms": values["build_ms"]})
    return report


def _event(report: MonthlyReport, kind: str, *, by: User | None, data: dict[str, object]) -> None:
    MonthlyReportEvent.objects.create(
        report=report,
        kind=kind,
        by=by,
        by_name="" if by else "系统",
        at=report.generated_at,
        data=data,
    )


def save_improvement_actions(
    report: MonthlyReport, text: str, *, by: User, now: dt.datetime
) -> MonthlyReport:
    """RPT-2 改进工作: the office's free text, kept on the snapshot (regeneration keeps it)."""
    require_company_reader(by, report.company, GENERATE_ROLES)
    if len(text) > ACTIONS_MAX:
        raise RuleViolation("improvement_actions", f"改进措施不能超过{ACTIONS_MAX}字")
    with transaction.atomic():
        MonthlyReport.objects.filter(pk=report.pk).update(improvement_actions=text)
        MonthlyReportEvent.objects.create(
            report=report, kind="ACTIONS_EDITED", by=by, at=now, data={"length": len(text)}
        )
    report.refresh_from_db()
    return report
