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
    CallbackQuestionSerializer,
    CallbackTaskSerializer,
    FollowUpFormSerializer,
    PlanInput,
    PlanRecordInput,
    PlanReportInput,
    PlanReviewInput,
    PlanScheduleInput,
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

    @extend_schema(responses=CallbackQuestionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def questions(self, request: Request, pk: str | None = None) -> Response:
        """CB-10: the items to ask on this task's callback (answers go with record-result)."""
        items = services.task_questions(self.get_object())
        return Response(CallbackQuestionSerializer(items, many=True).data)

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
    """客户回访计划 (CB-12…14, RPT-4): prepare, schedule, record, submit the report, review."""

    serializer_class = CallbackPlanSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_plans(self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=PlanInput, responses={201: CallbackPlanSerializer(many=True)})
    def create(self, request: Request) -> Response:
        data = _valid(PlanInput, request.data)
        customer = selectors.visible_customer_by_id(request.user, data.pop("customer"))  # type: ignore[arg-type]
        rows = plans.prepare_plans(customer, plans.PlanRequest(**data), by=request.user)  # type: ignore[arg-type]
        return Response(
            CallbackPlanSerializer(rows, many=True).data, status=status.HTTP_201_CREATED
        )

    def _step(self, request: Request, service: Any, serializer: type) -> Response:
        data = _valid(serializer, request.data)
        plan = service(self.get_object(), by=request.user, **data)
        return Response(CallbackPlanSerializer(plan).data)

    @extend_schema(request=PlanScheduleInput, responses=CallbackPlanSerializer)
    @action(detail=True, methods=["post"])
    def schedule(self, request: Request, pk: str | None = None) -> Response:
        """CB-13: the time agreed with the customer and the content prepared."""
        return self._step(request, plans.schedule_plan, PlanScheduleInput)

    @extend_schema(request=PlanRecordInput, responses=CallbackPlanSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str | None = None) -> Response:
        """CB-14: the 客户回访记录表."""
        return self._step(request, plans.record_plan_callback, PlanRecordInput)

    @extend_schema(request=PlanReportInput, responses=CallbackPlanSerializer)
    @action(detail=True, methods=["post"], url_path="submit-report")
    def submit_report(self, request: Request, pk: str | None = None) -> Response:
        """RPT-4: the 客户回访报告表, submitted to the supervisor."""
        return self._step(request, plans.submit_plan_report, PlanReportInput)

    @extend_schema(request=PlanReviewInput, responses=CallbackPlanSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        """RPT-4: the supervisor approves the report or returns it, with guidance."""
        return self._step(request, plans.review_plan, PlanReviewInput)

    @extend_schema(responses=CallbackEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str | None = None) -> Response:
        timeline = selectors.plan_timeline(self.get_object())
        return Response(CallbackEventSerializer(timeline, many=True).data)
