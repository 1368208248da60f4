"""Read-only admin list of the monthly report snapshots (writes go through services)."""

from django.contrib import admin

from gasdesk.reports.models import MonthlyReport


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("company", "month", "status", "generated_at", "build_ms")
    list_filter = ("status",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
