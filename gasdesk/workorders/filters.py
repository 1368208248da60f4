"""One filter definition for the work-order lists: queue page, API list and exports."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from gasdesk.core.filters import StaticFilterSet
from gasdesk.org.models import OrgUnit
from gasdesk.standards.schema import Tier
from gasdesk.workorders.models import Channel, WorkOrder, WorkOrderStatus
from gasdesk.workorders.selectors import overdue_filter


class WorkOrderFilter(StaticFilterSet):
    number = django_filters.CharFilter(label="工单号")
    # distinct=False: a plain IN on one column needs no DISTINCT over every selected column.
    status = django_filters.MultipleChoiceFilter(
        choices=WorkOrderStatus.choices, label="状态", distinct=False
    )
    business_type = django_filters.CharFilter(label="业务类型")
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label="受理渠道")
    tier = django_filters.ChoiceFilter(choices=[(t.value, t.value) for t in Tier], label="客户等级")
    org_unit = django_filters.NumberFilter(method="filter_org_unit", label="责任单位(含下级)")
    assignee = django_filters.NumberFilter(field_name="assignee_id", label="处理人")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="已超时")
    received_after = django_filters.IsoDateTimeFilter(
        field_name="received_at", lookup_expr="gte", label="受理时间起"
    )
    received_before = django_filters.IsoDateTimeFilter(
        field_name="received_at", lookup_expr="lt", label="受理时间止"
    )

    class Meta:
        model = WorkOrder
        fields: list[str] = []

    def filter_org_unit(
        self, qs: QuerySet[WorkOrder], name: str, value: Any
    ) -> QuerySet[WorkOrder]:
        unit = OrgUnit.objects.filter(pk=value).only("path").first()
        if unit is None:
            return qs.none()
        return qs.filter(org_unit__in=OrgUnit.objects.subtree(unit).values("id"))

    def filter_overdue(self, qs: QuerySet[WorkOrder], name: str, value: Any) -> QuerySet[WorkOrder]:
        if value is None:
            return qs
        flt = overdue_filter(timezone.now())
        return qs.filter(**flt) if value else qs.exclude(**flt)
