"""Only this app's API under /api/v1/ (STD-1), so its tests do not depend on other apps' routes."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("gasdesk.standards.api.urls"))]
