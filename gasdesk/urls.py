"""Top-level URLs: pages, admin, the REST API and its schema."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from gasdesk.core import views as core_views
from gasdesk.org import views as org_views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/v1/", include("gasdesk.api_urls")),
    path("customers/", include("gasdesk.customers.urls")),
    path("orders/", include("gasdesk.workorders.urls")),
    path("notices/", include("gasdesk.notices.urls")),
    path("desk/", include("gasdesk.regulations.urls")),
    path("field/", include("gasdesk.fieldwork.urls")),
    path("campaigns/", include("gasdesk.campaigns.urls")),
    path("complaints/", include("gasdesk.complaints.urls")),
    path("callbacks/", include("gasdesk.callbacks.urls")),
    path("quality/", include("gasdesk.quality.urls")),
    path("kpi/", include("gasdesk.quality.kpi.urls")),
    path("reports/", include("gasdesk.reports.urls")),
    path("organisation/", include("gasdesk.standards.urls")),
]
