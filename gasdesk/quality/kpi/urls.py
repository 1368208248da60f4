"""Pages of the indicators (KPI-*)."""

from django.urls import path

from gasdesk.quality.kpi import views

app_name = "kpi"

urlpatterns = [
    path("", views.kpi_page, name="table"),
    path("<str:code>/records/", views.kpi_drilldown, name="records"),
]
