"""API routes of the work-order desk."""

from rest_framework.routers import SimpleRouter

from gasdesk.workorders.api.views import WorkOrderViewSet

router = SimpleRouter(trailing_slash=True)
router.register("work-orders", WorkOrderViewSet, basename="work-order")
urlpatterns = router.urls
