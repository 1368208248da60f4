"""`gasdesk demo`: logins for every role, customers in every tier, orders in every state.

The small demo is built once for the module (inside a transaction rolled back at the end);
each test runs in its own nested transaction on top of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gasdesk.callbacks.models import CallbackTask, TaskStatus
from gasdesk.campaigns.models import InspectionPlan, Outage, OutageStatus
from gasdesk.complaints.models import Complaint, ComplaintEvent
from gasdesk.customers.models import Customer
from gasdesk.demo.builders import DEFAULT_SEED, DEMO_PASSWORD, SIZES
from gasdesk.demo.builders.customers import company_profiles
from gasdesk.demo.builders.hotline import DEMO_AGENTS
from gasdesk.demo.builders.orgtree import COMPANIES
from gasdesk.demo.builders.run import customer_count, stage_seed
from gasdesk.fieldwork.models import Assignment, Emergency
from gasdesk.notices.models import Message, MessageStatus
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import Role, role_names
from gasdesk.quality.models import HotlineAgent, HotlineCall
from gasdesk.regulations.models import Appointment, OneTimeNotice, PromisedMatter
from gasdesk.standards.lookup import pack_for_unit, pack_in_force
from gasdesk.standards.schema import Tier
from gasdesk.workorders.models import WorkOrder, WorkOrderEvent
from gasdesk.workorders.models import WorkOrderStatus as S
from gasdesk.workorders.selectors import dispatcher_queue, overdue_filter

FIXED_LOGINS = {
    "agent": Role.HOTLINE_AGENT,
    "dispatcher": Role.DISPATCHER,
    "tech": Role.TECHNICIAN,
    "specialist": Role.SPECIALIST,
    "manager": Role.MANAGER,
    "callback": Role.CALLBACK_AGENT,
    "inspector": Role.INSPECTOR,
    "deptadmin": Role.DEPT_ADMIN,
    "admin": Role.SYSADMIN,
}
AREAS = SIZES["small"].areas
OUTLETS = sum(len(spec.outlets) for spec in COMPANIES)
MAIN_OUTLETS = len(COMPANIES[0].outlets)


@pytest.fixture(scope="module")
def demo_output(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """`gasdesk demo --size small` once for the module; rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", size="small", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output: str, db: None) -> str:
    return demo_output


def _counts() -> tuple[int, ...]:
    models = (OrgUnit, User, Customer, WorkOrder, WorkOrderEvent)
    return tuple(model.objects.count() for model in models)


def test_every_role_has_its_demo_login_with_the_demo_password(demo):
    for username, role in FIXED_LOGINS.items():
        user = User.objects.get(username=username)
        assert role in role_names(user), username
        assert user.display_name
        assert not user.display_name.isascii()
    hashes = User.objects.filter(username__in=FIXED_LOGINS).values_list("password", flat=True)
    assert len(set(hashes)) == 1  # one shared hash; checking it once checks them all
    assert User.objects.get(username="agent").check_password(DEMO_PASSWORD)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    assert User.objects.get(username="manager").is_committee_member
    units = dict(
        User.objects.filter(username__in=["dispatcher", "tech"]).values_list(
            "username", "org_unit__name"
        )
    )
    assert units == {"dispatcher": "城区服务所", "tech": "城区维修班"}


def test_org_tree_has_the_chaohu_company_on_its_pack_and_a_remote_outlet(demo):
    company = OrgUnit.objects.get(name="巢湖新奥燃气")
    assert company.standard_company == "chaohu"
    assert OrgUnit.objects.get(children=company).kind == "group"
    assert not OrgUnit.objects.get(name="含山服务所").is_urban
    names = set(OrgUnit.objects.subtree(company).values_list("name", flat=True))
    assert {"客户服务热线中心", "客户服务部", "市场部", "管网部", "城区安检班"} <= names


def test_cust_3_customers_fall_in_all_four_chaohu_tiers_by_volume_and_flags(demo):
    """CUST-3: VIP ≥ 1000 m³/day, 重点 500–1000, 关键 by influence flags, else 一般."""
    company = OrgUnit.objects.get(code=COMPANIES[0].code)
    customers = Customer.objects.filter(org_unit__company=company)
    assert set(customers.values_list("tier", flat=True)) == {t.value for t in Tier}
    for customer in customers.filter(tier=Tier.VIP):
        assert customer.actual_volume_m3_per_day >= 1000
    for customer in customers.filter(tier=Tier.IMPORTANT):
        assert 500 <= customer.actual_volume_m3_per_day < 1000
    for customer in customers.filter(tier=Tier.KEY):
        assert (
            customer.flag_government
            or customer.flag_media
            or customer.flag_vulnerable
            or (customer.flag_gov_influential)
        )
    assert 250 <= Customer.objects.count() <= 350
    assert all(1 <= c.phones.count() <= 2 for c in customers[:50])
    assert all(p.number.startswith("1") for c in customers[:50] for p in c.phones.all())


def test_orders_span_six_months_and_stand_in_many_states(demo):
    now = timezone.now()
    orders = WorkOrder.objects.all()
    assert 350 <= orders.count() <= 450
    oldest = orders.order_by("received_at")[0].received_at
    assert now - timedelta(days=190) < oldest < now - timedelta(days=150)
    statuses = set(orders.values_list("status", flat=True))
    assert {S.CLOSED, S.CANCELLED, S.NEW, S.DISPATCHED, S.ACCEPTED, S.SUSPENDED} <= statuses
    assert orders.filter(status=S.CLOSED).count() > orders.count() / 2
    assert orders.filter(**overdue_filter(now)).exists()
    assert WorkOrderEvent.objects.filter(kind="BREACHED").exists()


def test_orders_were_written_by_the_services_with_their_history(demo):
    closed = WorkOrder.objects.filter(status=S.CLOSED).order_by("id")[0]
    kinds = list(closed.events.order_by("id").values_list("kind", flat=True))
    assert kinds[0] == "CREATED"
    assert {"DISPATCHED", "ACCEPTED", "ARRIVED", "COMPLETED", "CLOSED"} <= set(kinds)
    assert closed.events.get(kind="CREATED").by == closed.first_responder
    assert closed.pack == pack_in_force("chaohu", closed.received_at).record
    moments = [closed.received_at, closed.arrived_at, closed.completed_at, closed.closed_at]
    assert None not in moments
    assert moments == sorted(moments)  # type: ignore[type-var]


def test_dispatcher_queue_has_todays_orders_with_time_left(demo):
    now = timezone.now()
    queue = dispatcher_queue(User.objects.get(username="dispatcher"))
    live = queue.filter(received_at__gte=now - timedelta(hours=8), next_due_at__gt=now)
    assert live.exists()
    assert WorkOrder.objects.filter(assignee__username="tech").exists()


def test_if_empty_adds_nothing_when_the_demo_exists(demo):
    before = _counts()
    out = StringIO()
    call_command("demo", size="small", if_empty=True, stdout=out)
    assert _counts() == before
    assert "跳过" in out.getvalue()


def test_second_run_without_if_empty_is_refused_and_changes_nothing(demo):
    before = _counts()
    with pytest.raises(CommandError):
        call_command("demo", size="small", stdout=StringIO())
    assert _counts() == before


def test_same_seed_gives_the_same_first_customer_name(demo):
    spec = COMPANIES[0]
    loaded = pack_in_force(spec.standard_company, timezone.now())
    today = timezone.localdate()
    count = customer_count(SIZES["small"], spec)
    seed = stage_seed(DEFAULT_SEED, "customers", spec.code)
    again = company_profiles(spec, loaded, count=count, seed=seed, today=today)
    stored = Customer.objects.filter(account_no__startswith=spec.account_prefix)
    assert stored.order_by("account_no")[0].name == again[0].name
    other = company_profiles(spec, loaded, count=count, seed=stage_seed(7, "x"), today=today)
    assert [p.name for p in other[:5]] != [p.name for p in again[:5]]


def test_summary_lists_the_counts_and_every_login(demo):
    for username in FIXED_LOGINS:
        assert username in demo
    assert DEMO_PASSWORD in demo
    assert "VIP" in demo
    assert "已归档" in demo


def test_every_business_area_holds_the_small_demo_volumes(demo):
    """Field work and campaigns per outlet, the counter per main outlet, complaints, hotline."""
    assert Assignment.objects.filter(is_current=True).count() == OUTLETS * AREAS.field_orders
    assert Emergency.objects.count() == OUTLETS * AREAS.alarms
    assert InspectionPlan.objects.count() == OUTLETS
    outages = Outage.objects.values_list("status", flat=True)
    assert sorted(set(outages)) == [OutageStatus.PUBLISHED, OutageStatus.RESTORED]
    assert len(outages) == 2 * OUTLETS
    assert Message.objects.filter(status=MessageStatus.SENT).count() > 100
    for model in (Appointment, OneTimeNotice, PromisedMatter):
        assert model._default_manager.count() == MAIN_OUTLETS * AREAS.regulations, model
    assert Complaint.objects.count() == AREAS.complaints
    calls = len(COMPANIES) * AREAS.hotline_days * AREAS.calls_per_day
    assert HotlineCall.objects.count() == calls
    assert f"投诉 {AREAS.complaints}" in demo


def test_cmp_16_the_level_1_complaint_is_called_back_by_the_committee_member(demo):
    """CMP-16: level 1 (pack: callback_by_committee) is called back by a committee leader."""
    company = OrgUnit.objects.get(code=COMPANIES[0].code)
    rules = pack_for_unit(company, timezone.now()).pack.complaints
    assert rules is not None
    assert rules.level(1).callback_by_committee
    complaint = Complaint.objects.get(level=1, callback_at__isnull=False)
    callback = complaint.events.get(kind="CALLED_BACK")
    assert callback.by == User.objects.get(username="manager")
    assert callback.by.is_committee_member
    assert Complaint.objects.filter(callback_at__isnull=True, callback_due_at__isnull=False)


def test_callback_day_list_has_open_and_done_tasks_and_forms(demo):
    tasks = CallbackTask.objects.values_list("status", flat=True)
    assert TaskStatus.OPEN in tasks
    assert TaskStatus.DONE in tasks
    assert ComplaintEvent.objects.filter(kind="CALLED_BACK").exists()


def test_hotline_agent_names_are_linked_to_the_demo_agents(demo):
    linked = HotlineAgent.objects.filter(user__username="agent").get()
    assert linked.name in DEMO_AGENTS
    assert linked.shift


PAGES = [
    ("specialist", "complaints:desk"),
    ("callback", "callbacks:day_list"),
    ("tech", "fieldwork:my_day"),
    ("dispatcher", "fieldwork:dispatch"),
    ("agent", "regulations:appointments"),
    ("agent", "regulations:promises"),
    ("specialist", "quality:hotline"),
    ("dispatcher", "campaigns:index"),
    ("deptadmin", "callbacks:follow_ups"),
]


def test_main_pages_of_every_area_show_the_demo_data(demo, client):
    """Each demo login's main page answers 200 with a record of the demo on it."""
    markers = {
        "complaints:desk": Complaint.objects.order_by("-id")[0].number,
        "callbacks:day_list": CallbackTask.objects.filter(status=TaskStatus.OPEN)
        .order_by("due_at", "id")[0]
        .work_order.number,
        "fieldwork:my_day": Assignment.objects.filter(technician__username="tech")[0].order.number,
        "fieldwork:dispatch": "燃气泄漏",
        "regulations:appointments": Appointment.objects.order_by("-id")[0].applicant_name,
        "regulations:promises": "客户反映事项",
        "quality:hotline": DEMO_AGENTS[0],
        "campaigns:index": "管网改造计划停气",
        "callbacks:follow_ups": "回访",
    }
    for username, name in PAGES:
        client.force_login(User.objects.get(username=username))
        response = client.get(reverse(name))
        assert response.status_code == 200, (username, name)
        assert markers[name] in response.content.decode(), (username, name)
