"""API routes of the indicators: include at /api/v1/ (gasdesk/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from gasdesk.quality.kpi.api.views import KpiViewSet

router = SimpleRouter()
router.register("kpis", KpiViewSet, basename="kpi")

urlpatterns = router.urls
