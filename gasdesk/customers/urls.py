"""Pages of the customer archive (CUST-10): /customers/ is the agent's intake screen."""

from django.urls import path

from gasdesk.customers import views

app_name = "customers"

urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/override-tier/", views.override_tier, name="override_tier"),
]
