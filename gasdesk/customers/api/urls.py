"""API routes of customers."""

urlpatterns: list[object] = []
