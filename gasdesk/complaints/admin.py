"""Read-only admin views of complaints: every write goes through the services (CMP-17)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gasdesk.complaints.models import Complaint, ComplaintAppeal, ComplaintEvent


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = [
        "number", "status", "level", "is_valid", "channel", "target_unit", "received_at",
    ]  # fmt: skip
    list_filter = ["status", "level", "is_valid", "channel"]
    search_fields = ["number", "external_ref"]
    show_full_result_count = False  # no COUNT(*) over millions of rows


@admin.register(ComplaintEvent)
class ComplaintEventAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "kind", "at", "by_name"]
    show_full_result_count = False


@admin.register(ComplaintAppeal)
class ComplaintAppealAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "unit", "status", "filed_at", "decided_at"]
