"""Pages of workorders."""

urlpatterns: list[object] = []
