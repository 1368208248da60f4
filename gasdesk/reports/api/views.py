"""Reports API (RPT-1): list/read the monthly snapshots; POST generate on demand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.org.models import User
from gasdesk.reports import selectors
from gasdesk.reports.api.serializers import MonthlyReportGenerateInput, MonthlyReportSerializer
from gasdesk.reports.models import MonthlyReport
from gasdesk.reports.services import generate_monthly_report


class MonthlyReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[MonthlyReport]
):
    serializer_class = MonthlyReportSerializer

    def get_queryset(self) -> QuerySet[MonthlyReport]:
        return selectors.visible_reports(self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=MonthlyReportGenerateInput, responses={201: MonthlyReportSerializer})
    @action(detail=False, methods=["post"])
    def generate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Generate (or regenerate) one company's monthly report now."""
        data = MonthlyReportGenerateInput(data=request.data)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        company = selectors.report_company(user, data.validated_data["company"])
        month = dt.datetime.strptime(data.validated_data["month"], "%Y-%m").date()  # noqa: DTZ007
        report = generate_monthly_report(company, month, reader=user, by=user, now=timezone.now())
        return Response(MonthlyReportSerializer(report).data, status=status.HTTP_201_CREATED)
