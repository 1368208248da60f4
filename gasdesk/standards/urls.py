from django.urls import path

from gasdesk.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.organisation, name="organisation"),
    path("appoint/", views.appoint_view, name="appoint"),
    path("memberships/<int:pk>/dismiss/", views.dismiss_view, name="dismiss"),
]
