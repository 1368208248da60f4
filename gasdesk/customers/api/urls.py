"""API routes of the customer archive: /api/v1/customers/ (CUST-1/4/10)."""

from rest_framework.routers import SimpleRouter

from gasdesk.customers.api.views import CustomerViewSet

router = SimpleRouter(trailing_slash=True)
router.register("customers", CustomerViewSet, basename="customer")
urlpatterns = router.urls
