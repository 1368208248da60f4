"""Models of planned mass operations: outages (OUT), inspections (INSP), gas connection
(CONN) and meter-replacement campaigns (METER)."""

from gasdesk.campaigns.models.connections import (
    ConnectionCampaign,
    ConnectionEvent,
    ConnectionHousehold,
    HouseholdStatus,
)
from gasdesk.campaigns.models.inspections import (
    Hazard,
    InspectionEvent,
    InspectionPlan,
    InspectionVisit,
    VisitOutcome,
)
from gasdesk.campaigns.models.meters import (
    MeterCampaign,
    MeterCampaignEvent,
    MeterReplacement,
    ReplacementStatus,
)
from gasdesk.campaigns.models.outages import (
    Outage,
    OutageCustomer,
    OutageEvent,
    OutageKind,
    OutageStatus,
    SelectionKind,
)

__all__ = [
    "ConnectionCampaign",
    "ConnectionEvent",
    "ConnectionHousehold",
    "Hazard",
    "HouseholdStatus",
    "InspectionEvent",
    "InspectionPlan",
    "InspectionVisit",
    "MeterCampaign",
    "MeterCampaignEvent",
    "MeterReplacement",
    "Outage",
    "OutageCustomer",
    "OutageEvent",
    "OutageKind",
    "OutageStatus",
    "ReplacementStatus",
    "SelectionKind",
    "VisitOutcome",
]
