"""Customer notices: one layer for SMS, e-mail and the self-service page; log, retries."""

from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "gasdesk.notices"
    label = "notices"
    verbose_name = "客户通知"
