"""Pages of campaigns (OUT, INSP, CONN, METER)."""

from django.urls import path

from gasdesk.campaigns import views, views_route

app_name = "campaigns"

urlpatterns = [
    path("", views.index, name="index"),
    path("outages/new/", views.outage_create, name="outage_create"),
    path("outages/<int:pk>/", views.outage_detail, name="outage"),
    path("outages/<int:pk>/do/<slug:action>/", views.outage_action, name="outage_action"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("visits/<int:pk>/outcome/", views.visit_outcome, name="visit_outcome"),
    path("inspections/route/", views_route.my_route, name="my_route"),
    path("inspections/visits/<int:pk>/tap/", views_route.route_tap, name="route_tap"),
    path("inspections/route/<int:route>/notice/", views_route.route_notice, name="route_notice"),
    path("hazards/<int:pk>/notice/", views.hazard_notice, name="hazard_notice"),
    path("connections/<int:pk>/", views.connection_detail, name="connection"),
    path("connections/<int:pk>/notify/", views.connection_notify, name="connection_notify"),
    path("households/<int:pk>/do/<slug:action>/", views.household_action, name="household"),
    path("households/<int:pk>/notice/", views.household_notice, name="household_notice"),
    path("meters/<int:pk>/", views.meter_detail, name="meter"),
]
