"""Admin for the org tree and users."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from gasdesk.org.models import OrgUnit, User


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "code", "kind", "parent", "standard_company", "path"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth", "company"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "display_name", "org_unit", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("gasdesk", {"fields": ["display_name", "phone", "org_unit", "is_committee_member"]}),
    )
