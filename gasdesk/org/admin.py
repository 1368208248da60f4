"""Admin for the org tree and users."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from gasdesk.org.models import BodyMembership, OrgUnit, ServiceBody, User
from gasdesk.org.services import create_org_unit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "code", "kind", "parent", "standard_company", "path"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth", "company"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Moving a unit would need its whole subtree re-pathed: not offered here.
        return [*self.readonly_fields, "parent", "kind"] if obj else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = create_org_unit(
            name=obj.name,
            code=obj.code,
            kind=obj.kind,
            parent=obj.parent,
            standard_company=obj.standard_company,
            is_urban=obj.is_urban,
            difficulty_coefficient=obj.difficulty_coefficient,
        )
        obj.pk, obj.path = created.pk, created.path


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "display_name", "org_unit", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("gasdesk", {"fields": ["display_name", "phone", "org_unit", "is_committee_member"]}),
    )


class BodyMembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    """Read-only: posts change through the service organisation page (org.services.appoint)."""

    model = BodyMembership
    fk_name = "body"
    fields = readonly_fields = (
        "user",
        "position",
        "appointed_at",
        "appointed_by",
        "ended_at",
        "ended_by",
    )
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ServiceBody)
class ServiceBodyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "company"]
    list_filter = ["kind"]
    inlines = [BodyMembershipInline]
