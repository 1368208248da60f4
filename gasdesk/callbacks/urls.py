"""Pages of callbacks."""

from django.urls import path  # noqa: F401

app_name = "callbacks"

urlpatterns: list = []  # type: ignore[type-arg]
