"""Service-quality supervision: KPIs, hotline figures, scorecards, evaluations.

SPEC: KPI, AGENT, SCORE, SURV, ASSESS.
"""

from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "gasdesk.quality"
    label = "quality"
    verbose_name = "服务质量"
