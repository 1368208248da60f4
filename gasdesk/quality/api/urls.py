"""API routes of quality: hotline call-record imports and figures; supervision (SURV, SCORE)."""

from rest_framework.routers import SimpleRouter

from gasdesk.quality.api.supervision_views import (
    EvaluationViewSet,
    InspectionViewSet,
    SurveyViewSet,
)
from gasdesk.quality.api.views import CallImportViewSet, HotlineFiguresViewSet

router = SimpleRouter(trailing_slash=True)
router.register("quality/call-imports", CallImportViewSet, basename="call-import")
router.register("quality/hotline", HotlineFiguresViewSet, basename="hotline-figures")
router.register("quality/inspections", InspectionViewSet, basename="inspection")
router.register("quality/evaluations", EvaluationViewSet, basename="evaluation")
router.register("quality/surveys", SurveyViewSet, basename="survey")
urlpatterns = router.urls
