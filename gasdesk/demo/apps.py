"""Demo data builder (`gasdesk demo`); sits on top of every app."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "gasdesk.demo"
    label = "demo"
    verbose_name = "演示数据"
