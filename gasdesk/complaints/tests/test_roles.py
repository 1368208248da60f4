"""Who is responsible, who receives, who hears first (CMP-5, CMP-6, CMP-24), per company pack."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gasdesk.complaints.models import Complaint
from gasdesk.complaints.selectors import routed_to_me
from gasdesk.complaints.services import assign_responsible, set_level
from gasdesk.complaints.tests.factories import make_complaint
from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit, User
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class CompanyStaff:
    company: OrgUnit
    unit: OrgUnit
    agent: User
    specialist: User
    manager: User


def _staff(code: str, name: str) -> CompanyStaff:
    company = make_company(standard_company=code, name=name)
    unit = make_unit(name=f"{name}服务所", parent=company)
    return CompanyStaff(
        company,
        unit,
        make_user(Role.HOTLINE_AGENT, unit, username=f"{code}_agent"),
        make_user(Role.SPECIALIST, company, username=f"{code}_specialist"),
        make_user(Role.MANAGER, company, username=f"{code}_manager"),
    )


@pytest.fixture
def aode(packs) -> CompanyStaff:
    return _staff("aode", "奥德燃气")


@pytest.fixture
def chongqing(packs) -> CompanyStaff:
    return _staff("chongqing", "重庆燃气")


@pytest.fixture
def kunlun(packs) -> CompanyStaff:
    return _staff("kunlun96602", "96602分公司")


def _routed_event(complaint):
    return complaint.events.get(kind="ROUTED")


def test_cmp_5_chaohu_routes_to_the_specialist_and_names_the_office_director(
    client, packs, org, agent_a, specialist, committee_member
):
    """CMP-5: the specialist handles day to day (routing alert); the office director is
    responsible and the interface with government, social bodies and media."""
    complaint = make_complaint(by=agent_a, target_unit=org.unit_a)

    assert complaint.handler_role == "specialist"
    assert _routed_event(complaint).data == {
        "to": {"role": "specialist", "title": "专职服务管理专员"}
    }
    assert list(routed_to_me(specialist)) == [complaint]
    assert list(routed_to_me(committee_member)) == []
    client.force_login(specialist)
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    responsible = page.split('data-testid="role-responsible">')[1].split("</dd>")[0]
    assert "服务管理办公室主任" in responsible
    assert "政府、社会团体及媒体" in responsible
    assert "专职服务管理专员" in page.split('data-testid="role-receiving">')[1].split("</dd>")[0]
    desk = client.get(reverse("complaints:desk")).content.decode()
    assert complaint.number in desk.split('data-testid="routed"')[1].split("</section>")[0]


def test_cmp_5_routing_alert_ends_once_the_complaint_is_levelled(packs, org, agent_a, specialist):
    complaint = make_complaint(by=agent_a, target_unit=org.unit_a)

    set_level(complaint, by=specialist, level=4)

    assert list(routed_to_me(specialist)) == []


def test_cmp_6_aode_office_receives_and_gm_in_charge_is_responsible(client, aode):
    """CMP-6: 负责业务的总经理 is responsible; 办公室 receives and handles (specialist role)."""
    complaint = make_complaint(by=aode.agent, target_unit=aode.unit)

    assert (complaint.handler_role, complaint.escalation_role) == ("specialist", "")
    assert _routed_event(complaint).data["to"] == {"role": "specialist", "title": "办公室"}
    assert list(routed_to_me(aode.specialist)) == [complaint]
    assert list(routed_to_me(aode.manager)) == []
    client.force_login(aode.specialist)
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "负责业务的总经理" in page.split('data-testid="role-responsible">')[1]
    assert "稳定顾客情绪" in page


def test_cmp_6_image_affecting_complaint_is_first_reported_to_the_main_leader(aode):
    """CMP-6 (002 七(四)): 影响公司形象和声誉的重大投诉 → 先上报主要领导 (manager's desk)."""
    complaint = make_complaint(by=aode.agent, target_unit=aode.unit, affects_image=True)

    assert complaint.escalation_role == "manager"
    escalated = complaint.events.get(kind="ESCALATED")
    assert escalated.data == {"to": {"role": "manager", "title": "主要领导"}}
    assert list(routed_to_me(aode.manager)) == [complaint]
    assert list(complaint.events.order_by("id").values_list("kind", flat=True)) == [
        "REGISTERED",
        "ROUTED",
        "ESCALATED",
    ]


def test_cmp_6_chaohu_has_no_escalation_post_so_nothing_is_escalated(packs, org, agent_a):
    complaint = make_complaint(by=agent_a, target_unit=org.unit_a, affects_image=True)

    assert (complaint.affects_image, complaint.escalation_role) == (True, "")
    assert not complaint.events.filter(kind="ESCALATED").exists()


def test_cmp_24_chongqing_levels_only_with_a_named_responsible_person(chongqing):
    """CMP-24: 明确投诉处理责任人 — levelling waits for the named person; nothing changes."""
    complaint = make_complaint(by=chongqing.agent, target_unit=chongqing.unit)

    with pytest.raises(RuleViolation) as error:
        set_level(complaint, by=chongqing.specialist, level=3)

    assert error.value.field == "responsible_person"
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.level, stored.status, stored.version) == (None, "routed", 0)

    assign_responsible(stored, by=chongqing.specialist, person=chongqing.agent)
    set_level(stored, by=chongqing.specialist, level=3)

    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.responsible_person, stored.level) == (chongqing.agent, 3)
    assigned = complaint.events.get(kind="RESPONSIBLE_ASSIGNED")
    assert assigned.data == {"person": chongqing.agent.pk, "previous": None}


def test_cmp_24_responsible_person_must_work_for_the_company(chongqing, org, agent_a):
    complaint = make_complaint(by=chongqing.agent, target_unit=chongqing.unit)

    with pytest.raises(RuleViolation) as error:
        assign_responsible(complaint, by=chongqing.specialist, person=agent_a)

    assert error.value.field == "person"
    assert Complaint.objects.get(pk=complaint.pk).responsible_person is None
    assert not complaint.events.filter(kind="RESPONSIBLE_ASSIGNED").exists()


def test_cmp_24_page_shows_the_type_measure_and_the_responsible_person(client, chongqing):
    """CMP-24: complaint types have matching measures; the named person is shown."""
    complaint = make_complaint(by=chongqing.agent, target_unit=chongqing.unit, cause="billing")
    client.force_login(chongqing.specialist)
    url = reverse("complaints:step", args=[complaint.pk, "assign"])

    response = client.post(url, {"assign-person": chongqing.agent.pk})

    assert response.status_code == 302
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "核对计量与收费记录，多收退还" in page.split('data-testid="cause-measure">')[1]
    person = page.split('data-testid="responsible-person">')[1].split("</dd>")[0]
    assert str(chongqing.agent) in person
    assert "投诉管理领导小组" in page.split('data-testid="role-responsible">')[1]


def test_cmp_24_chaohu_levels_without_a_named_person(packs, org, agent_a, specialist):
    complaint = make_complaint(by=agent_a, target_unit=org.unit_a)

    set_level(complaint, by=specialist, level=2)

    assert Complaint.objects.get(pk=complaint.pk).level == 2


def test_kunlun_pack_names_no_posts_so_the_specialist_receives(kunlun):
    """CMP-5 default: 001 names no complaint posts; the specialist role receives."""
    complaint = make_complaint(by=kunlun.agent, target_unit=kunlun.unit)

    assert _routed_event(complaint).data["to"] == {
        "role": "specialist",
        "title": "专职服务管理专员",
    }
    assert list(routed_to_me(kunlun.specialist)) == [complaint]
