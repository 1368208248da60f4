"""Pages of quality: hotline figures, call-record imports (AGENT, KPI-6…8) and supervision
(SURV-3/4, SCORE-6…13: inspections, surveys, evaluations, what-if) and the assessment
registers (ASSESS-1/3/5/6/7, SURV-5, KPI-8)."""

from django.urls import path

from gasdesk.quality import views, views_assessment, views_supervision

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
    path("evaluations/new/", views_assessment.evaluation_new, name="evaluation_new"),
    path("departments/", views_assessment.department_assessments, name="department_assessments"),
    path("surveys/", views_supervision.surveys, name="surveys"),
    path("surveys/new/", views_assessment.survey_new, name="survey_new"),
    path("awards/", views_assessment.awards, name="awards"),
    path("improvements/", views_assessment.improvements, name="improvements"),
    path(
        "improvements/<int:pk>/",
        views_assessment.improvement_detail,
        name="improvement_detail",
    ),
    path("sanctions/", views_assessment.sanctions, name="sanctions"),
    path("waits/", views_assessment.wait_samples, name="wait_samples"),
    path("channels/", views_assessment.channels, name="channels"),
    path("surveys/<int:pk>/", views_supervision.survey_detail, name="survey_detail"),
]
