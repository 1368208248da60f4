"""Work orders: intake, deadlines, state machine, breach scan (WO-*)."""

from django.apps import AppConfig


class WorkOrdersConfig(AppConfig):
    name = "gasdesk.workorders"
    label = "workorders"
    verbose_name = "工单"
