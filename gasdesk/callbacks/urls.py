"""Pages of callbacks (CB-6…15, RPT-4)."""

from django.urls import path

from gasdesk.callbacks import views

app_name = "callbacks"

urlpatterns = [
    path("", views.day_list, name="day_list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/result/", views.record_result, name="record_result"),
    path("<int:pk>/attempt/", views.record_attempt, name="record_attempt"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("follow-ups/<int:pk>/answer/", views.answer, name="answer"),
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/<slug:step>/", views.plan_step, name="plan_step"),
]
