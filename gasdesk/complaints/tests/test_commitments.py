"""External commitments and conduct rules on the complaint (CMP-12, CMP-18), complaints from
callbacks (CMP-22) and the level labels (CMP-7)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from gasdesk.complaints.forms import LEVEL_CHOICES
from gasdesk.complaints.models import ComplaintEvent
from gasdesk.complaints.selectors import complaint_desk, routed_to_me
from gasdesk.complaints.templatetags.complaints_ui import level_label
from gasdesk.complaints.tests.factories import make_complaint
from gasdesk.org.roles import Role
from gasdesk.org.tests.factories import make_company, make_unit, make_user

TZ = ZoneInfo("Asia/Shanghai")
FRI_2140 = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(FRI_2140, tick=False):
        yield


def _company_agent(code: str):
    company = make_company(standard_company=code, name=code)
    unit = make_unit(parent=company)
    return company, make_user(Role.HOTLINE_AGENT, unit, username=f"{code}_agent")


def _commitments(complaint):
    return {c["code"]: c for c in complaint.deadline_basis["commitments"]}


def test_cmp_12_ex_06_chaohu_c11_deadlines_are_kept_on_the_complaint(
    client, packs, org, agent_a, specialist
):
    """CMP-12 / EX-06: accepted Fri 2026-11-20 21:40 → C11a respond by Sat 21:40 (24 h);
    C11b solution and clear answer by 2026-11-23 24:00 (3 ND)."""
    complaint = make_complaint(by=agent_a, target_unit=org.unit_a)

    c11 = _commitments(complaint)
    assert (c11["C11a"]["amount"], c11["C11a"]["unit"]) == (24, "hours")
    assert c11["C11a"]["due_at"] == "2026-11-21T21:40:00+08:00"
    assert (c11["C11b"]["amount"], c11["C11b"]["unit"]) == (3, "natural_days")
    assert c11["C11b"]["due_at"] == "2026-11-24T00:00:00+08:00"
    assert c11["C11b"]["source"] == "000 item 15(11)"
    client.force_login(specialist)
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    rows = page.split('data-testid="commitments"')[1].split("</section>")[0]
    assert "2026-11-21 21:40" in rows
    assert "2026-11-23 24:00" in rows
    assert "3个自然日内提出解决方案并给予明确答复" in rows


def test_cmp_12_kunlun_commitment_is_3_working_days(packs):
    """CMP-13 / EX-06: the 96602 branch's 3 WD from Fri 21:40 → Mon 23, Tue 24, Wed 25 24:00."""
    _company, agent = _company_agent("kunlun96602")

    complaint = make_complaint(by=agent)

    commitment = _commitments(complaint)["CMP-13"]
    assert (commitment["amount"], commitment["unit"]) == (3, "working_days")
    assert commitment["due_at"] == "2026-11-26T00:00:00+08:00"


def test_cmp_12_a_pack_without_a_complaint_commitment_keeps_none(client, packs):
    """CMP-12: 002 (奥德) publishes no complaint time limit, so no commitment is shown."""
    company, agent = _company_agent("aode")
    complaint = make_complaint(by=agent)
    specialist = make_user(Role.SPECIALIST, company, username="aode_specialist")

    client.force_login(specialist)
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()

    assert complaint.deadline_basis["commitments"] == []
    assert 'data-testid="commitments"' not in page


def test_cmp_18_aode_conduct_rules_are_a_checklist_on_the_handling_page(client, packs):
    """CMP-18 (002 七(三)(五)): eight conduct rules, among them 切忌随意表态、许愿."""
    company, agent = _company_agent("aode")
    complaint = make_complaint(by=agent)
    specialist = make_user(Role.SPECIALIST, company, username="aode_specialist")

    client.force_login(specialist)
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()

    checklist = page.split('data-testid="conduct"')[1].split("</section>")[0]
    assert checklist.count('type="checkbox"') == 8
    for rule in ("切忌随意表态、许愿", "切忌态度粗暴生硬", "当事人和主管领导主动向顾客道歉"):
        assert rule in checklist
    assert "002 七(三), 七(五)" in checklist


def test_cmp_18_chongqing_pack_has_no_conduct_rules_so_no_checklist(client, packs):
    company, agent = _company_agent("chongqing")
    complaint = make_complaint(by=agent)
    specialist = make_user(Role.SPECIALIST, company, username="cq_specialist")

    client.force_login(specialist)
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()

    assert 'data-testid="conduct"' not in page


def test_cmp_22_a_complaint_heard_in_a_callback_enters_the_complaint_flow(
    packs, org, callback_agent, specialist
):
    """CMP-22: the callbacks app records the result and registers the complaint through
    register_complaint with channel 回访发现 (callbacks.services.register_callback_complaint,
    tested end to end in callbacks/tests/test_services.py); here the complaint side: it is a
    complaint like any other, routed to the specialist's desk with its channel in history."""
    complaint = make_complaint(
        by=callback_agent, channel="callback", target_unit=org.unit_a, narrative="回访中投诉"
    )

    assert (complaint.status, complaint.get_channel_display()) == ("routed", "回访发现")
    assert complaint.first_responder == callback_agent
    registered = ComplaintEvent.objects.get(complaint=complaint, kind="REGISTERED")
    assert registered.data["channel"] == "callback"
    assert list(complaint_desk(specialist)) == [complaint]
    assert list(routed_to_me(specialist)) == [complaint]


def test_cmp_7_each_level_has_its_own_msgid():
    """CMP-7: 一级…五级 translate whole ("Level 1" … "Level 5"), not as "%(n)s级"."""
    with translation.override("en"):
        labels = [str(label) for _, label in LEVEL_CHOICES]
        assert level_label(5) == "Level 5"
    assert labels == ["Level 1", "Level 2", "Level 3", "Level 4", "Level 5"]
    assert [level_label(n) for n in (1, 3)] == ["一级", "三级"]
    assert level_label(None) == "未定级"
