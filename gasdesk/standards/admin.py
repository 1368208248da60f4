"""Admin for loaded packs: read-only, because a loaded version never changes (STD-1)."""

from django.contrib import admin

from gasdesk.core.admin import ReadOnlyAdmin
from gasdesk.standards.models import StandardPack


@admin.register(StandardPack)
class StandardPackAdmin(ReadOnlyAdmin):
    list_display = [
        "company",
        "company_name",
        "version",
        "effective_from",
        "status",
        "source_name",
        "loaded_at",
    ]
    list_filter = ["company", "status"]
    search_fields = ["company", "company_name", "version"]
