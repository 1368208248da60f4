"""Calendar calculator endpoints for any signed-in user (CAL-2…CAL-5); rules live in selectors."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gasdesk.business_calendar.api.serializers import (
    CalendarDaySerializer,
    CalendarDaysQuery,
    DeadlineInput,
    DeadlineOutput,
    ElapsedInput,
    ElapsedOutput,
)
from gasdesk.business_calendar.selectors import calendar_days, period_deadline, period_elapsed


class DeadlineView(APIView):
    @extend_schema(
        tags=["calendar"],
        summary="计算期限",
        description="start 之后 amount 个 unit 的截止时刻（自然日、工作日按民法典第201–203条）。",
        request=DeadlineInput,
        responses=DeadlineOutput,
    )
    def post(self, request: Request) -> Response:
        data = _valid(DeadlineInput, request.data)
        deadline = period_deadline(
            data["start"], data["amount"], data["unit"], options=data["options"]
        )
        return Response(DeadlineOutput({**data, "deadline": deadline}).data)


class ElapsedView(APIView):
    @extend_schema(
        tags=["calendar"],
        summary="计算经过时长",
        description="两个时刻之间经过多少 unit（如超时多少）；end 早于 start 时为负数。",
        request=ElapsedInput,
        responses=ElapsedOutput,
    )
    def post(self, request: Request) -> Response:
        data = _valid(ElapsedInput, request.data)
        value = period_elapsed(data["start"], data["end"], data["unit"], options=data["options"])
        return Response(ElapsedOutput({**data, "elapsed": value}).data)


class CalendarDaysView(APIView):
    @extend_schema(
        tags=["calendar"],
        summary="工作日历",
        description="from 至 to（含）每天是否工作日及节日名称，一次最多366天。",
        parameters=[CalendarDaysQuery],
        responses=CalendarDaySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = _valid(CalendarDaysQuery, request.query_params)
        days = calendar_days(query["from"], query["to"])
        return Response(CalendarDaySerializer(days, many=True).data)


def _valid(serializer_class: type[Any], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
