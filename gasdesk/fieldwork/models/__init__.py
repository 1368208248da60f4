"""Field-work tables (DSP, EMG): assignments, visits and notices, emergencies, idempotency."""

from gasdesk.fieldwork.models.dispatch import (
    Assignment,
    AssignmentKind,
    ClientRequest,
    FieldEvent,
)
from gasdesk.fieldwork.models.emergencies import Emergency, EmergencyEscalation
from gasdesk.fieldwork.models.visits import (
    FieldVisit,
    FollowUpTask,
    HazardNotice,
    NotMetNotice,
    VisitOutcome,
    VisitPhoto,
)

__all__ = [
    "Assignment",
    "AssignmentKind",
    "ClientRequest",
    "Emergency",
    "EmergencyEscalation",
    "FieldEvent",
    "FieldVisit",
    "FollowUpTask",
    "HazardNotice",
    "NotMetNotice",
    "VisitOutcome",
    "VisitPhoto",
]
