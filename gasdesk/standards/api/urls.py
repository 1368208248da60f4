"""API routes of standards."""

urlpatterns: list[object] = []
