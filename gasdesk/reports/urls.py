"""Pages of reports (RPT-1…4)."""

from django.urls import path

from gasdesk.reports import views

app_name = "reports"

_MONTH = "monthly/<int:company_id>/<str:month>/"

urlpatterns = [
    path(_MONTH, views.monthly, name="monthly"),
    path(_MONTH + "xlsx/", views.monthly_xlsx_download, name="monthly_xlsx"),
    path(_MONTH + "pdf/", views.monthly_pdf_download, name="monthly_pdf"),
    path(_MONTH + "generate/", views.monthly_generate, name="monthly_generate"),
    path(_MONTH + "actions/", views.monthly_actions, name="monthly_actions"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("wallboard/", views.wallboard, name="wallboard"),
]
