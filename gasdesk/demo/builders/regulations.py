"""Demo data of the service regulations (APPT, NOTIFY, TLC, HELP, MGR), written through the
same services as the counter pages, so the demo obeys the pack's rules."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from gasdesk.customers.models import Customer
from gasdesk.org.models import OrgUnit, User
from gasdesk.regulations.services import appointments, assistance, care, notification, promises
from gasdesk.regulations.services.common import rules_for_unit

APPLICANTS = ["包女士", "王先生", "李师傅", "赵经理", "孙阿姨", "周老师"]
MATTERS = ["工作时间外办理开户", "上门办理过户", "老人行动不便上门换卡", "企业集中办理报装"]


@dataclass
class RegulationsDemo:
    appointments: int = 0
    notices: int = 0
    consultations: int = 0
    promises: int = 0
    assisted: int = 0
    managers_assigned: int = 0
    visits_planned: int = 0


def build_regulations_demo(
    unit: OrgUnit, *, desk: User, leader: User, now: datetime, seed: int = 0, count: int = 6
) -> RegulationsDemo:
    """A few records of every kind at `unit` (a service outlet of a company with a pack).

    `desk` is a counter agent of the unit; `leader` holds the manager role (approves refusals,
    assigns customer managers). `now` is the moment the demo is built (the services stamp it).
    """
    rng = random.Random(seed)
    summary = RegulationsDemo()
    _appointments(unit, desk, leader, now, rng, count, summary)
    _notices_and_log(unit, desk, now, rng, summary, count)
    _promises(unit, desk, rng, count, summary)
    _managers(unit, desk, leader, now, summary)
    return summary


def _appointments(
    unit: OrgUnit,
    desk: User,
    leader: User,
    now: datetime,
    rng: random.Random,
    count: int,
    summary: RegulationsDemo,
) -> None:
    for n in range(count):
        data = appointments.AppointmentRequest(
            org_unit=unit,
            applicant_name=rng.choice(APPLICANTS),
            applicant_phone=f"139{rng.randrange(10**8):08d}",
            channel=rng.choice(["phone", "wechat", "counter"]),
            kind="counter" if n % 2 else "home",
            matter=rng.choice(MATTERS),
            address="" if n % 2 else f"示范路{n + 1}号",
        )
        appointment = appointments.request_appointment(data, by=desk)
        if n % 3 == 1:
            start = now + timedelta(days=1 + n)
            appointments.agree_appointment(appointment, by=desk, start_at=start, staff=desk)
        elif n % 3 == 2:
            appointments.refuse_appointment(
                appointment, by=desk, reason="非本公司业务范围", approver=leader
            )
        summary.appointments += 1


def _notices_and_log(
    unit: OrgUnit,
    desk: User,
    now: datetime,
    rng: random.Random,
    summary: RegulationsDemo,
    count: int,
) -> None:
    _, rules = rules_for_unit(unit, now)
    for n in range(count):
        matter = rules.notification.matters[n % len(rules.notification.matters)]
        brought = tuple(d.code for d in matter.documents[:1])
        notification.issue_notice(
            notification.NoticeInput(
                org_unit=unit,
                matter_code=matter.code,
                provided=brought,
                customer_name=rng.choice(APPLICANTS),
            ),
            by=desk,
        )
        notification.record_consultation(
            notification.ConsultationInput(
                org_unit=unit,
                caller_name=rng.choice(APPLICANTS),
                caller_phone=f"138{rng.randrange(10**8):08d}",
                matter_code=matter.code,
                question=f"办理{matter.name}需要什么资料？",
            ),
            by=desk,
        )
        assistance.record_assistance(
            assistance.AssistanceInput(
                org_unit=unit,
                service="document_check",
                customer_name=rng.choice(APPLICANTS),
                matter_code=matter.code,
                provided=brought,
            ),
            by=desk,
        )
        summary.notices += 1
        summary.consultations += 1
        summary.assisted += 1


def _promises(
    unit: OrgUnit, desk: User, rng: random.Random, count: int, summary: RegulationsDemo
) -> None:
    for n in range(count):
        promises.promise_matter(
            promises.PromiseInput(
                org_unit=unit,
                title=f"客户反映事项{n + 1}：{rng.choice(MATTERS)}",
                origin=rng.choice(["customer_feedback", "told_customer", "leader"]),
                responsible=desk,
                customer_name=rng.choice(APPLICANTS),
            ),
            by=desk,
        )
        summary.promises += 1


def _managers(
    unit: OrgUnit, desk: User, leader: User, now: datetime, summary: RegulationsDemo
) -> None:
    """MGR-1: give the customers who need one the desk agent as manager; plan visits."""
    rules = rules_for_unit(unit, now)[1].managers
    needed = Q(category__in=[c.value for c in rules.required_for_categories]) | Q(
        tier__in=[t.value for t in rules.required_for_tiers]
    )
    customers = Customer.objects.filter(needed, org_unit=unit, customer_manager__isnull=True)
    for customer in customers[:20]:
        care.assign_customer_manager(customer, by=leader, manager=desk, reason="演示数据")
        summary.managers_assigned += 1
    company = unit.company or unit
    summary.visits_planned = care.plan_care_visits(company, today=timezone.localdate(now))
