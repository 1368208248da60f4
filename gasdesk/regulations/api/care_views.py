"""Customer-manager API (MGR-1…4): unassigned customers, assignment, portfolio, visits, care."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.core.errors import PermissionDeniedRule, RuleViolation
from gasdesk.customers.models import Customer
from gasdesk.regulations import selectors
from gasdesk.regulations.api import serializers as s
from gasdesk.regulations.api.base import caller, valid
from gasdesk.regulations.care_reminders import reminders_for
from gasdesk.regulations.models import CareVisit
from gasdesk.regulations.services import care
from gasdesk.regulations.services.common import rules_for_unit
from gasdesk.standards.sections.regulations import ManagerRules


def manager_rules(request: Request) -> ManagerRules:
    """The caller's company pack decides who needs a manager and the visit plan."""
    user = caller(request)
    if user.org_unit is None:
        raise PermissionDeniedRule("用户未分配所属单位")
    return rules_for_unit(user.org_unit, timezone.now())[1].managers


class CustomerManagerViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """MGR-1/2: who still needs a manager, assignment, and the caller's own portfolio."""

    serializer_class = s.ManagedCustomerSerializer
    queryset = Customer.objects.none()  # the schema's model; every action uses a selector

    @extend_schema(responses=s.ManagedCustomerSerializer(many=True))
    @action(detail=False, methods=["get"])
    def unassigned(self, request: Request) -> Response:
        rows = selectors.customers_without_manager(caller(request), manager_rules(request))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.ManagedCustomerSerializer(page, many=True).data)

    @extend_schema(request=s.AssignManagerInput, responses=s.ManagedCustomerSerializer)
    @action(detail=False, methods=["post"])
    def assign(self, request: Request) -> Response:
        data = valid(s.AssignManagerInput, request)
        customer = data.pop("customer")
        updated = care.assign_customer_manager(customer, by=caller(request), **data)
        return Response(s.ManagedCustomerSerializer(updated).data)

    @extend_schema(responses=s.ManagedCustomerSerializer(many=True))
    @action(detail=False, methods=["get"])
    def portfolio(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.portfolio(caller(request)))
        return self.get_paginated_response(s.ManagedCustomerSerializer(page, many=True).data)

    @extend_schema(responses=s.CareReminderSerializer(many=True))
    @action(detail=False, methods=["get"])
    def reminders(self, request: Request) -> Response:
        """MGR-4: birthday and festival phone care due in the pack's window."""
        rows = reminders_for(caller(request), manager_rules(request))
        return Response(s.CareReminderSerializer(rows, many=True).data)


class CareVisitViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """MGR-4: the caller's planned visits; `overdue` is the leader's list of the units in scope."""

    serializer_class = s.CareVisitSerializer
    queryset = CareVisit.objects.none()  # the schema's model; get_queryset scopes

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.visits_due(caller(self.request))

    @extend_schema(responses=s.CareVisitSerializer(many=True))
    @action(detail=False, methods=["get"])
    def overdue(self, request: Request) -> Response:
        today = timezone.localdate()
        rows = selectors.overdue_visits(caller(request), today)[: selectors.LIST_LIMIT]
        return Response(s.CareVisitSerializer(rows, many=True).data)

    @extend_schema(
        request=s.CareVisitInput, responses={201: s.CareVisitSerializer}, summary="登记拜访"
    )
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str | None = None) -> Response:
        visit = CareVisit.objects.visible_to(caller(request)).filter(pk=pk or 0).first()
        if visit is None:
            raise RuleViolation("id", "拜访计划不存在或不在您的组织范围内")
        data = valid(s.CareVisitInput, request)
        done = care.record_care_visit(visit, by=caller(request), **data)
        return Response(s.CareVisitSerializer(done).data, status=status.HTTP_201_CREATED)
