"""Reads shared by pages and API (APPT, NOTIFY, TLC, HELP, MGR); all start from visible_to(user)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet

from gasdesk.business_calendar.holidays import ChineseWorkdayCalendar
from gasdesk.business_calendar.periods import CalendarDataMissing
from gasdesk.customers.models import Customer
from gasdesk.regulations.models import (
    Appointment,
    AppointmentEvent,
    AppointmentStatus,
    AssistanceRecord,
    CareVisit,
    CareVisitStatus,
    ConsultationRecord,
    DutyShift,
    ManagerRating,
    MatterVisit,
    OneTimeNotice,
    PromisedMatter,
    PromiseStatus,
    Prospect,
    ProspectStatus,
)
from gasdesk.regulations.rules import upcoming_days
from gasdesk.standards.sections.regulations import ManagerRules, NotifyRules

if TYPE_CHECKING:
    from gasdesk.org.models import User

LIST_LIMIT = 200


def appointment_register(user: User) -> QuerySet[Appointment]:
    """APPT-9: the register of the user's units, newest first (appt_register_idx)."""
    qs = Appointment.objects.visible_to(user).select_related("staff", "customer", "org_unit")
    return qs.order_by("-requested_at", "-id")


def awaiting_reply(user: User) -> QuerySet[Appointment]:
    """APPT-3: requests not yet answered, the nearest reply deadline first (appt_reply_idx)."""
    qs = Appointment.objects.visible_to(user).filter(status=AppointmentStatus.REQUESTED)
    return qs.select_related("org_unit").order_by("reply_due_at", "id")


def register_rows(user: User, kind: str = "") -> QuerySet[Appointment]:
    """APPT-9: the 预约服务登记表 (counter) or 上门服务登记表 (home), oldest first, for export."""
    qs = appointment_register(user)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("created_by").order_by("requested_at", "id")


def conduct_breaches(user: User) -> QuerySet[AppointmentEvent]:
    """APPT-10: verified conduct breaches of the user's units, newest first (assessment)."""
    units = Appointment.objects.visible_to(user).values("id")
    qs = AppointmentEvent.objects.filter(kind="CONDUCT_BREACH", appointment__in=units)
    return qs.select_related("appointment", "by").order_by("-at", "-id")


def notice_list(user: User) -> QuerySet[OneTimeNotice]:
    qs = OneTimeNotice.objects.visible_to(user).select_related("issued_by", "work_order")
    return qs.order_by("-issued_at", "-id")


def repeat_matters(user: User, rules: NotifyRules) -> Any:
    """NOTIFY-7: (customer, matter) pairs with at least the flagged number of return trips,
    counted in the database on matter_visit_idx."""
    min_visits = rules.flag_return_trips + 1
    return (  # a values() queryset of dicts; typed Any as django-stubs cannot name it
        MatterVisit.objects.visible_to(user)
        .values("customer_id", "customer__name", "matter_code")
        .annotate(visits=Count("id"))
        .filter(visits__gte=min_visits)
        .order_by("-visits", "customer_id")
    )


def customer_repeat_matters(customer_id: int, rules: NotifyRules) -> dict[str, int]:
    """The matters a customer came back for too often (the flag on notice and customer pages)."""
    rows = (
        MatterVisit.objects.filter(customer_id=customer_id)
        .values("matter_code")
        .annotate(visits=Count("id"))
        .filter(visits__gte=rules.flag_return_trips + 1)
    )
    return {row["matter_code"]: row["visits"] for row in rows}


def consultation_log(user: User) -> QuerySet[ConsultationRecord]:
    """NOTIFY-5: the hall's phone-consultation record book, newest first."""
    return ConsultationRecord.objects.visible_to(user).select_related("by").order_by("-at", "-id")


def assistance_log(user: User) -> QuerySet[AssistanceRecord]:
    return AssistanceRecord.objects.visible_to(user).select_related("by").order_by("-at", "-id")


def open_matters(user: User) -> QuerySet[PromisedMatter]:
    """TLC-1: open promised matters, the nearest deadline first (promise_open_idx)."""
    qs = PromisedMatter.objects.visible_to(user).filter(status=PromiseStatus.OPEN)
    return qs.select_related("responsible", "org_unit").order_by("due_at", "id")


def leader_overdue_matters(user: User, now: datetime) -> QuerySet[PromisedMatter]:
    """TLC-1: the leader's list: open matters past their deadline, with the stated reason."""
    return open_matters(user).filter(due_at__lt=now)


def late_matters(user: User) -> QuerySet[PromisedMatter]:
    """TLC-3: matters completed after their deadline, with the reason given, newest first."""
    qs = PromisedMatter.objects.visible_to(user).filter(
        status=PromiseStatus.DONE, completed_at__gt=F("due_at")
    )
    return qs.select_related("responsible").order_by("-completed_at", "-id")


def duty_roster(user: User, first_day: date, days: int) -> QuerySet[DutyShift]:
    """HELP-2: the desk's shifts from `first_day` on (duty_day_idx)."""
    qs = DutyShift.objects.visible_to(user).filter(
        on__gte=first_day, on__lt=first_day + timedelta(days=days)
    )
    return qs.select_related("helper", "substitute", "org_unit").order_by("on", "starts_at", "id")


def prospects_without_manager(user: User, rules: ManagerRules) -> QuerySet[Prospect]:
    """MGR-1: intending customers without a specialist where the pack requires one
    (prospect_unmanaged_idx)."""
    if not rules.required_for_prospects:
        return Prospect.objects.none()
    qs = Prospect.objects.visible_to(user).filter(
        status=ProspectStatus.INTENDING, manager__isnull=True
    )
    return qs.select_related("org_unit").order_by("created_at", "id")


def manager_prospects(manager: User) -> QuerySet[Prospect]:
    """MGR-1/2: the specialist's intending customers (prospect_manager_idx)."""
    qs = Prospect.objects.filter(manager=manager, status=ProspectStatus.INTENDING)
    return qs.select_related("org_unit").order_by("created_at", "id")


def prospect_list(user: User) -> QuerySet[Prospect]:
    return (
        Prospect.objects.visible_to(user)
        .select_related("manager", "customer")
        .order_by("-created_at", "-id")
    )


def year_ratings(user: User, year: int) -> QuerySet[ManagerRating]:
    """MGR-3: the specialists' ratings of a year in the user's units (manager_rating_year_idx)."""
    qs = ManagerRating.objects.visible_to(user).filter(year=year)
    return qs.select_related("manager").order_by("grade", "manager__display_name", "id")


def customers_without_manager(user: User, rules: ManagerRules) -> QuerySet[Customer]:
    """MGR-1: customers who must have a customer manager (by category or tier) and have none."""
    needed = Q(category__in=[c.value for c in rules.required_for_categories]) | Q(
        tier__in=[t.value for t in rules.required_for_tiers]
    )
    qs = Customer.objects.visible_to(user).filter(needed, customer_manager__isnull=True)
    return qs.filter(is_active=True).select_related("org_unit").order_by("account_no")


def portfolio(manager: User) -> QuerySet[Customer]:
    """MGR-2: the manager's customers (cust_manager_idx)."""
    qs = Customer.objects.filter(customer_manager=manager, is_active=True)
    return qs.select_related("org_unit").order_by("-tier", "account_no")


def visits_due(manager: User) -> QuerySet[CareVisit]:
    """MGR-4: the manager's planned visits, oldest due first (care_manager_due_idx)."""
    qs = CareVisit.objects.filter(manager=manager, status=CareVisitStatus.PLANNED)
    return qs.select_related("customer").order_by("due_on", "id")


def overdue_visits(user: User, today: date) -> QuerySet[CareVisit]:
    """MGR-4: overdue visits of every manager in the leader's units (care_unit_due_idx)."""
    qs = CareVisit.objects.visible_to(user).filter(status=CareVisitStatus.PLANNED, due_on__lt=today)
    return qs.select_related("customer", "manager", "org_unit").order_by("due_on", "id")


@dataclass(frozen=True)
class CareReminder:
    """A phone-care call to make (MGR-4): a birthday or a major festival."""

    customer_id: int
    customer_name: str
    occasion: str
    on: date


def _tiers_with(rules: ManagerRules, attribute: str) -> list[str]:
    return [v.tier.value for v in rules.visits if getattr(v, attribute)]


def _birthday_filter(days: list[date]) -> Q:
    condition = Q(pk__in=[])
    for day in days:
        condition |= Q(birthday__month=day.month, birthday__day=day.day)
    return condition


def birthday_reminders(manager: User, today: date, rules: ManagerRules) -> list[CareReminder]:
    """Birthdays in the reminder window of the manager's customers in tiers with birthday care."""
    days = list(upcoming_days(today, rules.remind_days_ahead))
    rows = portfolio(manager).filter(
        _birthday_filter(days), tier__in=_tiers_with(rules, "birthday_care")
    )
    by_day = {(d.month, d.day): d for d in days}
    return [
        CareReminder(c.pk, c.name, "生日", by_day[(c.birthday.month, c.birthday.day)])
        for c in rows
        if c.birthday
    ]


def festival_reminders(
    manager: User, today: date, rules: ManagerRules, calendar: ChineseWorkdayCalendar
) -> list[CareReminder]:
    """The first day of a pack festival in the window, for each customer with festival care."""
    festivals = _festival_starts(today, rules, calendar)
    if not festivals:
        return []
    rows = portfolio(manager).filter(tier__in=_tiers_with(rules, "festival_care"))
    return [CareReminder(c.pk, c.name, name, on) for name, on in festivals for c in rows]


def _festival_starts(
    today: date, rules: ManagerRules, calendar: ChineseWorkdayCalendar
) -> list[tuple[str, date]]:
    starts = []
    try:
        for day in upcoming_days(today, rules.remind_days_ahead):
            info = calendar.describe(day)
            before = calendar.describe(day - timedelta(days=1))
            first_rest_day = before.is_workday or before.name != info.name
            if info.name in rules.festivals and not info.is_workday and first_rest_day:
                starts.append((info.name, day))
    except CalendarDataMissing:
        return []
    return starts
