"""Pages of quality: hotline figures, call-record imports (AGENT, KPI-6…8) and supervision
(SURV-3/4, SCORE-6…13: inspections, surveys, evaluations, what-if)."""

from django.urls import path

from gasdesk.quality import views, views_supervision

app_name = "quality"

urlpatterns = [
    path("hotline/", views.hotline, name="hotline"),
    path("hotline/imports/", views.call_imports, name="call_imports"),
    path("inspections/", views_supervision.inspections, name="inspections"),
    path("inspections/new/", views_supervision.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views_supervision.inspection_detail, name="inspection_detail"),
    path("evaluations/", views_supervision.evaluations, name="evaluations"),
    path("evaluations/<int:pk>/", views_supervision.evaluation_detail, name="evaluation_detail"),
    path(
        "evaluations/<int:pk>/what-if/",
        views_supervision.evaluation_what_if,
        name="evaluation_what_if",
    ),
    path("surveys/", views_supervision.surveys, name="surveys"),
    path("surveys/<int:pk>/", views_supervision.survey_detail, name="survey_detail"),
]
