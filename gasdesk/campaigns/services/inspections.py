"""Safety-inspection services (INSP-1…6): generate a year's plan set-based, record visit
outcomes with repeat visits for those not met, hazards and their rectification, and the
notices sent `notice_days` ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from gasdesk.campaigns.models import (
    Hazard,
    InspectionEvent,
    InspectionPlan,
    InspectionVisit,
    VisitOutcome,
)
from gasdesk.campaigns.models.inspections import MET_OUTCOMES, NOT_MET_OUTCOMES
from gasdesk.campaigns.rules import notice_date
from gasdesk.campaigns.services.common import (
    FIELD_ROLES,
    check_field,
    check_planner,
    inspection_rules,
    pack_at,
)
from gasdesk.campaigns.services.planning import insert_year_visits
from gasdesk.core.errors import ConcurrentChange, PermissionDeniedRule, RuleViolation
from gasdesk.customers.field_updates import clear_hazard, mark_hazard, open_hazard_sources
from gasdesk.customers.models import Customer
from gasdesk.notices.rendering import display_date
from gasdesk.notices.services import Notice, enqueue_bulk
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import Role, has_role, require_role
from gasdesk.org.scoping import require_in_scope
from gasdesk.standards.lookup import loaded_pack

if TYPE_CHECKING:
    from gasdesk.standards.sections.campaigns import InspectionRules

Progress = Callable[[int, int], None]  # (units done, units in all)


def generate_inspection_plan(
    unit: OrgUnit,
    year: int,
    *,
    by: User,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> InspectionPlan:
    """Create the unit's plan for `year`: one INSERT … SELECT per unit of its subtree that owns
    customers, with that unit's technicians as routes (INSP-1). One plan per unit and year."""
    now = now or timezone.now()
    check_planner(by, unit)
    loaded = pack_at(unit, now)
    rules = inspection_rules(loaded)
    with transaction.atomic():
        try:
            plan = InspectionPlan.objects.create(
                org_unit=unit,
                year=year,
                title=f"{unit.name}{year}年安检计划",
                pack=loaded.record,
                created_by=by,
                created_at=now,
            )
        except IntegrityError:
            raise RuleViolation("year", f"{unit.name}已有{year}年安检计划") from None
        _fill(plan, rules, progress)
        counts = plan.visits.aggregate(
            visits=Count("id"), households=Count("customer_id", distinct=True)
        )
        visits, households = counts["visits"], counts["households"]
        InspectionPlan.objects.filter(pk=plan.pk).update(
            planned_visits=visits, planned_households=households
        )
        InspectionEvent.objects.create(
            plan=plan,
            kind="GENERATED",
            by=by,
            at=now,
            data={"visits": visits, "households": households},
        )
    plan.refresh_from_db()
    return plan


def _fill(plan: InspectionPlan, rules: InspectionRules, progress: Progress | None) -> None:
    subtree = OrgUnit.objects.subtree(plan.org_unit)
    unit_ids = list(
        Customer.objects.filter(org_unit__in=subtree.values("id"))
        .values_list("org_unit_id", flat=True)
        .order_by("org_unit_id")
        .distinct()
    )
    for done, unit_id in enumerate(unit_ids, 1):
        insert_year_visits(
            plan_id=plan.pk,
            unit_id=unit_id,
            year=plan.year,
            rules=rules,
            technicians=technicians_of(unit_id),
        )
        if progress:
            progress(done, len(unit_ids))


def technicians_of(unit_id: int) -> list[int]:
    """Active technicians of the unit's subtree (its teams), in a stable order."""
    unit = OrgUnit.objects.get(pk=unit_id)
    return list(
        User.objects.filter(
            org_unit__in=OrgUnit.objects.subtree(unit).values("id"),
            groups__name=Role.TECHNICIAN,
            is_active=True,
        )
        .order_by("id")
        .values_list("id", flat=True)
    )


def record_visit_outcome(
    visit: InspectionVisit,
    *,
    outcome: str,
    by: User,
    now: datetime | None = None,
    note: str = "",
    hazard_items: str = "",
) -> InspectionVisit:
    """Record what happened at the door (INSP-4/6). Not met (不在家, refused): a repeat visit
    `repeat_after_days` later while rounds remain (pack); hazard: a rectification notice with
    its deadline. The plan's root visit keeps the final outcome the rate counts (INSP-5)."""
    now = now or timezone.now()
    _check_visitor(visit, by)
    if outcome not in (*MET_OUTCOMES, *NOT_MET_OUTCOMES):
        raise RuleViolation("outcome", "请选择安检结果")
    if outcome == VisitOutcome.HAZARD and not hazard_items.strip():
        raise RuleViolation("hazard_items", "发现隐患时须填写隐患内容")
    rules = inspection_rules(loaded_pack(visit.plan.pack_id))
    with transaction.atomic():
        updated = InspectionVisit.objects.filter(pk=visit.pk, outcome=VisitOutcome.PENDING).update(
            outcome=outcome, visited_at=now, note=note
        )
        if updated == 0:
            raise ConcurrentChange("该户次已登记结果")
        data = _follow_up(visit, outcome, rules, now, hazard_items)
        if "hazard" in data:
            mark_hazard(
                visit.customer,
                by=by,
                source=hazard_source(data["hazard"]),
                reason=hazard_items.strip(),
                now=now,
            )
        InspectionEvent.objects.create(
            plan_id=visit.plan_id,
            visit=visit,
            kind="VISITED",
            by=by,
            at=now,
            reason=note,
            data={"outcome": outcome, **data},
        )
    visit.refresh_from_db()
    return visit


def _check_visitor(visit: InspectionVisit, by: User) -> None:
    """A technician records the visits assigned to them (a team's technician may serve the
    parent unit's customers); desk roles record any visit in their scope."""
    require_role(by, *FIELD_ROLES)
    if visit.technician_id == by.pk:
        return
    require_in_scope(by, visit.org_unit)
    if not has_role(by, Role.DISPATCHER, Role.SPECIALIST):
        raise PermissionDeniedRule("只能登记分派给本人的安检户次")


def _follow_up(
    visit: InspectionVisit, outcome: str, rules: InspectionRules, now: datetime, items: str
) -> dict[str, Any]:
    root_id = visit.root_id or visit.pk
    today = timezone.localdate(now)
    if outcome in NOT_MET_OUTCOMES and visit.round <= rules.repeat_visits:
        repeat = InspectionVisit.objects.create(
            plan_id=visit.plan_id,
            customer_id=visit.customer_id,
            org_unit_id=visit.org_unit_id,
            technician_id=visit.technician_id,
            route=visit.route,
            round=visit.round + 1,
            root_id=root_id,
            planned_on=today + timedelta(days=rules.repeat_after_days),
        )
        return {"repeat_visit": repeat.pk, "repeat_on": repeat.planned_on.isoformat()}
    InspectionVisit.objects.filter(pk=root_id).update(final_outcome=outcome)
    if outcome != VisitOutcome.HAZARD:
        return {}
    hazard = Hazard.objects.create(
        visit=visit,
        customer_id=visit.customer_id,
        org_unit_id=visit.org_unit_id,
        items=items.strip(),
        found_at=now,
        rectify_due_on=today + timedelta(days=rules.rectify_within_days),
    )
    return {"hazard": hazard.pk, "rectify_due_on": hazard.rectify_due_on.isoformat()}


def hazard_source(hazard_id: int) -> str:
    """How an inspection hazard is named in the customer's hazard history (field_updates)."""
    return f"inspection_hazard:{hazard_id}"


def rectify_hazard(hazard: Hazard, *, by: User, now: datetime | None = None) -> Hazard:
    """The customer fixed the hazard (rectification checked on site); the customer's hazard
    flag is cleared with it unless another hazard is still open (INSP-6)."""
    now = now or timezone.now()
    check_field(by, hazard.org_unit)
    with transaction.atomic():
        if (
            Hazard.objects.filter(pk=hazard.pk, rectified_at__isnull=True).update(rectified_at=now)
            == 0
        ):
            raise ConcurrentChange("该隐患已整改")
        source = hazard_source(hazard.pk)
        if source in open_hazard_sources(hazard.customer):  # hazards found before the flag
            clear_hazard(hazard.customer, by=by, source=source, reason="隐患整改复查合格", now=now)
        InspectionEvent.objects.create(
            plan_id=hazard.visit.plan_id,
            visit_id=hazard.visit_id,
            kind="RECTIFIED",
            by=by,
            at=now,
        )
    hazard.refresh_from_db()
    return hazard


def send_inspection_notices(*, now: datetime | None = None) -> int:
    """INSP-3: queue the SMS for every pending visit due within the pack's notice days that
    has none yet, one bulk insert per plan and day; returns the messages queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    queued = 0
    for plan in InspectionPlan.objects.filter(year__in=(today.year, today.year + 1)):
        rules = inspection_rules(loaded_pack(plan.pack_id))
        last_day = today + timedelta(days=rules.notice_days)
        queued += _notify_plan(plan, today, last_day, now)
    return queued


def _notify_plan(plan: InspectionPlan, today: date, last_day: date, now: datetime) -> int:
    pending = InspectionVisit.objects.filter(
        plan=plan,
        outcome=VisitOutcome.PENDING,
        notice_sent_on__isnull=True,
        planned_on__gte=today,
        planned_on__lte=last_day,
    )
    days = pending.values("planned_on").annotate(n=Count("id")).values_list("planned_on", flat=True)
    queued = 0
    with transaction.atomic():
        for day in list(days):
            on_day = pending.filter(planned_on=day)
            notice = Notice(
                "inspection_notice", {"date": display_date(day)}, f"inspection:{plan.pk}"
            )
            queued += enqueue_bulk(
                notice, on_day.values("customer_id"), org_unit=plan.org_unit, by=None, now=now
            )
            on_day.update(notice_sent_on=today)
    return queued


def notice_due_on(visit_on: date, plan: InspectionPlan) -> date:
    """EX-28: the day the notice for a visit must be posted and sent."""
    return notice_date(visit_on, inspection_rules(loaded_pack(plan.pack_id)).notice_days)
