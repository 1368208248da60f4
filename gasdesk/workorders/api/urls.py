"""API routes of workorders."""

urlpatterns: list[object] = []
