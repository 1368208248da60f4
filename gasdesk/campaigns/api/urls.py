"""API routes of campaigns (OUT, INSP, CONN, METER)."""

from rest_framework.routers import SimpleRouter

from gasdesk.campaigns.api import views, views_work

router = SimpleRouter(trailing_slash=True)
router.register("outages", views.OutageViewSet, basename="outage")
router.register("inspection-plans", views.InspectionPlanViewSet, basename="inspection-plan")
router.register("inspection-visits", views.InspectionVisitViewSet, basename="inspection-visit")
router.register("hazards", views.HazardViewSet, basename="hazard")
router.register("connections", views_work.ConnectionViewSet, basename="connection")
router.register("connection-households", views_work.HouseholdViewSet, basename="household")
router.register("meter-campaigns", views_work.MeterCampaignViewSet, basename="meter-campaign")
router.register("meter-replacements", views_work.ReplacementViewSet, basename="replacement")
urlpatterns = router.urls
