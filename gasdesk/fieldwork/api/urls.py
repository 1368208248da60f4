"""API routes of field work (DSP, EMG)."""

from rest_framework.routers import SimpleRouter

from gasdesk.fieldwork.api.views import EmergencyViewSet, FieldOrderViewSet

router = SimpleRouter(trailing_slash=True)
router.register("field-orders", FieldOrderViewSet, basename="field-order")
router.register("emergencies", EmergencyViewSet, basename="emergency")
urlpatterns = router.urls
