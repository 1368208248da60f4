"""Drill-down pages for the deduction complaints (CMP-19, bench issue 4 K3).

The project's KeysetPagination keys on one column (-id); the drill-down must keep the order
level, levelled_at that cmp_deduction_idx serves, where DRF's cursor would page by OFFSET
within thousands of equal levels. So: numbered pages of LIMIT size+1, no COUNT(*).
"""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from gasdesk.complaints.selectors import DRILL_PAGE, page_number, page_of


class DrilldownPagination(BasePagination):
    page_query_param = "page"

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        self.page = page_number(request.query_params.get(self.page_query_param))
        self.request = request
        rows, self.has_more = page_of(queryset, self.page, DRILL_PAGE)
        return rows

    def _link(self, page: int) -> str:
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, page)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "next": self._link(self.page + 1) if self.has_more else None,
                "previous": self._link(self.page - 1) if self.page > 1 else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }
