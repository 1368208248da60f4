"""Prospects (MGR-1/2), the assistance duty roster (HELP-1/2), specialists' yearly ratings (MGR-3)
and conduct breaches (APPT-10): reads through selectors, every write through its service."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.core.errors import RuleViolation
from gasdesk.regulations import selectors
from gasdesk.regulations.api import serializers as s
from gasdesk.regulations.api.base import caller, valid
from gasdesk.regulations.api.care_views import manager_rules
from gasdesk.regulations.models import (
    Appointment,
    AppointmentEvent,
    DutyShift,
    ManagerRating,
    Prospect,
)
from gasdesk.regulations.services import appointments, assistance, prospects

_READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


def _query(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ProspectViewSet(*_READ):  # type: ignore[misc]
    """意向客户 (MGR-1/2) of the caller's units; out-of-scope ids answer 404."""

    serializer_class = s.ProspectSerializer
    queryset = Prospect.objects.none()  # the schema's model; get_queryset scopes

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.prospect_list(caller(self.request))

    def _done(self, prospect: Prospect, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.ProspectSerializer(prospect).data, status=code)

    @extend_schema(request=s.ProspectCreateInput, responses={201: s.ProspectSerializer})
    def create(self, request: Request) -> Response:
        data = prospects.ProspectInput(**valid(s.ProspectCreateInput, request))
        created = prospects.register_prospect(data, by=caller(request))
        return self._done(created, status.HTTP_201_CREATED)

    @extend_schema(responses=s.ProspectSerializer(many=True))
    @action(detail=False, methods=["get"])
    def unassigned(self, request: Request) -> Response:
        """MGR-1: intending customers still without a specialist, where the pack requires one."""
        rows = selectors.prospects_without_manager(caller(request), manager_rules(request))
        return Response(s.ProspectSerializer(rows[: selectors.LIST_LIMIT], many=True).data)

    @extend_schema(responses=s.ProspectEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str | None = None) -> Response:
        events = self.get_object().events.order_by("at", "id")
        return Response(s.ProspectEventSerializer(events, many=True).data)

    @extend_schema(
        request=s.ProspectAssignInput, responses=s.ProspectSerializer, summary="指定客户服务专员"
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.ProspectAssignInput, request)
        return self._done(
            prospects.assign_prospect_manager(self.get_object(), by=caller(request), **data)
        )

    @extend_schema(
        request=s.ProspectStepInput, responses=s.ProspectSerializer, summary="登记服务情况"
    )
    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.ProspectStepInput, request)
        return self._done(
            prospects.record_prospect_step(self.get_object(), by=caller(request), **data)
        )

    @extend_schema(request=s.ProspectSignInput, responses=s.ProspectSerializer, summary="签约建档")
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        prospect: Prospect = self.get_object()
        data = valid(s.ProspectSignInput, request)
        prospects.convert_prospect(prospect, by=caller(request), **data)
        prospect.refresh_from_db()
        return self._done(prospect)

    @extend_schema(request=s.ProspectDropInput, responses=s.ProspectSerializer, summary="放弃")
    @action(detail=True, methods=["post"])
    def drop(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.ProspectDropInput, request)
        return self._done(prospects.drop_prospect(self.get_object(), by=caller(request), **data))


class DutyShiftViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """帮办代办值班表 (HELP-1/2): the desk's shifts from `start` (default today) for `days`."""

    serializer_class = s.DutyShiftSerializer
    queryset = DutyShift.objects.none()  # the schema's model; get_queryset scopes
    pagination_class = None  # a bounded window of days, in roster order

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        query = _query(s.DutyRosterQuery, self.request)
        first_day = query["start"] or timezone.localdate()
        return selectors.duty_roster(caller(self.request), first_day, query["days"])

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="首日（默认今天）"),
            OpenApiParameter("days", OpenApiTypes.INT, description="天数（默认14，至多62）"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=s.DutyPlanInput, responses={201: s.DutyShiftSerializer(many=True)}, summary="排班"
    )
    def create(self, request: Request) -> Response:
        data = valid(s.DutyPlanInput, request)
        data["window_helpers"] = tuple(data["window_helpers"])
        data["full_time_helpers"] = tuple(data["full_time_helpers"])
        shifts = assistance.schedule_duty(assistance.DutyInput(**data), by=caller(request))
        return Response(
            s.DutyShiftSerializer(shifts, many=True).data, status=status.HTTP_201_CREATED
        )

    def _shift(self, request: Request, pk: str | None) -> DutyShift:
        shift = DutyShift.objects.visible_to(caller(request)).filter(pk=pk or 0).first()
        if shift is None:
            raise RuleViolation("id", _("值班记录不存在或不在您的组织范围内"))
        return shift

    @extend_schema(request=s.DutySubstituteInput, responses=s.DutyShiftSerializer, summary="替岗")
    @action(detail=True, methods=["post"])
    def substitute(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.DutySubstituteInput, request)
        shift = assistance.substitute_duty(self._shift(request, pk), by=caller(request), **data)
        return Response(s.DutyShiftSerializer(shift).data)

    @extend_schema(request=None, responses=s.DutyShiftSerializer, summary="到岗")
    @action(detail=True, methods=["post"], url_path="on-post")
    def on_post(self, request: Request, pk: str | None = None) -> Response:
        shift = assistance.record_on_post(self._shift(request, pk), by=caller(request))
        return Response(s.DutyShiftSerializer(shift).data)


class ManagerRatingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """客户服务专员年度评定 (MGR-3) of the caller's units for `year` (default this year)."""

    serializer_class = s.ManagerRatingSerializer
    queryset = ManagerRating.objects.none()  # the schema's model; get_queryset scopes

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        year = _query(s.RatingYearQuery, self.request)["year"] or timezone.localdate().year
        return selectors.year_ratings(caller(self.request), year)

    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="年度（默认今年）")]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=s.ManagerRatingInput, responses={201: s.ManagerRatingSerializer}, summary="年度评定"
    )
    def create(self, request: Request) -> Response:
        data = valid(s.ManagerRatingInput, request)
        rating = prospects.rate_manager(data.pop("manager"), by=caller(request), **data)
        return Response(s.ManagerRatingSerializer(rating).data, status=status.HTTP_201_CREATED)


class ConductBreachViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """预约服务违规记录 (APPT-10): verified breaches of the caller's units, for the assessment."""

    serializer_class = s.ConductBreachSerializer
    queryset = AppointmentEvent.objects.none()  # the schema's model; get_queryset scopes

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.conduct_breaches(caller(self.request))

    @extend_schema(
        request=s.ConductBreachInput, responses={201: s.ConductBreachSerializer}, summary="登记违规"
    )
    def create(self, request: Request) -> Response:
        data = valid(s.ConductBreachInput, request)
        user = caller(request)
        pk = data.pop("appointment")
        appointment = Appointment.objects.visible_to(user).filter(pk=pk).first()
        if appointment is None:
            raise RuleViolation("appointment", _("预约不存在或不在您的组织范围内"))
        appointments.record_conduct_breach(appointment, by=user, **data)
        recorded = selectors.conduct_breaches(user).filter(appointment=appointment).first()
        return Response(s.ConductBreachSerializer(recorded).data, status=status.HTTP_201_CREATED)
