"""Connection and meter-campaign API (CONN, METER): reads through selectors, writes through
services."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.campaigns import selectors
from gasdesk.campaigns.api import serializers as s
from gasdesk.campaigns.api.base import unit_in_scope, user_of, valid
from gasdesk.campaigns.models import (
    ConnectionCampaign,
    ConnectionHousehold,
    MeterCampaign,
    MeterReplacement,
)
from gasdesk.campaigns.services import connections, meters
from gasdesk.customers.models import Customer

ReadOnly = (mixins.ListModelMixin, mixins.RetrieveModelMixin)


class ConnectionViewSet(*ReadOnly, viewsets.GenericViewSet[ConnectionCampaign]):  # type: ignore[misc]
    serializer_class = s.ConnectionSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_connections(user_of(self.request))

    @extend_schema(request=s.ConnectionCreateInput, responses={201: s.ConnectionSerializer})
    def create(self, request: Request) -> Response:
        data = valid(s.ConnectionCreateInput, request)
        unit_in_scope(request, data["org_unit"])
        campaign = connections.create_connection_campaign(
            connections.ConnectionInput(**data), by=user_of(request)
        )
        return Response(s.ConnectionSerializer(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.EmptyInput, responses=s.ConnectionSerializer, summary="发送通气通知")
    @action(detail=True, methods=["post"])
    def notify(self, request: Request, pk: str | None = None) -> Response:
        campaign = connections.notify_connection(self.get_object(), by=user_of(request))
        return Response(s.ConnectionSerializer(campaign).data)

    @extend_schema(responses=s.HouseholdSerializer(many=True))
    @action(detail=True, methods=["get"])
    def households(self, request: Request, pk: str | None = None) -> Response:
        rows: Any = self.get_object().households.select_related("customer").order_by("id")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.HouseholdSerializer(page, many=True).data)

    @extend_schema(request=s.SupplementaryInput, responses={201: None}, summary="补户通气工单")
    @action(detail=False, methods=["post"])
    def supplementary(self, request: Request) -> Response:
        """CONN-3: open a supplementary-connection work order for a customer in scope."""
        data = valid(s.SupplementaryInput, request)
        customer = Customer.objects.visible_to(user_of(request)).filter(pk=data["customer"]).first()
        if customer is None:
            raise Http404
        order = connections.create_supplementary_connection(
            customer, by=user_of(request), description=data["description"]
        )
        return Response({"id": order.pk, "number": order.number}, status=status.HTTP_201_CREATED)


class HouseholdViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet[ConnectionHousehold]):
    """One household of a connection: arrival, safety check, ignition or written refusal."""

    serializer_class = s.HouseholdSerializer

    def get_queryset(self) -> Any:
        campaigns = ConnectionCampaign.objects.visible_to(user_of(self.request)).values("id")
        return ConnectionHousehold.objects.filter(campaign__in=campaigns).select_related(
            "campaign", "customer"
        )

    @extend_schema(request=s.ArrivalInput, responses=s.HouseholdSerializer, summary="到户")
    @action(detail=True, methods=["post"])
    def arrive(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.ArrivalInput, request)
        row = connections.record_household_arrival(
            self.get_object(), by=user_of(request), at=data.get("at")
        )
        return Response(s.HouseholdSerializer(row).data)

    @extend_schema(request=s.EmptyInput, responses=s.HouseholdSerializer, summary="安全检查")
    @action(detail=True, methods=["post"], url_path="safety-check")
    def safety_check(self, request: Request, pk: str | None = None) -> Response:
        row = connections.record_safety_check(self.get_object(), by=user_of(request))
        return Response(s.HouseholdSerializer(row).data)

    @extend_schema(request=s.EmptyInput, responses=s.HouseholdSerializer, summary="通气点火")
    @action(detail=True, methods=["post"])
    def connect(self, request: Request, pk: str | None = None) -> Response:
        row = connections.connect_household(self.get_object(), by=user_of(request))
        return Response(s.HouseholdSerializer(row).data)

    @extend_schema(request=s.DeclineInput, responses=s.HouseholdSerializer, summary="不能通气")
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.DeclineInput, request)
        row = connections.decline_household(self.get_object(), by=user_of(request), **data)
        return Response(s.HouseholdSerializer(row).data)


class MeterCampaignViewSet(*ReadOnly, viewsets.GenericViewSet[MeterCampaign]):  # type: ignore[misc]
    serializer_class = s.MeterCampaignSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_meter_campaigns(user_of(self.request))

    @extend_schema(request=s.MeterCampaignCreateInput, responses={201: s.MeterCampaignSerializer})
    def create(self, request: Request) -> Response:
        data = valid(s.MeterCampaignCreateInput, request)
        unit = unit_in_scope(request, data.pop("org_unit"))
        campaign = meters.create_meter_campaign(unit, by=user_of(request), **data)
        return Response(s.MeterCampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MeterNotifyInput, responses=s.MeterCampaignSerializer)
    @action(detail=True, methods=["post"])
    def notify(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.MeterNotifyInput, request)
        campaign = meters.notify_meter_campaign(self.get_object(), by=user_of(request), **data)
        return Response(s.MeterCampaignSerializer(campaign).data)

    @extend_schema(responses=s.ProgressSerializer)
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """METER-1: replacements done / planned."""
        return Response(s.ProgressSerializer(selectors.meter_progress(self.get_object())).data)


class ReplacementViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet[MeterReplacement]):
    serializer_class = s.ReplacementSerializer

    def get_queryset(self) -> Any:
        campaigns = MeterCampaign.objects.visible_to(user_of(self.request)).values("id")
        return MeterReplacement.objects.filter(campaign__in=campaigns).select_related("campaign")

    @extend_schema(request=s.CompleteReplacementInput, responses=s.ReplacementSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.CompleteReplacementInput, request)
        row = meters.complete_replacement(self.get_object(), by=user_of(request), **data)
        return Response(s.ReplacementSerializer(row).data)
