"""Notice API: the log and the failed list in the caller's scope; a retry action."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gasdesk.notices import selectors, services
from gasdesk.notices.api.serializers import EmptyInput, MessageSerializer
from gasdesk.notices.models import Message


class MessageViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Message]
):
    """Messages in the caller's org scope (recipients masked); out-of-scope ids answer 404."""

    serializer_class = MessageSerializer

    def get_queryset(self) -> Any:
        queryset = selectors.visible_messages(self.request.user)  # type: ignore[arg-type]
        status = self.request.query_params.get("status")
        return queryset.filter(status=status) if status else queryset

    @extend_schema(responses=MessageSerializer(many=True))
    @action(detail=False, methods=["get"])
    def failed(self, request: Request) -> Response:
        """Failed sends (waiting for retry) and those given up, newest first."""
        page = self.paginate_queryset(selectors.failed_messages(request.user))  # type: ignore[arg-type]
        return self.get_paginated_response(MessageSerializer(page, many=True).data)

    @extend_schema(request=EmptyInput, responses=MessageSerializer, summary="重新发送")
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str | None = None) -> Response:
        message = services.retry_message(self.get_object(), by=request.user)  # type: ignore[arg-type]
        return Response(MessageSerializer(message).data)
