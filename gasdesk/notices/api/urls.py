"""API routes of notices."""

from rest_framework.routers import SimpleRouter

from gasdesk.notices.api.views import MessageViewSet

router = SimpleRouter(trailing_slash=True)
router.register("messages", MessageViewSet, basename="message")
urlpatterns = router.urls
