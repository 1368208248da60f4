"""API routes of standards: the read-only pack API (STD-1)."""

from rest_framework.routers import SimpleRouter

from gasdesk.standards.api.views import StandardPackViewSet

router = SimpleRouter(trailing_slash=True)
router.register("standards", StandardPackViewSet, basename="standard-pack")
urlpatterns = router.urls
