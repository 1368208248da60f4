"""Pages of field work (DSP, EMG)."""

from django.urls import path

from gasdesk.fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("", views.my_day, name="my_day"),
    path("<int:pk>/tap/<slug:action>/", views.tap, name="tap"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("notices/not-met/<int:pk>/", views.not_met_notice, name="not_met_notice"),
    path("notices/hazard/<int:pk>/", views.hazard_notice, name="hazard_notice"),
    path("dispatch/", views.dispatch_board, name="dispatch"),
    path("emergencies/", views.emergencies, name="emergencies"),
]
