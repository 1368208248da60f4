"""Read-only pack API: list, detail with the document, and the pack in force (STD-1, STD-5)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.standards.api.serializers import (
    StandardPackDetailSerializer,
    StandardPackInForceQuery,
    StandardPackSerializer,
)
from gasdesk.standards.lookup import pack_in_force
from gasdesk.standards.models import StandardPack


@extend_schema_view(
    list=extend_schema(summary="已加载的服务标准包"),
    retrieve=extend_schema(summary="服务标准包（含内容）"),
)
class StandardPackViewSet(viewsets.ReadOnlyModelViewSet[StandardPack]):
    """Every loaded pack; any signed-in user may read the company rules."""

    queryset = StandardPack.objects.all()
    filterset_fields = ["company", "status"]

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return StandardPackSerializer
        return StandardPackDetailSerializer

    @extend_schema(
        summary="某公司当前（或指定时间）生效的服务标准包",
        parameters=[
            OpenApiParameter("company", str, required=True, description="公司代码"),
            OpenApiParameter(
                "at", OpenApiTypes.DATETIME, required=False, description="时间 (ISO 8601)，默认现在"
            ),
        ],
        responses=StandardPackDetailSerializer,
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="in-force",
        filter_backends=[],
        pagination_class=None,
    )
    def in_force(self, request: Request) -> Response:
        query = StandardPackInForceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        at = query.validated_data.get("at") or timezone.now()
        loaded = pack_in_force(query.validated_data["company"], at)
        return Response(StandardPackDetailSerializer(loaded.record).data)
