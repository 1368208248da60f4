"""Work-order API: reads through selectors, every write through the services."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.workorders import selectors, services
from gasdesk.workorders.api.serializers import (
    AgreeDeadlineInput,
    DeadlineSerializer,
    PaymentInput,
    TransitionInput,
    WorkOrderCreateInput,
    WorkOrderEventSerializer,
    WorkOrderSerializer,
    order_data,
)
from gasdesk.workorders.filters import WorkOrderFilter
from gasdesk.workorders.intake import WorkOrderInput, create_work_order, plan_work_order
from gasdesk.workorders.models import WorkOrder
from gasdesk.workorders.transitions import TRANSITIONS


def _transition_action(name: str) -> Any:
    t = TRANSITIONS[name]

    @extend_schema(request=TransitionInput, responses=WorkOrderSerializer, summary=t.label)
    def handler(self: WorkOrderViewSet, request: Request, pk: str | None = None) -> Response:
        return self._transition(request, name)

    handler.__name__ = f"do_{name}"
    handler.__doc__ = f"{t.label}: {', '.join(sorted(t.sources))} → {t.target}"
    return action(detail=True, methods=["post"], url_path=name.replace("_", "-"))(handler)


class WorkOrderViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[WorkOrder]
):
    """Orders in the caller's org scope; out-of-scope ids answer 404."""

    serializer_class = WorkOrderSerializer
    filterset_class = WorkOrderFilter

    def get_queryset(self) -> Any:
        qs = selectors.visible_orders(self.request.user)  # type: ignore[arg-type]
        return selectors.listed(qs) if self.action == "list" else qs

    @extend_schema(request=WorkOrderCreateInput, responses={201: WorkOrderSerializer})
    def create(self, request: Request) -> Response:
        order = create_work_order(self._input(request), by=request.user)  # type: ignore[arg-type]
        return Response(order_data(order), status=status.HTTP_201_CREATED)

    @extend_schema(request=WorkOrderCreateInput, responses=DeadlineSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="preview-deadlines")
    def preview_deadlines(self, request: Request) -> Response:
        """The deadlines an order would get, computed exactly as on creation; nothing saved."""
        plan = plan_work_order(self._input(request), by=request.user)  # type: ignore[arg-type]
        rows = [
            d.basis(plan.loaded.record.version) | {"clock": d.clock.value} for d in plan.deadlines
        ]
        return Response(DeadlineSerializer(rows, many=True).data)

    @extend_schema(responses=WorkOrderSerializer(many=True))
    @action(detail=False, methods=["get"])
    def queue(self, request: Request) -> Response:
        """Open orders, nearest deadline first; at most `limit` (≤ 200), never a table count."""
        limit = min(int(request.query_params.get("limit", 50)), selectors.QUEUE_LIMIT)
        qs = self.filter_queryset(selectors.dispatcher_queue(request.user))  # type: ignore[arg-type]
        # one long-lived serializer renders each row (order_data): a ListSerializer and its
        # ReturnList hold each other and the page's orders in a reference cycle, which only
        # the garbage collector frees, in 40-50 ms pauses every few dozen requests (Q7)
        return Response([order_data(order) for order in selectors.fetch_page(qs, limit)])

    @extend_schema(responses=WorkOrderEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        return Response(WorkOrderEventSerializer(selectors.order_timeline(order), many=True).data)

    @extend_schema(request=AgreeDeadlineInput, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"], url_path="agree-deadline")
    def agree_deadline(self, request: Request, pk: str | None = None) -> Response:
        data = self._valid(AgreeDeadlineInput, request)
        order = services.agree_deadline(self.get_object(), by=request.user, **data)  # type: ignore[arg-type]
        return Response(WorkOrderSerializer(order).data)

    @extend_schema(request=PaymentInput, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"], url_path="record-payment")
    def record_payment(self, request: Request, pk: str | None = None) -> Response:
        data = self._valid(PaymentInput, request)
        order = services.record_payment(self.get_object(), by=request.user, **data)  # type: ignore[arg-type]
        return Response(WorkOrderSerializer(order).data)

    def _transition(self, request: Request, name: str) -> Response:
        data = self._valid(TransitionInput, request)
        order = services.apply_transition(self.get_object(), name, by=request.user, **data)  # type: ignore[arg-type]
        return Response(WorkOrderSerializer(order).data)

    @staticmethod
    def _valid(serializer_class: type, request: Request) -> dict[str, Any]:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _input(self, request: Request) -> WorkOrderInput:
        return WorkOrderInput(**self._valid(WorkOrderCreateInput, request))


# One POST endpoint per row of the state-machine table (/work-orders/{id}/dispatch/ …).
for _name, _t in TRANSITIONS.items():
    if _t.generic:
        setattr(WorkOrderViewSet, f"do_{_name}", _transition_action(_name))
