"""ORG-2…7: the bodies, posts and levels of each company's service organisation."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.org.bodies import BodyKind, BodyPosition
from gasdesk.org.models import BodyMembership, OrgUnitKind, User
from gasdesk.org.roles import Role
from gasdesk.org.services import appoint, dismiss
from gasdesk.org.tests.factories import make_company, make_unit, make_user
from gasdesk.standards.organisation import body_gaps, body_statuses, management_levels
from gasdesk.standards.tests.factories import shipped_pack

pytestmark = pytest.mark.django_db


def test_org_3_7_chaohu_pack_names_the_posts_of_the_supervision_and_tiering_groups() -> None:
    """ORG-3 (000 item 43) and ORG-7 (004 二.1): who holds which post, as the handbook says."""
    bodies = {b.kind: b for b in shipped_pack("chaohu").organisation.bodies}  # type: ignore[union-attr]
    supervision = {p.position: p.held_by for p in bodies[BodyKind.SUPERVISION_GROUP].posts}
    assert supervision[BodyPosition.LEADER] == "总经理"  # 第一责任人
    assert supervision[BodyPosition.EXECUTIVE] == "服务管理办公室主任"  # 直接责任人
    assert "专职服务管理专员" in supervision[BodyPosition.EXECUTOR]
    tiering = {p.title: p.held_by for p in bodies[BodyKind.TIERING_GROUP].posts}
    assert tiering == {
        "组长": "总经理",
        "执行组长": "分管领导",
        "组员": "部门主任及专、兼职服务管理员",
    }


def test_org_4_96602_centre_has_eight_duties_and_divisions_four_plus_units_one() -> None:
    """ORG-4: 001 art. 4 lists eight duties of the 96602 centre, art. 5 five for the
    divisions and units."""
    rules = shipped_pack("kunlun96602").organisation
    assert rules is not None
    (centre,) = rules.bodies
    assert centre.kind == BodyKind.SERVICE_CENTRE
    assert len(centre.duties) == 8
    assert sum(len(level.duties) for level in rules.levels if level.executes) == 5


def test_org_6_chongqing_units_keep_seven_regulations() -> None:
    """ORG-6: post responsibility, on-site, attendance, archives, computers, surveys, training."""
    rules = shipped_pack("chongqing").organisation
    assert rules is not None
    assert len(rules.unit_regulations) == 7
    assert "客户满意度调查制度" in rules.unit_regulations


def test_org_5_chongqing_three_management_levels_counted_on_the_tree(packs: object) -> None:
    """ORG-5: group centre, regional branch, outlet manage; two execution levels execute."""
    company = make_company(standard_company="chongqing", name="重庆燃气")
    branch = make_unit(kind=OrgUnitKind.DIVISION, parent=company)
    for _ in range(3):
        outlet = make_unit(kind=OrgUnitKind.UNIT, parent=branch)
    make_unit(kind=OrgUnitKind.TEAM, parent=outlet)
    levels = management_levels(company, timezone.now())
    assert [(level.name, count) for level, count in levels] == [
        ("集团公司客户服务中心", 1),
        ("区域分/子公司", 1),
        ("服务网点（服务管理站）", 3),
        ("两级执行组织", 1),
    ]
    assert [level.executes for level, _ in levels].count(False) == 3


@pytest.fixture
def chaohu(packs: object) -> tuple[User, ...]:
    company = make_company()
    office = make_unit(kind=OrgUnitKind.DEPARTMENT, parent=company, name="客户服务部")
    manager = make_user(Role.MANAGER, company, display_name="总经理")
    director = make_user(Role.MANAGER, office, display_name="客户服务部主任")
    specialist = make_user(Role.SPECIALIST, office, display_name="专职专员")
    return manager, director, specialist


def test_org_3_supervision_group_gaps_until_every_post_is_held(chaohu: tuple[User, ...]) -> None:
    """ORG-3: 第一责任人 GM, 直接责任人 office director, executors; each empty post is listed."""
    manager, director, specialist = chaohu
    company = manager.org_unit
    assert company is not None
    assert "未设立服务监督检查小组" in body_gaps(company, timezone.now())
    kind = BodyKind.SUPERVISION_GROUP
    appoint(company, kind, manager, BodyPosition.LEADER, by=manager, body_name="服务监督检查小组")
    gaps = body_gaps(company, timezone.now())
    assert "服务监督检查小组缺直接责任人（服务管理办公室主任）1人" in gaps
    appoint(company, kind, director, BodyPosition.EXECUTIVE, by=manager)
    appoint(company, kind, specialist, BodyPosition.EXECUTOR, by=manager)
    status = next(s for s in body_statuses(company, timezone.now()) if s.rule.kind == kind)
    assert status.complete
    assert not [g for g in body_gaps(company, timezone.now()) if g.startswith("服务监督检查小组")]


def test_org_2_committee_post_sets_and_dismissal_clears_the_committee_flag(
    chaohu: tuple[User, ...],
) -> None:
    """ORG-2/CMP-16: committee membership is what the level-1 callback check reads."""
    manager, director, _ = chaohu
    company = manager.org_unit
    assert company is not None
    membership = appoint(company, BodyKind.COMMITTEE, director, BodyPosition.MEMBER, by=manager)
    director.refresh_from_db()
    assert director.is_committee_member
    with pytest.raises(RuleViolation, match="已在"):
        appoint(company, BodyKind.COMMITTEE, director, BodyPosition.LEADER, by=manager)
    dismiss(membership, by=manager)
    director.refresh_from_db()
    assert not director.is_committee_member
    ended = BodyMembership.objects.get(pk=membership.pk)
    assert ended.ended_at is not None
    assert ended.ended_by == manager
    with pytest.raises(RuleViolation, match="已被免除"):
        dismiss(membership, by=manager)


def test_org_2_only_managers_of_the_same_company_appoint(chaohu: tuple[User, ...]) -> None:
    manager, director, specialist = chaohu
    company = manager.org_unit
    assert company is not None
    with pytest.raises(PermissionDeniedRule):
        appoint(company, BodyKind.OFFICE, director, BodyPosition.LEADER, by=specialist)
    other = make_company(name="另一公司")
    outsider = make_user(Role.MANAGER, other)
    with pytest.raises(RuleViolation, match="不属于"):
        appoint(company, BodyKind.OFFICE, outsider, BodyPosition.MEMBER, by=manager)
    with pytest.raises(PermissionDeniedRule):
        appoint(company, BodyKind.OFFICE, director, BodyPosition.LEADER, by=outsider)
    assert not BodyMembership.objects.exists()


def test_org_3_page_lists_gaps_and_a_manager_appoints_from_it(chaohu: tuple[User, ...]) -> None:
    """The service organisation page: gaps in Chinese, appointment through the service."""
    from django.test import Client

    manager, director, specialist = chaohu
    web = Client()
    web.force_login(manager)
    page = web.get("/organisation/")
    assert page.status_code == 200
    assert "未设立服务监督检查小组" in page.content.decode()
    answer = web.post(
        "/organisation/appoint/",
        {"kind": BodyKind.SUPERVISION_GROUP, "user": director.pk, "position": "executive"},
    )
    assert answer.status_code == 302
    held = BodyMembership.objects.get(user=director)
    assert held.body.name == "服务监督检查小组"
    assert held.appointed_by == manager
    text = web.get("/organisation/").content.decode()
    assert "服务监督检查小组缺第一责任人（总经理）1人" in text
    refused = web.post("/organisation/appoint/", {"kind": "nonsense", "user": director.pk})
    assert web.post("/organisation/appoint/", {"kind": "office", "user": "abc"}).status_code == 302
    assert refused.status_code == 302
    assert BodyMembership.objects.count() == 1


def test_org_3_page_is_refused_to_roles_without_a_use_for_it(chaohu: tuple[User, ...]) -> None:
    from django.test import Client

    company = chaohu[0].org_unit
    web = Client()
    web.force_login(make_user(Role.HOTLINE_AGENT, company))
    assert web.get("/organisation/").status_code == 403
    web.force_login(chaohu[2])  # the specialist reads, but may not appoint
    assert web.get("/organisation/").status_code == 200
    answer = web.post(
        "/organisation/appoint/",
        {"kind": BodyKind.OFFICE, "user": chaohu[1].pk, "position": "leader"},
    )
    assert answer.status_code == 403
    assert not BodyMembership.objects.exists()
