"""core.filters.StaticFilterSet: django-filter's behaviour at a fraction of its cost (Q7)."""

from __future__ import annotations

from typing import Any

import django_filters
import pytest
from django.contrib.auth.models import Group
from django.db.models import QuerySet

from gasdesk.core.filters import StaticFilterSet

pytestmark = pytest.mark.django_db


class GroupFilter(StaticFilterSet):
    name = django_filters.CharFilter(method="by_name")
    id = django_filters.NumberFilter()

    class Meta:
        model = Group
        fields: list[str] = []

    def by_name(self, qs: QuerySet[Group], name: str, value: Any) -> QuerySet[Group]:
        self.called = value
        return qs.filter(name__startswith=value)


def test_each_instance_filters_with_its_own_method_and_values():
    Group.objects.create(name="调度员")
    Group.objects.create(name="热线受理员")
    first, second = GroupFilter({"name": "调度"}), GroupFilter({"name": "热线"})
    assert [g.name for g in first.qs] == ["调度员"]
    assert [g.name for g in second.qs] == ["热线受理员"]
    assert (first.called, second.called) == ("调度", "热线")
    assert first.filters["name"] is not second.filters["name"]
    assert not hasattr(GroupFilter.base_filters["name"], "parent")  # the class's stay clean


def test_the_form_class_is_built_once_and_still_validates():
    bad, good = GroupFilter({"id": "x"}), GroupFilter({"id": "1"})
    assert type(bad.form) is type(good.form)
    assert "id" in bad.errors
    assert good.errors == {}
