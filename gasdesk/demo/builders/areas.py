"""The business areas of the demo, after the orders (DSP, EMG, OUT, INSP, APPT, NOTIFY, CMP, CB,
AGENT): each area's own builder, called with the demo's staff and a stage seed of its own.

Order matters: field work and campaigns first (today's orders, notices), then the counter
records, complaints, the callback batches of the last days (they pick up the replayed orders)
and a hotline month. Areas that need a desk the second company lacks (manager, specialist,
callback agent) are built for the main company only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from gasdesk.callbacks.models import CallbackTask
from gasdesk.campaigns.models import InspectionPlan, Outage
from gasdesk.complaints.models import Complaint
from gasdesk.demo.builders.callbacks import build_callbacks
from gasdesk.demo.builders.campaigns import build_campaigns
from gasdesk.demo.builders.complaints import ComplaintCast, build_complaints
from gasdesk.demo.builders.fieldwork import FieldCast, build_fieldwork
from gasdesk.demo.builders.hotline import build_hotline
from gasdesk.demo.builders.orgtree import DemoCompany, DemoOrg
from gasdesk.demo.builders.regulations import build_regulations_demo
from gasdesk.demo.builders.reports import build_monthly_reports
from gasdesk.demo.builders.seeds import stage_faker, stage_int
from gasdesk.demo.builders.sizes import AreaSize
from gasdesk.demo.builders.staff import DemoStaff
from gasdesk.demo.builders.supervision import build_supervision
from gasdesk.fieldwork.models import Assignment, Emergency
from gasdesk.notices.models import Message
from gasdesk.quality.models import HotlineAgent, HotlineCall
from gasdesk.quality.services import link_agent
from gasdesk.regulations.models import Appointment, OneTimeNotice, PromisedMatter

Progress = Callable[[str], None]
# The log SMS backend (notices.backends) writes every message it "sends" at INFO; the demo
# sends hundreds, which the message log page shows anyway.
SMS_LOGGER = "gasdesk.sms"
DEMO_SHIFT = "白班"


def build_areas(
    org: DemoOrg, staff: DemoStaff, *, areas: AreaSize, seed: int, now: datetime, say: Progress
) -> None:
    """Every area's demo records, inside the caller's transaction."""
    for company in org.companies:
        say(f"{company.spec.name}：现场作业与计划作业……")
        with _quiet(SMS_LOGGER):
            _field_and_campaigns(company, staff, areas, seed, now)
    main = org.main
    say(f"{main.spec.name}：服务规范、投诉、回访……")
    _regulations(main, staff, areas, seed, now)
    _complaints(main, staff, areas, seed, now)
    _callbacks(main, staff, areas, seed, now)
    say("热线话务……")
    _hotline(org, staff, areas, seed, now)
    say("检查、调查与评价……")
    build_supervision(
        main.unit,
        inspector=staff.logins["inspector"],
        evaluator=staff.logins["specialist"],
        now=now,
        seed=stage_int(seed, "supervision", main.spec.code),
    )
    say("企业服务月报……")
    build_monthly_reports(now)


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _field_and_campaigns(
    company: DemoCompany, staff: DemoStaff, areas: AreaSize, seed: int, now: datetime
) -> None:
    """DSP/EMG: today's orders and alarms; OUT/INSP/CONN/METER: one of each campaign."""
    team = staff.companies[company.unit.pk]
    for outlet in company.outlets:
        pk = outlet.unit.pk
        cast = FieldCast(
            agent=team.agents[0],
            dispatcher=team.dispatchers[pk],
            technicians=team.repair_technicians[pk],
            unit=outlet.unit,
        )
        fake = stage_faker(seed, "field", outlet.spec.code)
        build_fieldwork(cast, fake=fake, now=now, orders=areas.field_orders, alarms=areas.alarms)
        technician = team.inspection_technicians[pk][0]
        build_campaigns(outlet.unit, planner=team.dispatchers[pk], technician=technician, now=now)


def _regulations(
    company: DemoCompany, staff: DemoStaff, areas: AreaSize, seed: int, now: datetime
) -> None:
    desk, leader = staff.logins["agent"], staff.logins["manager"]
    for outlet in company.outlets:
        build_regulations_demo(
            outlet.unit,
            desk=desk,
            leader=leader,
            now=now,
            seed=stage_int(seed, "regulations", outlet.spec.code),
            count=areas.regulations,
        )


def _complaints(
    company: DemoCompany, staff: DemoStaff, areas: AreaSize, seed: int, now: datetime
) -> None:
    logins = staff.logins
    cast = ComplaintCast(
        agent=logins["agent"],
        specialist=logins["specialist"],
        committee_member=logins["manager"],  # is_committee_member: level-1 callbacks (CMP-16)
        callback_agent=logins["callback"],
        target_units=[o.unit for o in company.outlets] + list(company.departments.values()),
    )
    fake = stage_faker(seed, "complaints", company.spec.code)
    build_complaints(cast, fake=fake, count=areas.complaints, now=now)


def _callbacks(
    company: DemoCompany, staff: DemoStaff, areas: AreaSize, seed: int, now: datetime
) -> None:
    """Follow-up forms are answered by the department admin or the outlet's dispatcher."""
    dispatchers = list(staff.companies[company.unit.pk].dispatchers.values())
    build_callbacks(
        company.unit,
        callback_agent=staff.logins["callback"],
        dept_admins=[staff.logins["deptadmin"], *dispatchers],
        now=now,
        days=areas.callback_days,
        seed=stage_int(seed, "callbacks", company.spec.code),
    )


def _hotline(org: DemoOrg, staff: DemoStaff, areas: AreaSize, seed: int, now: datetime) -> None:
    """AGENT-1: a queue_log import per company, then the main company's agents linked."""
    for company in org.companies:
        build_hotline(
            company.unit,
            now=now,
            days=areas.hotline_days,
            calls_per_day=areas.calls_per_day,
            seed=stage_int(seed, "hotline", company.spec.code),
        )
    _link_hotline_agents(org.main, staff, now)


def _link_hotline_agents(company: DemoCompany, staff: DemoStaff, now: datetime) -> None:
    """AGENT-1: the call system's agent names belong to the company's hotline agents, so an
    agent's hotline page shows their own month (names past the staff stay unlinked)."""
    agents = staff.companies[company.unit.pk].agents
    names = HotlineAgent.objects.filter(company=company.unit).order_by("name")
    for agent, user in zip(names, agents, strict=False):
        link_agent(agent, user=user, shift=DEMO_SHIFT, by=staff.logins["manager"], now=now)


AREA_COUNTS = {
    "现场派工": Assignment,
    "燃气报警": Emergency,
    "停气计划": Outage,
    "安检计划": InspectionPlan,
    "短信通知": Message,
    "预约": Appointment,
    "一次性告知": OneTimeNotice,
    "承诺事项": PromisedMatter,
    "投诉": Complaint,
    "回访任务": CallbackTask,
    "热线来电": HotlineCall,
}


def area_counts() -> dict[str, int]:
    """What the areas hold, for the command's closing report."""
    return {label: model._default_manager.count() for label, model in AREA_COUNTS.items()}
