"""Pages of notices: the log, the failed list, the customer self-service inbox."""

from django.urls import path

from gasdesk.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.message_log, name="log"),
    path("failed/", views.failed, name="failed"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("self-service/", views.self_service, name="self_service"),
    path("self-service/inbox/", views.inbox, name="inbox"),
    path("self-service/leave/", views.leave, name="leave"),
]
