"""Organisation tree, users and roles, and the one org-scope rule (ORG-*)."""

from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "gasdesk.org"
    label = "org"
    verbose_name = "组织与人员"
