"""Customer API (CUST-1/4/10): reads through selectors, writes through the services.

Out-of-scope ids answer 404 (the queryset is `visible_to`); a role the service refuses
answers 403 with the Chinese reason.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.customers import selectors, services
from gasdesk.customers.api.serializers import (
    ClearOverrideInput,
    CustomerRowSerializer,
    CustomerSerializer,
    CustomerWriteInput,
    OverrideTierInput,
    TierChangeSerializer,
)
from gasdesk.customers.exporting import XLSX_CONTENT_TYPE
from gasdesk.customers.filters import CustomerFilter
from gasdesk.customers.models import Customer
from gasdesk.customers.permissions import can_view, sees_full_contact
from gasdesk.customers.views import xlsx_download

SEARCH_PARAM = OpenApiParameter(
    "q", str, description="电话(全号或尾号)、户号、姓名或地址片段 (CUST-10)", required=False
)


class CustomerAccess(BasePermission):
    """Any operational role may read; writes are decided by the services' role checks."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_view(request.user)  # type: ignore[arg-type]


class CustomerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Customer]
):
    """Customers in the caller's org scope."""

    serializer_class = CustomerSerializer
    filterset_class = CustomerFilter
    permission_classes = [IsAuthenticated, CustomerAccess]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.customer_detail(self.request.user)  # type: ignore[arg-type]

    def get_serializer_context(self) -> dict[str, Any]:
        full = sees_full_contact(self.request.user)  # type: ignore[arg-type]
        return {**super().get_serializer_context(), "show_full": full}

    def _scoped(self) -> Any:
        return self.filter_queryset(Customer.objects.visible_to(self.request.user))

    @extend_schema(parameters=[SEARCH_PARAM], responses=CustomerRowSerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Masked rows; with `q` the top matches of search_customers, else keyset pages."""
        query = request.query_params.get("q", "").strip()
        if query:
            rows = selectors.search_customers(request.user, query, base=self._scoped())  # type: ignore[arg-type]
            data = CustomerRowSerializer(rows, many=True).data
            return Response({"next": None, "previous": None, "results": data})
        page = self.paginate_queryset(selectors.customer_rows(self._scoped()))
        rows = [selectors.to_row(values) for values in page or []]
        return self.get_paginated_response(CustomerRowSerializer(rows, many=True).data)

    @extend_schema(request=CustomerWriteInput, responses={201: CustomerSerializer})
    def create(self, request: Request) -> Response:
        data = self._valid(CustomerWriteInput(data=request.data))
        unit = data.pop("org_unit")
        customer = services.create_customer(by=request.user, org_unit=unit, data=data)  # type: ignore[arg-type]
        return self._detail(customer, status.HTTP_201_CREATED)

    @extend_schema(request=CustomerWriteInput, responses=CustomerSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        data = self._valid(CustomerWriteInput(data=request.data, partial=True))
        customer = services.update_customer(self.get_object(), by=request.user, changes=data)  # type: ignore[arg-type]
        return self._detail(customer)

    @extend_schema(request=OverrideTierInput, responses=CustomerSerializer, summary="人工调整等级")
    @action(detail=True, methods=["post"], url_path="override-tier")
    def override_tier(self, request: Request, pk: str | None = None) -> Response:
        """CUST-4: set the tier by hand with a reason (specialist, manager)."""
        data = self._valid(OverrideTierInput(data=request.data))
        customer = services.override_tier(self.get_object(), by=request.user, **data)  # type: ignore[arg-type]
        return self._detail(customer)

    @extend_schema(request=ClearOverrideInput, responses=CustomerSerializer, summary="取消人工调整")
    @action(detail=True, methods=["post"], url_path="clear-tier-override")
    def clear_tier_override(self, request: Request, pk: str | None = None) -> Response:
        """CUST-4: return the customer to the pack's tier rules."""
        data = self._valid(ClearOverrideInput(data=request.data))
        customer = services.clear_tier_override(self.get_object(), by=request.user, **data)  # type: ignore[arg-type]
        return self._detail(customer)

    @extend_schema(responses=TierChangeSerializer(many=True), summary="等级变更记录")
    @action(detail=True, methods=["get"], url_path="tier-history")
    def tier_history(self, request: Request, pk: str | None = None) -> Response:
        changes = selectors.tier_history(self.get_object())
        return Response(TierChangeSerializer(changes, many=True).data)

    @extend_schema(responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY}, summary="导出Excel")
    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request: Request) -> FileResponse:
        """The filtered list as XLSX (phones and ID numbers masked)."""
        return xlsx_download(self._scoped())

    def _detail(self, customer: Customer, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=customer.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @staticmethod
    def _valid(serializer: CustomerWriteInput | Any) -> dict[str, Any]:
        serializer.is_valid(raise_exception=True)
        if isinstance(serializer, CustomerWriteInput):
            return serializer.to_service_data()
        return dict(serializer.validated_data)
