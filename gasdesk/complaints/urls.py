"""Pages of complaints (/complaints/…)."""

from django.urls import path

from gasdesk.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("new/", views.create, name="create"),
    path("department/", views.department, name="department"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<slug:action>/", views.step, name="step"),
    path("<int:pk>/appeal/", views.appeal, name="appeal"),
    path("<int:pk>/appeals/<int:appeal_pk>/decide/", views.decide, name="decide"),
]
