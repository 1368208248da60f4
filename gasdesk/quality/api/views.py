"""Hotline API (AGENT, KPI-6…8): imports through the service, figures through the selectors."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.quality import selectors
from gasdesk.quality.api.serializers import (
    CallImportInput,
    CallImportSerializer,
    HotlineQuery,
    HotlineSummarySerializer,
)
from gasdesk.quality.models import CallImport
from gasdesk.quality.services import CallFile, import_call_records


class CallImportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[CallImport]
):
    """Call-record imports of the companies in scope; POST uploads a file (multipart)."""

    serializer_class = CallImportSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return CallImport.objects.none()
        return selectors.visible_imports(self.request.user)  # type: ignore[arg-type]

    @extend_schema(
        request={"multipart/form-data": CallImportInput}, responses={201: CallImportSerializer}
    )
    def create(self, request: Request) -> Response:
        """Import a queue_log or CSV file into the caller's company; the report is in the body."""
        data = CallImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user
        company = selectors.company_for(user, roles=selectors.IMPORT_ROLES)  # type: ignore[arg-type]
        upload = values["file"]
        call_file = CallFile(upload, upload.name, values["file_format"], values["source_system"])
        result = import_call_records(company, call_file, by=user, now=timezone.now())  # type: ignore[arg-type]
        return Response(CallImportSerializer(result).data, status=status.HTTP_201_CREATED)


class HotlineFiguresViewSet(viewsets.ViewSet):
    """The month's hotline KPIs per day and per month (supervisors) and the agent table."""

    @extend_schema(parameters=[HotlineQuery], responses=HotlineSummarySerializer)
    def list(self, request: Request) -> Response:
        query = HotlineQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        month = selectors.parse_month(query.validated_data.get("month", ""), timezone.localdate())
        context = selectors.hotline_summary(
            request.user,  # type: ignore[arg-type]
            month,
            query.validated_data.get("company"),
            now=timezone.now(),
        )
        return Response(HotlineSummarySerializer(context).data)
