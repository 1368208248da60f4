"""Customer archive, tiers and search (CUST-*)."""

from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "gasdesk.customers"
    label = "customers"
    verbose_name = "客户档案"
