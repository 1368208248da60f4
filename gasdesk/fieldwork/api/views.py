"""Field-work API (DSP, EMG): one POST action per field verb on /field-orders/{id}/…, the
technician's day, the unsigned list, emergencies and their escalations. Reads go through
selectors (scoped), writes through services.taps / services.emergencies."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.fieldwork import selectors
from gasdesk.fieldwork.api import serializers as s
from gasdesk.fieldwork.models import Emergency
from gasdesk.fieldwork.services.emergencies import AlarmInput, report_emergency
from gasdesk.fieldwork.services.taps import TAPS, perform_tap
from gasdesk.fieldwork.services.visits import add_photo
from gasdesk.workorders.models import WorkOrder

# Each tap and its input shape (the URL is the action name with dashes).
TAP_INPUTS: dict[str, type[s.TapInput]] = {
    "assign": s.AssignInput,
    "accept": s.TapInput,
    "agree_time": s.AgreeTimeInput,
    "cannot_keep": s.ReasonInput,
    "arrive": s.TapInput,
    "record_work": s.WorkInput,
    "not_met": s.NoteInput,
    "hazard_notice": s.HazardNoticeInput,
    "complete": s.CompleteInput,
    "verify_rectification": s.VerifyRectificationInput,
    "replace_meter": s.MeterReplacementInput,
}
LIST_LIMIT = 200


def _tap_action(name: str) -> Any:
    @extend_schema(
        request=TAP_INPUTS[name], responses=s.TapResultSerializer, summary=TAPS[name].label
    )
    def handler(self: FieldOrderViewSet, request: Request, pk: str | None = None) -> Response:
        return self._tap(request, name)

    handler.__name__ = f"tap_{name}"
    handler.__doc__ = f"{TAPS[name].label}（可带 client_token，重试不会重复执行）"
    return action(detail=True, methods=["post"], url_path=name.replace("_", "-"))(handler)


class FieldOrderViewSet(viewsets.GenericViewSet[WorkOrder]):
    """Field actions on the orders in the caller's scope (out-of-scope ids answer 404)."""

    serializer_class = s.AssignmentSerializer  # type: ignore[assignment]  # rows of my-day
    pagination_class = None

    def get_queryset(self) -> Any:
        return WorkOrder.objects.visible_to(self.request.user)

    @extend_schema(responses=s.AssignmentSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="my-day")
    def my_day(self, request: Request) -> Response:
        """The caller's open orders in route order (agreed time, then address)."""
        rows = selectors.technician_day(request.user, timezone.localdate())  # type: ignore[arg-type]
        return Response(s.AssignmentSerializer(rows, many=True).data)

    @extend_schema(responses=s.AssignmentSerializer(many=True))
    @action(detail=False, methods=["get"])
    def unsigned(self, request: Request) -> Response:
        """Unsigned assignments in scope, nearest acceptance deadline first (≤ 200)."""
        rows = selectors.unsigned_assignments(request.user)[:LIST_LIMIT]  # type: ignore[arg-type]
        return Response(s.AssignmentSerializer(rows, many=True).data)

    @extend_schema(responses=s.FieldEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, pk: str | None = None) -> Response:
        events = selectors.field_timeline(self.get_object())
        return Response(s.FieldEventSerializer(events, many=True).data)

    @extend_schema(request={"multipart/form-data": s.PhotoInput}, responses={201: None})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def photos(self, request: Request, pk: str | None = None) -> Response:
        """A site photo (JPG/PNG/WebP, size-limited) on the open visit."""
        data = self._valid(s.PhotoInput, request)
        photo = add_photo(self.get_object(), by=request.user, upload=data["photo"])  # type: ignore[arg-type]
        return Response({"photo": photo.pk}, status=status.HTTP_201_CREATED)

    def _tap(self, request: Request, name: str) -> Response:
        data = self._valid(TAP_INPUTS[name], request)
        token = data.pop("client_token")
        result = perform_tap(self.get_object(), name, by=request.user, token=token, params=data)  # type: ignore[arg-type]
        return Response(s.TapResultSerializer(result).data)

    @staticmethod
    def _valid(serializer_class: type, request: Request) -> dict[str, Any]:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


for _name in TAPS:
    setattr(FieldOrderViewSet, f"tap_{_name}", _tap_action(_name))


class EmergencyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Emergency]):
    """Open emergencies in scope, newest first; POST is the 24-hour alarm intake."""

    serializer_class = s.EmergencySerializer

    def get_queryset(self) -> Any:
        return selectors.open_emergencies(self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=s.AlarmCreateInput, responses={201: s.EmergencySerializer})
    def create(self, request: Request) -> Response:
        serializer = s.AlarmCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        emergency = report_emergency(AlarmInput(**serializer.validated_data), by=request.user)  # type: ignore[arg-type]
        return Response(s.EmergencySerializer(emergency).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.EscalationSerializer(many=True))
    @action(detail=False, methods=["get"])
    def escalations(self, request: Request) -> Response:
        """Escalations to the duty leader in scope, newest first (≤ 200)."""
        rows = selectors.emergency_escalations(request.user)[:LIST_LIMIT]  # type: ignore[arg-type]
        return Response(s.EscalationSerializer(rows, many=True).data)
