"""API routes of business_calendar."""

urlpatterns: list[object] = []
