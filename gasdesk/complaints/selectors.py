"""Reads of complaints shared by pages, API and reports (CMP-17, CMP-19, CMP-23).

Deductions and hot spots aggregate in the database: one GROUP BY per period or dimension over
an index, then the pure functions of deductions.py. Nothing loops over complaint rows in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from gasdesk.business_calendar.periods import SHANGHAI
from gasdesk.complaints.deductions import annual_deduction, period_deduction
from gasdesk.complaints.models import (
    OPEN_STATUSES,
    AppealStatus,
    Complaint,
    ComplaintAppeal,
    ComplaintEvent,
    ComplaintStatus,
)
from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit
from gasdesk.org.roles import role_names

if TYPE_CHECKING:
    from gasdesk.org.models import User
    from gasdesk.standards.sections.complaints import ComplaintRules

DESK_LIMIT = 200
DRILL_PAGE = 50
# What the drill-down page and API list (DeductionComplaintSerializer); never the wide text.
DRILL_COLUMNS = (
    "id", "number", "status", "level", "levelled_at", "received_at", "closed_at",
    "target_unit", "target_unit__name", "target_text", "cause", "business_type", "area",
    "complainant_name", "phone", "is_satisfied", "org_unit",
)  # fmt: skip
HOT_SPOT_DIMENSIONS = {
    "cause": "cause",
    "business_type": "business_type",
    "area": "area",
    "unit": "target_unit__name",
}


def visible_complaints(user: User) -> QuerySet[Complaint]:
    return Complaint.objects.visible_to(user).select_related("target_unit", "org_unit")


def complaint_desk(user: User) -> QuerySet[Complaint]:
    """Open complaints nearest deadline first (served by cmp_desk_open_idx)."""
    return visible_complaints(user).filter(status__in=OPEN_STATUSES).order_by("next_due_at", "id")


def complaint_detail(user: User, pk: int) -> Complaint:
    related = ("customer", "work_order", "pack", "responsible_person", "first_responder")
    return visible_complaints(user).select_related(*related).get(pk=pk)


def complaint_timeline(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    return complaint.events.select_related("by").order_by("at", "id")


def appeals_to_decide(user: User) -> QuerySet[ComplaintAppeal]:
    visible = visible_complaints(user).values("id")
    return (
        ComplaintAppeal.objects.filter(status=AppealStatus.PENDING, complaint__in=visible)
        .select_related("complaint", "unit", "filed_by")
        .order_by("filed_at")
    )


def appealable_complaints(user: User, now: datetime) -> QuerySet[Complaint]:
    """The department admin's list: levelled complaints of their units still in the window."""
    return (
        visible_complaints(user)
        .filter(level__isnull=False, appeal_due_at__gte=now, target_unit__isnull=False)
        .order_by("appeal_due_at")
    )


def routed_to_me(user: User, limit: int = 20) -> QuerySet[Complaint]:
    """CMP-5/6/24: new complaints routed to a post the user's role holds (not yet levelled),
    and open complaints first reported to it as image-affecting: the desk's routing alert."""
    roles = role_names(user)
    new = Q(status=ComplaintStatus.ROUTED, handler_role__in=roles)
    escalated = Q(status__in=OPEN_STATUSES, escalation_role__in=roles)
    return visible_complaints(user).filter(new | escalated).order_by("received_at", "id")[:limit]


def recent_alerts(user: User, limit: int = 20) -> QuerySet[ComplaintEvent]:
    """LATE events of visible complaints, newest first: the desk's alert strip."""
    visible = visible_complaints(user).values("id")
    return (
        ComplaintEvent.objects.filter(kind="LATE", complaint__in=visible)
        .select_related("complaint")
        .order_by("-at")[:limit]
    )


@dataclass(frozen=True)
class Period:
    """A half-open [start, end) range of Shanghai dates' instants."""

    start: datetime
    end: datetime

    @classmethod
    def of_dates(cls, first: date, after_last: date) -> Period:
        return cls(
            datetime.combine(first, time(0), tzinfo=SHANGHAI),
            datetime.combine(after_last, time(0), tzinfo=SHANGHAI),
        )

    def previous(self) -> Period:
        """The period hot spots compare against (CMP-23): the previous calendar month or
        quarter (so 2026Q3 compares with all of Q2, not the 92 days before), else as many days.
        """
        months = self._whole_months()
        if months is None:
            return Period(self.start - (self.end - self.start), self.start)
        first = self.start.astimezone(SHANGHAI).date()
        return Period.of_dates(_months_before(first, months), first)

    def _whole_months(self) -> int | None:
        """How many months the period spans when it runs from a 1st to a 1st, else None."""
        first, after = self.start.astimezone(SHANGHAI), self.end.astimezone(SHANGHAI)
        if any(m.day != 1 or m.time() != time(0) for m in (first, after)):
            return None
        months = (after.year - first.year) * 12 + after.month - first.month
        return months if months > 0 else None


def _months_before(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def last_days(days: int) -> Period:
    """The `days` whole days up to and including today (Shanghai)."""
    today = timezone.localdate()
    return Period.of_dates(today - timedelta(days=days - 1), today + timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    if number not in (1, 2, 3, 4):
        raise RuleViolation("quarter", "季度须为1–4")
    first = date(year, 3 * number - 2, 1)
    after = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period.of_dates(first, after)


def deduction_counts(
    user: User, period: Period, unit: OrgUnit | None = None
) -> dict[int, dict[int, int]]:
    """{unit id: {level: count}} of complaints levelled in the period: ONE aggregate query."""
    qs = visible_complaints(user).filter(
        levelled_at__gte=period.start, levelled_at__lt=period.end, target_unit__isnull=False
    )
    if unit is not None:
        qs = qs.filter(target_unit=unit)
    rows: Any = qs.order_by().values("target_unit", "level").annotate(n=Count("id"))
    counts: dict[int, dict[int, int]] = {}
    for row in rows:
        counts.setdefault(row["target_unit"], {})[row["level"]] = row["n"]
    return counts


@dataclass(frozen=True)
class DeductionRow:
    unit: OrgUnit
    counts: dict[int, int]
    points_by_level: dict[int, Decimal]
    total: Decimal


def department_deductions(
    user: User, rules: ComplaintRules, period: Period, unit: OrgUnit | None = None
) -> list[DeductionRow]:
    """CMP-19: each department's points for the period, largest first."""
    counts = deduction_counts(user, period, unit)
    units = OrgUnit.objects.in_bulk(list(counts))
    rows = []
    for unit_id, by_level in counts.items():
        d = period_deduction(rules, by_level)
        rows.append(DeductionRow(units[unit_id], d.counts, d.points_by_level, d.total))
    return sorted(rows, key=lambda r: (-r.total, r.unit.name))


def annual_department_deductions(
    user: User, rules: ComplaintRules, year: int, unit: OrgUnit | None = None
) -> dict[int, Decimal]:
    """CMP-20: {unit id: points} for the year by the pack's rule (four quarter aggregates)."""
    quarters = [deduction_counts(user, quarter(year, q), unit) for q in (1, 2, 3, 4)]
    unit_ids = {u for q in quarters for u in q}
    return {u: annual_deduction(rules, [q.get(u, {}) for q in quarters]) for u in unit_ids}


def deduction_drilldown(user: User, period: Period, unit: OrgUnit) -> QuerySet[Complaint]:
    """The complaints counted in a department's deduction for the period, in the order of
    cmp_deduction_idx, with only the listed columns (a row carries ~1.5 KB of narrative and
    deadline basis). Callers take a page: a hotline centre's quarter is 20,000+ complaints."""
    return (
        Complaint.objects.visible_to(user)
        .select_related("target_unit")
        .filter(target_unit=unit, levelled_at__gte=period.start, levelled_at__lt=period.end)
        .only(*DRILL_COLUMNS)
        .order_by("level", "levelled_at", "id")
    )


def page_number(raw: str | None) -> int:
    """A ?page= value as a page number; anything but a positive integer is page 1."""
    return int(raw) if raw and raw.isdigit() and int(raw) > 0 else 1


def page_of(rows: QuerySet[Complaint], page: int, size: int = DRILL_PAGE) -> tuple[list[Any], bool]:
    """Rows of the 1-based page and whether more follow: LIMIT size+1, no COUNT(*)."""
    start = (max(page, 1) - 1) * size
    found = list(rows[start : start + size + 1])
    return found[:size], len(found) > size


@dataclass(frozen=True)
class HotSpot:
    key: str
    count: int
    previous: int

    @property
    def change(self) -> int:
        return self.count - self.previous


def hot_spots(user: User, period: Period, dimension: str, top: int = 10) -> list[HotSpot]:
    """CMP-23: top causes/business types/areas/units by count, with the previous period's count
    (one GROUP BY with two filtered counts, index-only over cmp_received_report_idx)."""
    column = HOT_SPOT_DIMENSIONS.get(dimension)
    if column is None:
        raise RuleViolation("dimension", "统计维度无效")
    before = period.previous()
    now_q = Q(received_at__gte=period.start, received_at__lt=period.end)
    before_q = Q(received_at__gte=before.start, received_at__lt=before.end)
    rows: Any = (
        visible_complaints(user)
        .filter(received_at__gte=before.start, received_at__lt=period.end)
        .order_by()
        .values(column)
        .annotate(count=Count("id", filter=now_q), previous=Count("id", filter=before_q))
        .filter(count__gt=0)
        .order_by("-count", column)[:top]
    )
    return [HotSpot(str(r[column] or "—"), r["count"], r["previous"]) for r in rows]


@dataclass(frozen=True)
class ComplaintMetrics:
    """CMP-21: number of complaints, handling timeliness and complainant satisfaction."""

    count: int
    closed: int
    closed_on_time: int
    answered_satisfaction: int
    satisfied: int

    @property
    def timeliness_ratio(self) -> Decimal | None:
        return Decimal(self.closed_on_time) / self.closed if self.closed else None

    @property
    def satisfaction_ratio(self) -> Decimal | None:
        if not self.answered_satisfaction:
            return None
        return Decimal(self.satisfied) / self.answered_satisfaction


def complaint_metrics(user: User, period: Period) -> ComplaintMetrics:
    """One aggregate over the complaints received in the period (feeds the KPI issue)."""
    row = (
        visible_complaints(user)
        .filter(received_at__gte=period.start, received_at__lt=period.end)
        .aggregate(
            count=Count("id"),
            closed=Count("id", filter=Q(closed_at__isnull=False)),
            closed_on_time=Count("id", filter=Q(closed_at__lte=F("closure_due_at"))),
            answered_satisfaction=Count("id", filter=Q(is_satisfied__isnull=False)),
            satisfied=Count("id", filter=Q(is_satisfied=True)),
        )
    )
    return ComplaintMetrics(**row)
