"""ORG-1: the org tree as a materialised path, and the one scope rule."""

from gasdesk.org.models import OrgUnit
from gasdesk.org.scoping import in_scope, scope_root


def test_org_1_subtree_is_one_range_query(org, django_assert_num_queries):
    """ORG-1: a unit's subtree (itself and every descendant) is one indexed query."""
    with django_assert_num_queries(1):
        names = list(OrgUnit.objects.subtree(org.unit_a).values_list("name", flat=True))
    assert names == ["城区服务所", "城区维修班"]


def test_org_1_every_unit_knows_its_company(org):
    assert org.team_a.company_id == org.company.pk
    assert org.company.company_id == org.company.pk
    assert [u.name for u in org.team_a.ancestors()] == ["巢湖新奥燃气", "城区服务所", "城区维修班"]


def test_dispatcher_sees_own_unit_subtree_only(org, dispatcher_a):
    assert scope_root(dispatcher_a) == org.unit_a
    assert in_scope(dispatcher_a, org.team_a)
    assert not in_scope(dispatcher_a, org.unit_b)
    assert not in_scope(dispatcher_a, org.company)


def test_hotline_agent_sees_whole_company(org, agent_a):
    """The hotline centre takes calls for every unit of its company."""
    assert scope_root(agent_a) == org.company
    assert in_scope(agent_a, org.unit_b)


def test_subtree_bound_is_the_next_digit_string():
    """Digits-only paths: the subtree range needs no punctuation (collation-safe)."""
    from gasdesk.org.models import path_successor

    assert path_successor("000001") == "000002"
    assert path_successor("000001000009") == "000001000010"
    assert path_successor("000001999999") == "000002000000"
    assert path_successor("999999") is None


def test_sibling_with_a_longer_id_prefix_is_not_in_the_subtree(org):
    """Unit 1's subtree must not catch unit 10 (fixed-width segments)."""
    paths = set(OrgUnit.objects.subtree(org.unit_a).values_list("path", flat=True))
    assert org.unit_b.path not in paths
    assert all(p.startswith(org.unit_a.path) for p in paths)


def test_org_1_scope_ids_are_read_once_per_user_and_follow_tree_changes(
    org, dispatcher_a, django_assert_num_queries
):
    """ORG-1 (bench S3): literal scope ids, cached on the user until the tree changes."""
    from gasdesk.org.models import OrgUnitKind
    from gasdesk.org.scoping import scope_unit_ids
    from gasdesk.org.tests.factories import make_unit

    first = scope_unit_ids(dispatcher_a)
    assert set(first or []) == {org.unit_a.pk, org.team_a.pk}
    with django_assert_num_queries(0):
        assert scope_unit_ids(dispatcher_a) == first
    team = make_unit(name="新班组", kind=OrgUnitKind.TEAM, parent=org.unit_a)
    assert team.pk in (scope_unit_ids(dispatcher_a) or [])


def test_org_1_scope_is_a_literal_id_list_not_a_subquery(org, dispatcher_a):
    """Bench S3: `org_unit_id IN (2, 3)`, so the planner uses the big table's statistics."""
    from gasdesk.org.models import User
    from gasdesk.org.scoping import OrgScopedQuerySet

    condition = OrgScopedQuerySet(model=User).scope_q(dispatcher_a)
    assert condition is not None
    expected = sorted([org.unit_a.pk, org.team_a.pk])
    assert [(lookup, sorted(ids)) for lookup, ids in condition.children] == [  # type: ignore[misc]
        ("org_unit__in", expected)
    ]
