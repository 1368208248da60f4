"""API routes of complaints (/api/v1/complaints/…)."""

from rest_framework.routers import SimpleRouter

from gasdesk.complaints.api.views import ComplaintViewSet

router = SimpleRouter(trailing_slash=True)
router.register("complaints", ComplaintViewSet, basename="complaint")
urlpatterns = router.urls
