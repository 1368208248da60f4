"""Callback API: reads through selectors, every write through the services."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.callbacks import plans, selectors, services
from gasdesk.callbacks.api.serializers import (
    AnswerInput,
    AttemptInput,
    CallbackEventSerializer,
    CallbackPlanSerializer,
    CallbackTaskSerializer,
    FollowUpFormSerializer,
    PlanInput,
    PlanRecordInput,
    PlanReviewInput,
    ResultInput,
    SatisfactionQuery,
    SatisfactionRowSerializer,
)
from gasdesk.callbacks.models import CallbackPlan, CallbackTask, FollowUpForm


def _valid(serializer_class: type, data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class CallbackTaskViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[CallbackTask]
):
    """Callback tasks in the caller's org scope; out-of-scope ids answer 404."""

    serializer_class = CallbackTaskSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_tasks(self.request.user)  # type: ignore[arg-type]

    @extend_schema(responses={200: CallbackTaskSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def today(self, request: Request) -> Response:
        """日清日结: overdue, due today, upcoming and done today (at most 200 rows each)."""
        day = selectors.agent_day_list(request.user, timezone.now())  # type: ignore[arg-type]
        return Response(
            {
                name: CallbackTaskSerializer(getattr(day, name), many=True).data
                for name in ("overdue", "due_today", "upcoming", "done_today")
            }
        )

    @extend_schema(request=ResultInput, responses=CallbackTaskSerializer)
    @action(detail=True, methods=["post"], url_path="record-result")
    def record_result(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(ResultInput, request.data)
        task = services.record_result(self.get_object(), by=request.user, **data)  # type: ignore[arg-type]
        return Response(CallbackTaskSerializer(task).data)

    @extend_schema(request=AttemptInput, responses=CallbackTaskSerializer)
    @action(detail=True, methods=["post"], url_path="record-attempt")
    def record_attempt(self, request: Request, pk: str | None = None) -> Response:
        """A call that did not reach the customer; answers the replacement task if one was drawn."""
        data = _valid(AttemptInput, request.data)
        task = services.record_failed_attempt(self.get_object(), by=request.user, **data)  # type: ignore[arg-type]
        return Response(CallbackTaskSerializer(task).data)

    @extend_schema(responses=CallbackEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str | None = None) -> Response:
        timeline = selectors.task_timeline(self.get_object())
        return Response(CallbackEventSerializer(timeline, many=True).data)

    @extend_schema(parameters=[SatisfactionQuery], responses=SatisfactionRowSerializer(many=True))
    @action(detail=False, methods=["get"])
    def satisfaction(self, request: Request) -> Response:
        """Satisfied / answered per callback group (or business type), per unit if asked."""
        query = _valid(SatisfactionQuery, request.query_params)
        rows = selectors.satisfaction_by_group(request.user, **query)  # type: ignore[arg-type]
        key = query["by"]
        out = [{**row, "key": row.pop(key)} for row in rows]
        return Response(SatisfactionRowSerializer(out, many=True).data)


class FollowUpFormViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[FollowUpForm]
):
    """回访信息处理单 of the caller's units; departments answer theirs."""

    serializer_class = FollowUpFormSerializer

    def get_queryset(self) -> Any:
        open_only = self.request.query_params.get("open") == "true"
        return selectors.visible_follow_ups(self.request.user, open_only=open_only)  # type: ignore[arg-type]

    @extend_schema(request=AnswerInput, responses=FollowUpFormSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(AnswerInput, request.data)
        form = services.answer_follow_up(self.get_object(), by=request.user, **data)  # type: ignore[arg-type]
        return Response(FollowUpFormSerializer(form).data)


class CallbackPlanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[CallbackPlan]
):
    """二次回访 plans (CB-12…14): generate, record, review."""

    serializer_class = CallbackPlanSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_plans(self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=PlanInput, responses={201: CallbackPlanSerializer(many=True)})
    def create(self, request: Request) -> Response:
        data = _valid(PlanInput, request.data)
        customer = data.pop("customer")
        rows = plans.plan_programme(customer, by=request.user, **data)  # type: ignore[arg-type]
        return Response(
            CallbackPlanSerializer(rows, many=True).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=PlanRecordInput, responses=CallbackPlanSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(PlanRecordInput, request.data)
        plan = plans.record_plan_callback(self.get_object(), by=request.user, **data)  # type: ignore[arg-type]
        return Response(CallbackPlanSerializer(plan).data)

    @extend_schema(request=PlanReviewInput, responses=CallbackPlanSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(PlanReviewInput, request.data)
        plan = plans.review_plan(self.get_object(), by=request.user, **data)  # type: ignore[arg-type]
        return Response(CallbackPlanSerializer(plan).data)
