"""Pages of the service regulations under /desk/ (APPT, NOTIFY, TLC, HELP, MGR)."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import TemplateView

from gasdesk.regulations.views import (
    appointments,
    board,
    care,
    duty,
    notification,
    promises,
    prospects,
)

app_name = "regulations"

urlpatterns = [
    path(
        "", login_required(TemplateView.as_view(template_name="regulations/home.html")), name="home"
    ),
    path("appointments/", appointments.appointment_list, name="appointments"),
    path("appointments/new/", appointments.appointment_new, name="appointment_new"),
    path("appointments/export.csv", appointments.appointment_export, name="appointment_export"),
    path("appointments/<int:pk>/", appointments.appointment_detail, name="appointment_detail"),
    path(
        "appointments/<int:pk>/do/<slug:action>/",
        appointments.appointment_action,
        name="appointment_action",
    ),
    path("notices/", notification.notice_list, name="notices"),
    path("notices/new/", notification.notice_new, name="notice_new"),
    path("notices/<int:pk>/print/", notification.notice_print, name="notice_print"),
    path("notices/<int:pk>/receive/", notification.notice_receive, name="notice_receive"),
    path("consultations/", notification.consultation_log, name="consultations"),
    path("customers/<int:customer_id>/flags/", notification.customer_flags, name="customer_flags"),
    path("promises/", promises.promise_list, name="promises"),
    path("promises/new/", promises.promise_new, name="promise_new"),
    path("promises/<int:pk>/", promises.promise_detail, name="promise_detail"),
    path("promises/<int:pk>/do/<slug:action>/", promises.promise_action, name="promise_action"),
    path("assistance/", promises.assistance_desk, name="assistance"),
    path("assistance/duty/", duty.duty_roster, name="duty"),
    path("assistance/duty/<int:pk>/<slug:action>/", duty.duty_action, name="duty_action"),
    path("board/<slug:company>/", board.notice_board, name="board"),
    path("prospects/", prospects.prospect_list, name="prospects"),
    path("prospects/<int:pk>/", prospects.prospect_detail, name="prospect_detail"),
    path(
        "prospects/<int:pk>/do/<slug:action>/",
        prospects.prospect_action,
        name="prospect_action",
    ),
    path("managers/ratings/", prospects.rate_manager, name="rate_manager"),
    path("managers/strategy/", care.tier_strategy, name="tier_strategy"),
    path("managers/", care.portfolio, name="portfolio"),
    path("managers/leaders/", care.leader_board, name="leaders"),
    path("managers/visits/<int:pk>/record/", care.visit_record, name="visit_record"),
    path("managers/assign/<int:customer_id>/", care.assign_manager, name="assign_manager"),
]
