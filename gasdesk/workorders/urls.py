"""Pages of the work-order desk: intake form, dispatcher queue, order detail."""

from django.urls import path

from gasdesk.workorders import views

app_name = "workorders"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("customer/<int:customer_id>/", views.customer_orders, name="customer_orders"),
]
