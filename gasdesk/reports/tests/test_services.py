"""RPT-1: the scheduled and on-demand generation of the monthly report snapshot."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.org.models import OrgUnit, User
from gasdesk.reports.jobs import generate_due_reports
from gasdesk.reports.models import MonthlyReport, MonthlyReportEvent, ReportStatus
from gasdesk.reports.services import generate_monthly_report, save_improvement_actions
from gasdesk.reports.tests.conftest import NOW, OCTOBER, SHANGHAI
from gasdesk.reports.tests.factories import ReportData

pytestmark = pytest.mark.django_db


def _company(user: User) -> OrgUnit:
    assert user.org_unit is not None
    assert user.org_unit.company is not None
    return user.org_unit.company


def test_rpt1_job_generates_on_the_5th_once(report_data: ReportData, specialist: User) -> None:
    """RPT-1: on the 5th (pack report_day 5) the job makes October's report, exactly once."""
    fifth = dt.datetime(2026, 11, 5, 1, 0, tzinfo=SHANGHAI)
    with time_machine.travel(fifth, tick=False):
        assert generate_due_reports(fifth) == 1
        assert generate_due_reports(fifth) == 0
    report = MonthlyReport.objects.get()
    assert report.month == OCTOBER
    assert report.status == ReportStatus.GENERATED
    assert report.generated_by is None
    assert report.figures["month"] == "2026-10"
    assert (
        MonthlyReportEvent.objects.filter(report=report, kind="GENERATED", by_name="系统").count()
        == 1
    )


def test_rpt1_job_waits_for_the_report_day(report_data: ReportData, specialist: User) -> None:
    """RPT-1: on the 4th nothing is generated."""
    fourth = dt.datetime(2026, 11, 4, 23, 0, tzinfo=SHANGHAI)
    assert generate_due_reports(fourth) == 0
    assert not MonthlyReport.objects.exists()


def test_rpt1_after_24_00_on_the_5th_is_late(report_data: ReportData, specialist: User) -> None:
    """RPT-1 decision: due by 24:00 on the 5th; generated on the 6th it is marked late."""
    sixth = dt.datetime(2026, 11, 6, 0, 30, tzinfo=SHANGHAI)
    assert generate_due_reports(sixth) == 1
    assert MonthlyReport.objects.get().status == ReportStatus.LATE


def test_rpt1_on_demand_regenerates_and_keeps_actions(
    report_data: ReportData, manager: User, at_now: object
) -> None:
    """RPT-1/2: on demand overwrites the figures, keeps the improvement actions, logs both."""
    company = _company(manager)
    report = generate_monthly_report(company, OCTOBER, reader=manager, by=manager, now=NOW)
    save_improvement_actions(report, "加强维修到达时效考核", by=manager, now=NOW)
    again = generate_monthly_report(company, OCTOBER, reader=manager, by=manager, now=NOW)
    assert again.pk == report.pk
    assert again.improvement_actions == "加强维修到达时效考核"
    kinds = list(MonthlyReportEvent.objects.filter(report=report).values_list("kind", flat=True))
    assert kinds == ["GENERATED", "ACTIONS_EDITED", "REGENERATED"]


@pytest.mark.parametrize("who", ["dispatcher_a", "dept_admin_b"])
def test_rpt1_only_company_office_may_generate(
    report_data: ReportData, who: str, request: pytest.FixtureRequest, at_now: object
) -> None:
    """RPT roles: a dispatcher, and a department admin (the snapshot is company-wide), are
    refused; nothing is stored."""
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedRule):
        generate_monthly_report(_company(user), OCTOBER, reader=user, by=user, now=NOW)
    assert not MonthlyReport.objects.exists()


def test_rpt1_current_month_is_refused(
    report_data: ReportData, manager: User, at_now: object
) -> None:
    """RPT-1: only a finished month can be reported; nothing stored."""
    company = _company(manager)
    with pytest.raises(RuleViolation) as error:
        generate_monthly_report(company, dt.date(2026, 11, 1), reader=manager, by=manager, now=NOW)
    assert error.value.field == "month"
    assert not MonthlyReport.objects.exists()
