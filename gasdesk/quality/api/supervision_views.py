"""Supervision API (SURV-3/4, SCORE-6…13): lists through the selectors, writes through the
services, the what-if through the pure scorer (nothing saved)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.org.scoping import require_in_scope
from gasdesk.quality import supervision_selectors as sel
from gasdesk.quality.api.supervision_serializers import (
    EvaluateInputSerializer,
    EvaluationSerializer,
    FindingChangeSerializer,
    InspectionInputSerializer,
    InspectionSerializer,
    ResponseInputSerializer,
    SurveySerializer,
    WhatIfInputSerializer,
    WhatIfSerializer,
)
from gasdesk.quality.evaluation_services import EvaluationEntry, evaluate_unit
from gasdesk.quality.kpi.figures import period_containing
from gasdesk.quality.models import Evaluation, Inspection, Survey
from gasdesk.quality.supervision_scoring import FindingInput, inputs_from_json, what_if
from gasdesk.quality.supervision_services import (
    InspectionInput,
    change_finding,
    record_inspection,
    record_response,
)
from gasdesk.quality.whatif_fields import changed_inputs, evaluation_table

_READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


def _finding(data: dict[str, Any]) -> FindingInput:
    return FindingInput(
        data["item_code"], data["count"], data.get("manual_score"), data.get("evidence", "")
    )


class InspectionViewSet(*_READ):  # type: ignore[misc]
    """Inspections and mystery-shopper visits in scope; POST records one (SCORE-6, SURV-3)."""

    serializer_class = InspectionSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Inspection.objects.none()
        return sel.inspection_list(self.request.user).prefetch_related("findings")  # type: ignore[arg-type]

    @extend_schema(request=InspectionInputSerializer, responses={201: InspectionSerializer})
    def create(self, request: Request) -> Response:
        data = InspectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        require_in_scope(request.user, v["org_unit"])  # type: ignore[arg-type]
        inspection = record_inspection(
            request.user,  # type: ignore[arg-type]
            InspectionInput(
                unit=v["org_unit"],
                kind=v["kind"],
                checklist=v["checklist"],
                inspected_at=v["inspected_at"],
                findings=[_finding(f) for f in v["findings"]],
                person=v["person"],
                report=v["report"],
            ),
        )
        return Response(InspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FindingChangeSerializer, responses=InspectionSerializer)
    @action(detail=True, methods=["post"], url_path="change-finding")
    def change_finding(self, request: Request, pk: str) -> Response:
        """Correct one row with a reason; the score is recomputed and logged (SCORE-7)."""
        data = FindingChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inspection = change_finding(
            request.user,  # type: ignore[arg-type]
            self.get_object(),
            _finding(data.validated_data),
            reason=data.validated_data["reason"],
        )
        return Response(InspectionSerializer(inspection).data)


class EvaluationViewSet(*_READ):  # type: ignore[misc]
    """Stored evaluations in scope with result, grade and rank; POST evaluates a unit's
    period (SCORE-1…10), POST what-if re-scores without saving."""

    serializer_class = EvaluationSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Evaluation.objects.none()
        return sel.evaluation_list(self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=EvaluateInputSerializer, responses={201: EvaluationSerializer})
    def create(self, request: Request) -> Response:
        """Compute and store (or recompute) a unit's evaluation; the history keeps both scores."""
        data = EvaluateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        entry = EvaluationEntry(
            values=v["values"],
            manual=v["manual"],
            occurrences={k: tuple(p) for k, p in v["occurrences"].items()},
            not_applicable=frozenset(v["not_applicable"]),
            reason=v["reason"],
        )
        period = period_containing(v["day"], v["period"])
        evaluation = evaluate_unit(
            request.user,  # type: ignore[arg-type]
            v["org_unit"],
            period,
            now=timezone.now(),
            entry=entry,
        )
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WhatIfInputSerializer, responses=WhatIfSerializer)
    @action(detail=True, methods=["post"], url_path="what-if")
    def what_if(self, request: Request, pk: str) -> Response:
        data = WhatIfInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evaluation = self.get_object()
        before = inputs_from_json(evaluation.inputs)
        after = inputs_from_json(changed_inputs(evaluation.inputs, data.validated_data["changes"]))
        result = what_if(evaluation_table(evaluation), before, after)
        return Response(WhatIfSerializer(WhatIfSerializer.from_result(result)).data)


class SurveyViewSet(*_READ):  # type: ignore[misc]
    """Satisfaction surveys with answered/satisfied counts; POST respond adds an answer sheet."""

    serializer_class = SurveySerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Survey.objects.none()
        return sel.survey_list(self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=ResponseInputSerializer, responses={201: SurveySerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str) -> Response:
        data = ResponseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        survey = self.get_object()
        answers = {int(k): v for k, v in data.validated_data["answers"].items() if k.isdigit()}
        record_response(
            request.user,  # type: ignore[arg-type]
            survey,
            answers=answers,
            answered_at=timezone.now(),
            respondent=data.validated_data["respondent"],
        )
        return Response(SurveySerializer(self.get_object()).data, status=status.HTTP_201_CREATED)
