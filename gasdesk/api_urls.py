"""REST API v1: each app contributes its routes."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include("gasdesk.business_calendar.api.urls")),
    path("", include("gasdesk.standards.api.urls")),
    path("", include("gasdesk.customers.api.urls")),
    path("", include("gasdesk.workorders.api.urls")),
    path("", include("gasdesk.notices.api.urls")),
    path("", include("gasdesk.regulations.api.urls")),
    path("", include("gasdesk.fieldwork.api.urls")),
    path("", include("gasdesk.campaigns.api.urls")),
    path("", include("gasdesk.complaints.api.urls")),
    path("", include("gasdesk.callbacks.api.urls")),
    path("", include("gasdesk.quality.api.urls")),
    path("", include("gasdesk.quality.kpi.api_urls")),
    path("", include("gasdesk.reports.api.urls")),
]
