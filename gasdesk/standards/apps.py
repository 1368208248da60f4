"""Service-standard packs: versioned, validated company rules (STD-*)."""

from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "gasdesk.standards"
    label = "standards"
    verbose_name = "服务标准"
