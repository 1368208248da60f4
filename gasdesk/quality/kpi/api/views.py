"""KPI endpoints: the table, the per-tier table and the drill-down, same filter as the page."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.quality.kpi.api.serializers import (
    FigureSerializer,
    RecordPageSerializer,
    TierRowSerializer,
)
from gasdesk.quality.kpi.forms import drilldown_args, scope_from_query
from gasdesk.quality.kpi.scope import KpiScope
from gasdesk.quality.kpi.selectors import kpi_records, kpi_table, kpi_tier_table

FILTERS = [
    OpenApiParameter("unit", int, description="单位 id (default: the user's scope root)"),
    OpenApiParameter("period", str, enum=["month", "quarter", "year"]),
    OpenApiParameter("month", str, description="YYYY-MM inside the period (default: last month)"),
    OpenApiParameter("tier", str, enum=["vip", "important", "key", "general"]),
]
RECORD_FILTERS = [
    *FILTERS,
    OpenApiParameter("part", str, enum=["numerator", "denominator"]),
    OpenApiParameter("after", int, description="keyset: the last id of the previous page"),
]


def _scope(request: Request) -> KpiScope:
    return scope_from_query(request.user, request.query_params)[1]  # type: ignore[arg-type]


class KpiViewSet(viewsets.ViewSet):
    """Indicators computed from the records (KPI-1…20); read-only."""

    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "code"
    lookup_value_regex = r"kpi\.[a-z0-9_.]+"

    @extend_schema(parameters=FILTERS, responses=FigureSerializer(many=True))
    def list(self, request: Request) -> Response:
        return Response(FigureSerializer(kpi_table(_scope(request)), many=True).data)

    @extend_schema(parameters=FILTERS, responses=TierRowSerializer(many=True))
    @action(detail=False, methods=["get"])
    def tiers(self, request: Request) -> Response:
        return Response(TierRowSerializer(kpi_tier_table(_scope(request)), many=True).data)

    @extend_schema(parameters=RECORD_FILTERS, responses=RecordPageSerializer)
    @action(detail=True, methods=["get"])
    def records(self, request: Request, code: str) -> Response:
        part, after = drilldown_args(request.query_params)
        page = kpi_records(_scope(request), code, part=part, after=after)
        return Response(RecordPageSerializer(page).data)
