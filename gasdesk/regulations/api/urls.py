"""API routes of the service regulations (APPT, NOTIFY, TLC, HELP, MGR)."""

from rest_framework.routers import SimpleRouter

from gasdesk.regulations.api.care_views import CareVisitViewSet, CustomerManagerViewSet
from gasdesk.regulations.api.desk_views import (
    ConductBreachViewSet,
    DutyShiftViewSet,
    ManagerRatingViewSet,
    ProspectViewSet,
)
from gasdesk.regulations.api.views import (
    AppointmentViewSet,
    AssistanceViewSet,
    ConsultationViewSet,
    NoticeViewSet,
    PromisedMatterViewSet,
)

router = SimpleRouter(trailing_slash=True)
router.register("appointments", AppointmentViewSet, basename="appointment")
router.register("one-time-notices", NoticeViewSet, basename="one-time-notice")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("promised-matters", PromisedMatterViewSet, basename="promised-matter")
router.register("assistance", AssistanceViewSet, basename="assistance")
router.register("customer-managers", CustomerManagerViewSet, basename="customer-manager")
router.register("care-visits", CareVisitViewSet, basename="care-visit")
router.register("prospects", ProspectViewSet, basename="prospect")
router.register("duty-shifts", DutyShiftViewSet, basename="duty-shift")
router.register("manager-ratings", ManagerRatingViewSet, basename="manager-rating")
router.register("conduct-breaches", ConductBreachViewSet, basename="conduct-breach")
urlpatterns = router.urls
