"""Complaint pages: registration errors in Chinese, desk, detail actions, department page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gasdesk.complaints.jobs import scan_late_steps
from gasdesk.complaints.models import Complaint
from gasdesk.complaints.services import set_level
from gasdesk.complaints.tests.factories import complaint_fields, make_complaint

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_cmp_3_ex_09_form_without_address_shows_chinese_error(client, packs, agent_a):
    """EX-09: the registration page names the missing field 地址 and saves nothing."""
    client.force_login(agent_a)
    response = client.post(reverse("complaints:create"), complaint_fields(address=""))
    assert response.status_code == 200
    assert "请填写地址" in response.content.decode()
    assert not Complaint.objects.exists()


def test_registration_page_redirects_to_detail(client, packs, agent_a, org):
    client.force_login(agent_a)
    body = complaint_fields(target_unit=org.unit_a.pk, cause="timeliness")
    response = client.post(reverse("complaints:create"), body)
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("complaints:detail", args=[complaint.pk])
    assert complaint.first_responder == agent_a


def test_desk_highlights_late_and_masks_phone(
    client, packs, agent_a, specialist, django_assert_max_num_queries
):
    for _ in range(3):
        make_complaint(by=agent_a)
    scan_late_steps(NOW + timedelta(hours=25))
    client.force_login(specialist)
    # 10 + the routing alert (CMP-5/6/24), the per-tier GROUP BY (CMP-25) and the user's roles
    with django_assert_max_num_queries(13):
        page = client.get(reverse("complaints:desk")).content.decode()
    assert page.count('class="overdue" data-testid="desk-row"') == 3
    assert "138****5678" in page
    assert "13812345678" not in page
    assert "响应超时" in page


def test_detail_level_action_and_error_mapping(client, packs, agent_a, specialist):
    complaint = make_complaint(by=agent_a)
    client.force_login(specialist)
    url = reverse("complaints:step", args=[complaint.pk, "close"])
    response = client.post(url, {"close-resolution": "已处理"})
    assert response.status_code == 400
    assert "不能办结反馈" in response.content.decode()
    url = reverse("complaints:step", args=[complaint.pk, "level"])
    assert client.post(url, {"level-level": "2"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.level == 2


def test_department_page_shows_deduction_and_drilldown(
    client, packs, agent_a, org, specialist, dept_admin_a
):
    """CMP-19: the unit's quarter deduction with the complaints counted."""
    for _ in range(2):
        set_level(make_complaint(by=agent_a, target_unit=org.unit_a), by=specialist, level=1)
    client.force_login(dept_admin_a)
    url = reverse("complaints:department") + f"?year=2026&quarter=4&unit={org.unit_a.pk}"
    page = client.get(url).content.decode()
    assert "6.00" in page
    assert page.count("TS20261120") >= 4  # two appealable rows + two drill-down rows


def test_cmp_14_dept_admin_files_appeal_on_the_page_and_late_one_is_refused(
    client, packs, agent_a, org, specialist, dept_admin_a
):
    """CMP-14: the form is offered to the unit's admin in the window; late → reason shown."""
    complaint = set_level(
        make_complaint(by=agent_a, target_unit=org.unit_a), by=specialist, level=2
    )
    client.force_login(dept_admin_a)
    detail = reverse("complaints:detail", args=[complaint.pk])
    assert 'data-testid="appeal-form"' in client.get(detail).content.decode()
    url = reverse("complaints:appeal", args=[complaint.pk])
    body = {"appeal-level_requested": "3", "appeal-reason": "非本部门责任"}
    with time_machine.travel(NOW + timedelta(days=4), tick=False):
        late = client.post(url, body)
    assert late.status_code == 400
    assert "逾期申诉不予受理" in late.content.decode()
    assert not complaint.appeals.exists()
    assert client.post(url, body).status_code == 302
    assert complaint.appeals.get().level_requested == 3


def test_desk_for_a_unit_without_a_pack_explains_instead_of_failing(client, packs):
    """A user placed where no pack applies (the group level) reads why, not a server error."""
    from gasdesk.org.models import OrgUnitKind
    from gasdesk.org.roles import Role
    from gasdesk.org.services import create_org_unit, create_user, ensure_roles

    ensure_roles()
    group = create_org_unit(name="集团", code="grp", kind=OrgUnitKind.GROUP)
    user = create_user(
        username="grpspec", password="x-12345678", org_unit=group, roles=[Role.SPECIALIST]
    )
    client.force_login(user)
    response = client.get(reverse("complaints:desk"))
    assert response.status_code == 400
    assert "服务标准" in response.content.decode() or "标准包" in response.content.decode()
