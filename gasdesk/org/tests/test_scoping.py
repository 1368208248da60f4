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
