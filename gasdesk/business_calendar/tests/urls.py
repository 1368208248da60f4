"""This app's API under its real prefix, so its tests do not depend on other apps' routes."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("gasdesk.business_calendar.api.urls"))]
