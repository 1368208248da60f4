"""Pages of customers."""

urlpatterns: list[object] = []
