"""Pages of the work-order desk (WO-1…6): intake and deadline preview, queue, order detail."""

from django.urls import path

from gasdesk.workorders import views

app_name = "workorders"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.create, name="create"),
    path("new/preview/", views.preview, name="preview"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<slug:action>/", views.transition, name="transition"),
    path("customer/<int:customer_id>/", views.customer_orders, name="customer_orders"),
]
