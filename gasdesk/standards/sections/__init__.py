"""Pack sections of the later areas, one module per area (each owned by that area's app)."""

from gasdesk.standards.sections.callbacks import CallbackRules
from gasdesk.standards.sections.campaigns import CampaignRules
from gasdesk.standards.sections.complaints import ComplaintRules
from gasdesk.standards.sections.fieldwork import FieldworkRules
from gasdesk.standards.sections.hotline import HotlineRules
from gasdesk.standards.sections.indicators import IndicatorRules
from gasdesk.standards.sections.notices import NoticeRules
from gasdesk.standards.sections.organisation import OrganisationRules
from gasdesk.standards.sections.regulations import RegulationRules
from gasdesk.standards.sections.reports import ReportRules
from gasdesk.standards.sections.scorecard import ScorecardRules

__all__ = [
    "CallbackRules",
    "CampaignRules",
    "ComplaintRules",
    "FieldworkRules",
    "NoticeRules",
    "OrganisationRules",
    "HotlineRules",
    "IndicatorRules",
    "RegulationRules",
    "ReportRules",
    "ScorecardRules",
]
