"""ORG-1, ORG-2: units, users and role groups."""

import pytest
from django.contrib.auth.models import Group

from gasdesk.core.errors import PermissionDeniedRule
from gasdesk.org.models import OrgUnit, OrgUnitKind
from gasdesk.org.roles import Role, has_role, require_role
from gasdesk.org.services import ensure_roles

pytestmark = pytest.mark.django_db


def test_every_system_role_is_a_group_with_permissions():
    """ORG roles (SPEC 2.5) exist as Django groups; a hotline agent may add work orders."""
    groups = ensure_roles()
    assert set(groups) == {r.value for r in Role}
    perms = set(
        Group.objects.get(name=Role.HOTLINE_AGENT).permissions.values_list("codename", flat=True)
    )
    assert {"add_workorder", "add_customer", "view_customer"} <= perms


def test_require_role_names_the_roles_in_chinese(agent_a):
    assert has_role(agent_a, Role.HOTLINE_AGENT)
    with pytest.raises(PermissionDeniedRule) as err:
        require_role(agent_a, Role.DISPATCHER, Role.SPECIALIST)
    assert "调度员/班组长" in err.value.message


def test_org_2_committee_membership_is_recorded(org):
    """ORG-2: membership of the service management committee is a checked attribute."""
    from gasdesk.org.tests.factories import make_user

    manager = make_user(Role.MANAGER, org.company, is_committee_member=True)
    assert manager.is_committee_member


def test_admin_creates_units_through_the_service(org, client):
    from gasdesk.org.tests.factories import make_user

    admin_user = make_user(Role.SYSADMIN, org.company, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(
        "/admin/org/orgunit/add/",
        {
            "name": "城西服务所",
            "code": "CX01",
            "kind": OrgUnitKind.UNIT,
            "parent": org.company.pk,
            "standard_company": "",
            "difficulty_coefficient": "1.000",
            "is_urban": "on",
        },
    )
    assert response.status_code == 302, response.content
    unit = OrgUnit.objects.get(code="CX01")
    assert unit.path.startswith(org.company.path)
    assert unit.company == org.company
