"""API routes of reports."""

from rest_framework.routers import SimpleRouter

from gasdesk.reports.api.views import MonthlyReportViewSet

router = SimpleRouter(trailing_slash=True)
router.register("monthly-reports", MonthlyReportViewSet, basename="monthly-report")
urlpatterns = router.urls
