"""Admin helpers: history models are read-only everywhere."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gasdesk.core.models import JobLease


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """For append-only history: viewable, never added, changed or deleted through admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(JobLease)
class JobLeaseAdmin(ReadOnlyAdmin):
    list_display = ["name", "holder", "lease_until", "last_started_at", "last_finished_at"]
