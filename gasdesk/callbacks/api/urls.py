"""API routes of callbacks."""

from rest_framework.routers import SimpleRouter

from gasdesk.callbacks.api.views import (
    CallbackPlanViewSet,
    CallbackTaskViewSet,
    FollowUpFormViewSet,
)

router = SimpleRouter(trailing_slash=True)
router.register("callbacks", CallbackTaskViewSet, basename="callback")
router.register("callback-follow-ups", FollowUpFormViewSet, basename="callback-follow-up")
router.register("callback-plans", CallbackPlanViewSet, basename="callback-plan")
urlpatterns = router.urls
