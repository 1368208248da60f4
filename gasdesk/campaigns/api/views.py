"""Outage and inspection API (OUT, INSP): reads through selectors, writes through services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.campaigns import selectors
from gasdesk.campaigns.api import serializers as s
from gasdesk.campaigns.api.base import unit_in_scope, user_of, valid
from gasdesk.campaigns.models import Hazard, InspectionPlan, InspectionVisit, Outage
from gasdesk.campaigns.services import inspections, outages
from gasdesk.core.errors import RuleViolation
from gasdesk.standards.lookup import pack_for_unit

ReadOnly = (mixins.ListModelMixin, mixins.RetrieveModelMixin)


class OutageViewSet(*ReadOnly, viewsets.GenericViewSet[Outage]):  # type: ignore[misc]
    """Outages in the caller's scope; publish refuses a planned stop with too little notice."""

    serializer_class = s.OutageSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_outages(user_of(self.request))

    @extend_schema(request=s.OutageCreateInput, responses={201: s.OutageSerializer})
    def create(self, request: Request) -> Response:
        data = valid(s.OutageCreateInput, request)
        unit_in_scope(request, data["org_unit"])
        outage = outages.create_outage(outages.OutageInput(**data), by=user_of(request))
        return Response(s.OutageSerializer(outage).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.EmptyInput, responses=s.OutageSerializer, summary="发布并通知")
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        outage = outages.publish_outage(self.get_object(), by=user_of(request))
        return Response(s.OutageSerializer(outage).data)

    @extend_schema(request=s.EmptyInput, responses=s.OutageSerializer, summary="恢复供气")
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str | None = None) -> Response:
        outage = outages.restore_outage(self.get_object(), by=user_of(request))
        return Response(s.OutageSerializer(outage).data)

    @extend_schema(
        parameters=[OpenApiParameter("year", int)], responses=s.BandCountSerializer(many=True)
    )
    @action(detail=False, methods=["get"])
    def bands(self, request: Request) -> Response:
        """OUT-2: outage events of the year per customer-count band (KPI M-09)."""
        user = user_of(request)
        raw = request.query_params.get("year", "")
        year = int(raw) if raw.isdigit() else timezone.localdate().year
        if user.org_unit is None:
            raise RuleViolation("org_unit", "用户未分配所属单位")
        pack = pack_for_unit(user.org_unit, timezone.now()).record
        rows = selectors.outage_band_counts(user, year, pack.pk)
        return Response(s.BandCountSerializer(rows, many=True).data)


class InspectionPlanViewSet(*ReadOnly, viewsets.GenericViewSet[InspectionPlan]):  # type: ignore[misc]
    serializer_class = s.InspectionPlanSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_plans(user_of(self.request))

    @extend_schema(request=s.PlanCreateInput, responses={201: s.InspectionPlanSerializer})
    def create(self, request: Request) -> Response:
        """INSP-1: generate the unit's plan for the year from the pack's frequencies."""
        data = valid(s.PlanCreateInput, request)
        unit = unit_in_scope(request, data["org_unit"])
        plan = inspections.generate_inspection_plan(unit, data["year"], by=user_of(request))
        return Response(s.InspectionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.RateSerializer)
    @action(detail=True, methods=["get"])
    def rate(self, request: Request, pk: str | None = None) -> Response:
        """INSP-5: inspected / planned per month and for the year, with the pack's target."""
        return Response(s.RateSerializer(selectors.inspection_rate(self.get_object())).data)


class InspectionVisitViewSet(*ReadOnly, viewsets.GenericViewSet[InspectionVisit]):  # type: ignore[misc]
    """Visits in scope; `?plan=`, `?on=YYYY-MM-DD` and `?mine=1` (own pending) narrow it."""

    serializer_class = s.VisitSerializer

    def get_queryset(self) -> Any:
        qs = InspectionVisit.objects.visible_to(user_of(self.request)).select_related("customer")
        params = self.request.query_params
        if params.get("plan", "").isdigit():
            qs = qs.filter(plan_id=int(params["plan"]))
        if params.get("on"):
            qs = qs.filter(planned_on=_date(params["on"]))
        if params.get("mine"):  # a technician's day: own pending visits in route order
            qs = qs.filter(technician=user_of(self.request), outcome="pending")
            return qs.order_by("planned_on", "route", "id")
        return qs.order_by("-id")

    @extend_schema(request=s.VisitOutcomeInput, responses=s.VisitSerializer, summary="登记结果")
    @action(detail=True, methods=["post"], url_path="record-outcome")
    def record_outcome(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.VisitOutcomeInput, request)
        visit = inspections.record_visit_outcome(self.get_object(), by=user_of(request), **data)
        return Response(s.VisitSerializer(visit).data)


def _date(raw: str) -> Any:
    try:
        return datetime.strptime(raw, "%Y-%m-%d").date()  # noqa: DTZ007 (a date, no time)
    except ValueError:
        raise RuleViolation("on", "日期格式应为 YYYY-MM-DD") from None


class HazardViewSet(*ReadOnly, viewsets.GenericViewSet[Hazard]):  # type: ignore[misc]
    """Open hazards (INSP-6), earliest rectification deadline first."""

    serializer_class = s.HazardSerializer

    def get_queryset(self) -> Any:
        return selectors.open_hazards(user_of(self.request))

    @extend_schema(request=s.EmptyInput, responses=s.HazardSerializer, summary="整改完成")
    @action(detail=True, methods=["post"])
    def rectify(self, request: Request, pk: str | None = None) -> Response:
        hazard = inspections.rectify_hazard(self.get_object(), by=user_of(request))
        return Response(s.HazardSerializer(hazard).data)
