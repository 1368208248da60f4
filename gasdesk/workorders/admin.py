"""Admin: orders are viewed here, changed only through the desk (services); history read-only."""

from django.contrib import admin

from gasdesk.core.admin import ReadOnlyAdmin
from gasdesk.workorders.models import WorkOrder, WorkOrderEvent


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "business_type_name",
        "status",
        "org_unit",
        "received_at",
        "next_due_at",
    ]
    list_filter = ["status", "channel", "tier"]
    search_fields = ["number"]
    show_full_result_count = False  # no COUNT(*) over millions of orders


@admin.register(WorkOrderEvent)
class WorkOrderEventAdmin(ReadOnlyAdmin):
    list_display = ["order", "kind", "at", "by_name"]
    show_full_result_count = False
