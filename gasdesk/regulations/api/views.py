"""Regulations API (APPT, NOTIFY, TLC, HELP): reads through selectors, writes through services."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.regulations import selectors
from gasdesk.regulations.api import serializers as s
from gasdesk.regulations.api.base import caller, valid
from gasdesk.regulations.models import (
    Appointment,
    AssistanceRecord,
    ConsultationRecord,
    OneTimeNotice,
    PromisedMatter,
)
from gasdesk.regulations.services import appointments, assistance, notification, promises

_READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class AppointmentViewSet(*_READ):  # type: ignore[misc]
    """预约上门 register (APPT-9); out-of-scope ids answer 404."""

    serializer_class = s.AppointmentSerializer

    def get_queryset(self) -> Any:
        return selectors.appointment_register(caller(self.request))

    def _done(self, appointment: Appointment, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.AppointmentSerializer(appointment).data, status=code)

    @extend_schema(request=s.AppointmentCreateInput, responses={201: s.AppointmentSerializer})
    def create(self, request: Request) -> Response:
        data = appointments.AppointmentRequest(**valid(s.AppointmentCreateInput, request))
        created = appointments.request_appointment(data, by=caller(request))
        return self._done(created, status.HTTP_201_CREATED)

    @extend_schema(responses=s.AppointmentSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="awaiting-reply")
    def awaiting_reply(self, request: Request) -> Response:
        """APPT-3: unanswered requests, nearest reply deadline first (at most 200)."""
        rows = selectors.awaiting_reply(caller(request))[: selectors.LIST_LIMIT]
        return Response(s.AppointmentSerializer(rows, many=True).data)

    @extend_schema(responses=s.AppointmentEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str | None = None) -> Response:
        events = self.get_object().events.order_by("at", "id")
        return Response(s.AppointmentEventSerializer(events, many=True).data)

    @extend_schema(
        request=s.AppointmentAgreeInput, responses=s.AppointmentSerializer, summary="同意预约"
    )
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.AppointmentAgreeInput, request)
        return self._done(
            appointments.agree_appointment(self.get_object(), by=caller(request), **data)
        )

    @extend_schema(
        request=s.AppointmentRefuseInput,
        responses=s.AppointmentSerializer,
        summary="不同意（经领导批准）",
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.AppointmentRefuseInput, request)
        return self._done(
            appointments.refuse_appointment(self.get_object(), by=caller(request), **data)
        )

    @extend_schema(
        request=s.AppointmentArrivalInput, responses=s.AppointmentSerializer, summary="服务人员到位"
    )
    @action(detail=True, methods=["post"], url_path="staff-arrived")
    def staff_arrived(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.AppointmentArrivalInput, request)
        return self._done(
            appointments.record_staff_arrival(self.get_object(), by=caller(request), **data)
        )

    @extend_schema(
        request=s.AppointmentArrivalInput, responses=s.AppointmentSerializer, summary="申请人到达"
    )
    @action(detail=True, methods=["post"], url_path="applicant-arrived")
    def applicant_arrived(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.AppointmentArrivalInput, request)
        appointment = appointments.record_applicant_arrival(
            self.get_object(), by=caller(request), **data
        )
        return self._done(appointment)

    @extend_schema(
        request=s.AppointmentServeInput, responses=s.AppointmentSerializer, summary="办理完毕"
    )
    @action(detail=True, methods=["post"])
    def serve(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.AppointmentServeInput, request)
        return self._done(
            appointments.serve_appointment(self.get_object(), by=caller(request), **data)
        )

    @extend_schema(request=None, responses=s.AppointmentSerializer, summary="逾时视为放弃")
    @action(detail=True, methods=["post"])
    def forfeit(self, request: Request, pk: str | None = None) -> Response:
        return self._done(appointments.forfeit_appointment(self.get_object(), by=caller(request)))


class NoticeViewSet(*_READ):  # type: ignore[misc]
    """一次性告知单 (NOTIFY-2…4)."""

    serializer_class = s.NoticeSerializer

    def get_queryset(self) -> Any:
        return selectors.notice_list(caller(self.request))

    @extend_schema(request=s.NoticeCreateInput, responses={201: s.NoticeSerializer})
    def create(self, request: Request) -> Response:
        data = valid(s.NoticeCreateInput, request)
        data["provided"] = tuple(data["provided"])
        data["rectification_items"] = tuple(data["rectification_items"])
        notice = notification.issue_notice(notification.NoticeInput(**data), by=caller(request))
        return Response(s.NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.NoticeSerializer, summary="资料已补齐")
    @action(detail=True, methods=["post"], url_path="receive-documents")
    def receive_documents(self, request: Request, pk: str | None = None) -> Response:
        notice: OneTimeNotice = self.get_object()
        return Response(
            s.NoticeSerializer(notification.receive_documents(notice, by=caller(request))).data
        )


class ConsultationViewSet(mixins.CreateModelMixin, *_READ):  # type: ignore[misc]
    """电话咨询记录簿 (NOTIFY-5)."""

    serializer_class = s.ConsultationSerializer

    def get_queryset(self) -> Any:
        return selectors.consultation_log(caller(self.request))

    @extend_schema(request=s.ConsultationCreateInput, responses={201: s.ConsultationSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = notification.ConsultationInput(**valid(s.ConsultationCreateInput, request))
        record: ConsultationRecord = notification.record_consultation(data, by=caller(request))
        return Response(s.ConsultationSerializer(record).data, status=status.HTTP_201_CREATED)


class PromisedMatterViewSet(*_READ):  # type: ignore[misc]
    """限时办结 (TLC-1…3): open matters in scope; `overdue` is the leader's list."""

    serializer_class = s.PromisedMatterSerializer

    def get_queryset(self) -> Any:
        return selectors.open_matters(caller(self.request))

    @extend_schema(request=s.PromiseCreateInput, responses={201: s.PromisedMatterSerializer})
    def create(self, request: Request) -> Response:
        data = promises.PromiseInput(**valid(s.PromiseCreateInput, request))
        matter = promises.promise_matter(data, by=caller(request))
        return Response(s.PromisedMatterSerializer(matter).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.PromisedMatterSerializer(many=True))
    @action(detail=False, methods=["get"])
    def overdue(self, request: Request) -> Response:
        rows = selectors.leader_overdue_matters(caller(request), timezone.now())
        return Response(s.PromisedMatterSerializer(rows[: selectors.LIST_LIMIT], many=True).data)

    @extend_schema(
        request=s.PromiseReasonInput, responses=s.PromisedMatterSerializer, summary="说明原因"
    )
    @action(detail=True, methods=["post"], url_path="explain-delay")
    def explain_delay(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.PromiseReasonInput, request)
        matter: PromisedMatter = promises.explain_delay(
            self.get_object(), by=caller(request), **data
        )
        return Response(s.PromisedMatterSerializer(matter).data)

    @extend_schema(
        request=s.PromiseCompleteInput, responses=s.PromisedMatterSerializer, summary="办结"
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        data = valid(s.PromiseCompleteInput, request)
        matter = promises.complete_matter(self.get_object(), by=caller(request), **data)
        return Response(s.PromisedMatterSerializer(matter).data)


class AssistanceViewSet(*_READ):  # type: ignore[misc]
    """帮办代办 (HELP-3/4)."""

    serializer_class = s.AssistanceSerializer

    def get_queryset(self) -> Any:
        return selectors.assistance_log(caller(self.request))

    @extend_schema(request=s.AssistanceCreateInput, responses={201: s.AssistanceSerializer})
    def create(self, request: Request) -> Response:
        data = valid(s.AssistanceCreateInput, request)
        data["provided"] = tuple(data["provided"])
        record: AssistanceRecord = assistance.record_assistance(
            assistance.AssistanceInput(**data), by=caller(request)
        )
        return Response(s.AssistanceSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.HelperTestInput, responses={201: s.HelperTestSerializer})
    @action(detail=False, methods=["post"], url_path="helper-tests")
    def helper_test(self, request: Request) -> Response:
        data = valid(s.HelperTestInput, request)
        helper = data.pop("helper")
        test = assistance.record_helper_test(helper, by=caller(request), **data)
        return Response(s.HelperTestSerializer(test).data, status=status.HTTP_201_CREATED)
