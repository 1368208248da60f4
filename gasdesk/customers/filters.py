"""One filter definition for customer lists: search page, API list and Excel export (CUST-1)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from gasdesk.core.filters import StaticFilterSet
from gasdesk.customers.choices import CATEGORY_CHOICES, FLAG_CHOICES, TIER_CHOICES
from gasdesk.customers.models import Customer
from gasdesk.org.models import OrgUnit
from gasdesk.standards.schema import CustomerFlag


class CustomerFilter(StaticFilterSet):
    tier = django_filters.ChoiceFilter(choices=TIER_CHOICES, label="客户等级")
    category = django_filters.ChoiceFilter(choices=CATEGORY_CHOICES, label="客户类别")
    org_unit = django_filters.NumberFilter(method="filter_org_unit", label="所属单位(含下级)")
    flag = django_filters.ChoiceFilter(choices=FLAG_CHOICES, method="filter_flag", label="客户标识")
    is_active = django_filters.BooleanFilter(label="在用")
    customer_manager = django_filters.NumberFilter(
        field_name="customer_manager_id", label="客户经理"
    )

    class Meta:
        model = Customer
        fields: list[str] = []

    def filter_org_unit(self, qs: QuerySet[Customer], name: str, value: Any) -> QuerySet[Customer]:
        """The unit and everything under it (materialised-path range)."""
        unit = OrgUnit.objects.filter(pk=value).only("path").first()
        if unit is None:
            return qs.none()
        return qs.filter(org_unit__in=OrgUnit.objects.subtree(unit).values("id"))

    def filter_flag(self, qs: QuerySet[Customer], name: str, value: Any) -> QuerySet[Customer]:
        return qs.filter(**{f"flag_{CustomerFlag(value).value}": True})
