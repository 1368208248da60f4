"""Admin for the customer archive: an inspection view.

Every write goes through services (tier recomputation, TierChange history), so admin neither
adds, changes nor deletes customers; TierChange is read-only like every history model.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gasdesk.core.admin import ReadOnlyAdmin
from gasdesk.customers.models import Customer, CustomerAddress, CustomerPhone, Meter, TierChange


class _ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CustomerPhoneInline(_ReadOnlyInline):
    model = CustomerPhone
    fields = ["number"]


class CustomerAddressInline(_ReadOnlyInline):
    model = CustomerAddress
    fields = ["text", "area", "is_primary"]


class MeterInline(_ReadOnlyInline):
    model = Meter
    fields = ["meter_no", "kind", "installed_on", "service_life_years", "retired_on"]


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ["account_no", "name", "category", "tier", "tier_is_manual", "org_unit"]
    list_filter = ["tier", "category", "tier_is_manual", "is_active"]
    search_fields = ["=account_no", "name"]
    list_select_related = ["org_unit"]
    show_full_result_count = False  # no COUNT(*) over millions of rows
    raw_id_fields = ["org_unit", "customer_manager"]
    inlines = [CustomerPhoneInline, CustomerAddressInline, MeterInline]


@admin.register(TierChange)
class TierChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "customer", "old_tier", "new_tier", "kind", "by_name"]
    list_filter = ["kind", "new_tier"]
    list_select_related = ["customer"]
    raw_id_fields = ["customer", "by"]
