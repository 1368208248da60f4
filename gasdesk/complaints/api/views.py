"""Complaint API (CMP): reads through selectors, every write through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.complaints import appeals, selectors, services
from gasdesk.complaints.api.pagination import DrilldownPagination
from gasdesk.complaints.api.serializers import (
    AppealInput,
    AssignInput,
    CallbackInput,
    CloseInput,
    ComplaintAppealSerializer,
    ComplaintCreateInput,
    ComplaintEventSerializer,
    ComplaintSerializer,
    DecideAppealInput,
    DeductionComplaintSerializer,
    DeductionRowSerializer,
    ExternalIntakeInput,
    HotSpotQuery,
    HotSpotSerializer,
    LevelInput,
    NoteInput,
    PeriodQuery,
    SolutionInput,
    ValidityInput,
)
from gasdesk.complaints.intake import intake_external, register_complaint
from gasdesk.complaints.models import Complaint
from gasdesk.complaints.rules import rules_for
from gasdesk.core.errors import RuleViolation
from gasdesk.org.models import OrgUnit


def _valid(serializer_class: type, data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ComplaintViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Complaint]
):
    """Complaints in the caller's org scope (out-of-scope ids answer 404); phones masked."""

    serializer_class = ComplaintSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_complaints(self.request.user)  # type: ignore[arg-type]

    @extend_schema(responses=ComplaintSerializer(many=True))
    @action(detail=False, methods=["get"])
    def desk(self, request: Request) -> Response:
        """The specialist's desk: open complaints, nearest deadline first (at most 200)."""
        rows = selectors.complaint_desk(request.user)[: selectors.DESK_LIMIT]  # type: ignore[arg-type]
        return Response(ComplaintSerializer(rows, many=True).data)

    def _done(self, complaint: Complaint) -> Response:
        return Response(ComplaintSerializer(complaint).data)

    @extend_schema(request=ComplaintCreateInput, responses={201: ComplaintSerializer})
    def create(self, request: Request) -> Response:
        """Register (首问负责制): the caller is the first responder (CMP-3)."""
        data = _valid(ComplaintCreateInput, request.data)
        complaint = register_complaint(by=request.user, **data)  # type: ignore[arg-type]
        return Response(ComplaintSerializer(complaint).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ExternalIntakeInput,
        responses={200: ComplaintSerializer, 201: ComplaintSerializer},
        summary="12345转办接入（按外部编号幂等）",
    )
    @action(detail=False, methods=["post"], url_path="intake-12345")
    def intake_12345(self, request: Request) -> Response:
        """CMP-2: a repeat of the same reference returns the existing complaint with 200."""
        data = _valid(ExternalIntakeInput, request.data)
        complaint, created = intake_external(by=request.user, **data)  # type: ignore[arg-type]
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(ComplaintSerializer(complaint).data, status=code)

    @extend_schema(responses=ComplaintEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str | None = None) -> Response:
        timeline = selectors.complaint_timeline(self.get_object())
        return Response(ComplaintEventSerializer(timeline, many=True).data)

    @extend_schema(request=LevelInput, responses=ComplaintSerializer, summary="定级")
    @action(detail=True, methods=["post"])
    def level(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(LevelInput, request.data)
        return self._done(services.set_level(self.get_object(), by=request.user, **data))  # type: ignore[arg-type]

    @extend_schema(request=ValidityInput, responses=ComplaintSerializer, summary="认定有效性")
    @action(detail=True, methods=["post"])
    def validity(self, request: Request, pk: str | None = None) -> Response:
        """CMP-1 / OQ-13: the specialist marks the complaint valid or invalid (with a reason)."""
        data = _valid(ValidityInput, request.data)
        return self._done(services.set_validity(self.get_object(), by=request.user, **data))  # type: ignore[arg-type]

    @extend_schema(request=AssignInput, responses=ComplaintSerializer, summary="指定责任人")
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        """CMP-24: name the person responsible for the complaint until it is solved."""
        data = _valid(AssignInput, request.data)
        return self._done(services.assign_responsible(self.get_object(), by=request.user, **data))  # type: ignore[arg-type]

    @extend_schema(request=NoteInput, responses=ComplaintSerializer, summary="响应客户")
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(NoteInput, request.data)
        return self._done(services.record_response(self.get_object(), by=request.user, **data))  # type: ignore[arg-type]

    @extend_schema(request=SolutionInput, responses=ComplaintSerializer, summary="商定方案")
    @action(detail=True, methods=["post"])
    def solution(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(SolutionInput, request.data)
        return self._done(services.record_solution(self.get_object(), by=request.user, **data))  # type: ignore[arg-type]

    @extend_schema(request=CloseInput, responses=ComplaintSerializer, summary="办结反馈")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(CloseInput, request.data)
        return self._done(services.close_complaint(self.get_object(), by=request.user, **data))  # type: ignore[arg-type]

    @extend_schema(request=CallbackInput, responses=ComplaintSerializer, summary="回访")
    @action(detail=True, methods=["post"])
    def callback(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(CallbackInput, request.data)
        return self._done(services.record_callback(self.get_object(), by=request.user, **data))  # type: ignore[arg-type]

    @extend_schema(request=None, responses=ComplaintSerializer, summary="归档")
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str | None = None) -> Response:
        return self._done(services.archive_complaint(self.get_object(), by=request.user))  # type: ignore[arg-type]

    @extend_schema(request=AppealInput, responses={201: ComplaintAppealSerializer}, summary="申诉")
    @action(detail=True, methods=["post"])
    def appeal(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(AppealInput, request.data)
        filed = appeals.file_appeal(self.get_object(), by=request.user, **data)  # type: ignore[arg-type]
        return Response(ComplaintAppealSerializer(filed).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DecideAppealInput, responses=ComplaintAppealSerializer, summary="裁定申诉"
    )
    @action(detail=True, methods=["post"], url_path="decide-appeal")
    def decide_appeal(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(DecideAppealInput, request.data)
        complaint = self.get_object()
        appeal = get_object_or_404(complaint.appeals, pk=data.pop("appeal"))
        decided = appeals.decide_appeal(appeal, by=request.user, **data)  # type: ignore[arg-type]
        return Response(ComplaintAppealSerializer(decided).data)

    @extend_schema(parameters=[PeriodQuery], responses=DeductionRowSerializer(many=True))
    @action(detail=False, methods=["get"])
    def deductions(self, request: Request) -> Response:
        """CMP-19: department points for a quarter (one aggregate query), largest first."""
        query = _valid(PeriodQuery, request.query_params)
        if "quarter" not in query:
            raise RuleViolation("quarter", "请指定季度")
        period = selectors.quarter(query["year"], query["quarter"])
        user = request.user
        unit = self._unit(query.get("unit"))
        rules = rules_for(user.org_unit, period.end - timedelta(seconds=1))  # type: ignore[union-attr, arg-type]
        rows = selectors.department_deductions(user, rules, period, unit)  # type: ignore[arg-type]
        return Response(DeductionRowSerializer(rows, many=True).data)

    @extend_schema(parameters=[PeriodQuery], responses=DeductionComplaintSerializer(many=True))
    @action(
        detail=False,
        methods=["get"],
        url_path="deductions/complaints",
        pagination_class=DrilldownPagination,
    )
    def deduction_complaints(self, request: Request) -> Response:
        """The drill-down: complaints counted in a unit's quarter, 50 a page (bench K3)."""
        query = _valid(PeriodQuery, request.query_params)
        unit = self._unit(query.get("unit"))
        if unit is None or "quarter" not in query:
            raise RuleViolation("unit", "请指定部门和季度")
        period = selectors.quarter(query["year"], query["quarter"])
        rows = selectors.deduction_drilldown(request.user, period, unit)  # type: ignore[arg-type]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DeductionComplaintSerializer(page, many=True).data)

    @extend_schema(parameters=[HotSpotQuery], responses=HotSpotSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="hot-spots")
    def hot_spots(self, request: Request) -> Response:
        """CMP-23: top N by cause/business type/area/unit with the previous period's count."""
        query = _valid(HotSpotQuery, request.query_params)
        period = selectors.Period.of_dates(query["start"], query["end"] + timedelta(days=1))
        rows = selectors.hot_spots(request.user, period, query["dimension"], query["top"])  # type: ignore[arg-type]
        return Response(HotSpotSerializer(rows, many=True).data)

    @staticmethod
    def _unit(pk: int | None) -> OrgUnit | None:
        return None if pk is None else get_object_or_404(OrgUnit, pk=pk)
