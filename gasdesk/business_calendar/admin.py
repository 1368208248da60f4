"""Admin for the holiday override table (CAL-4); the system administrator maintains it."""

from django.contrib import admin

from gasdesk.business_calendar.models import HolidayOverride, HolidayYear


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["day", "is_workday", "name", "note", "updated_at"]
    list_filter = ["is_workday"]
    search_fields = ["name", "note"]
    date_hierarchy = "day"


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["year", "note", "updated_at"]
