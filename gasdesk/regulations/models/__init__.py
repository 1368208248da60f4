"""Records of the service regulations (APPT, NOTIFY, TLC, HELP, MGR), one module per area."""

from gasdesk.regulations.models.appointments import (
    Appointment,
    AppointmentChannel,
    AppointmentEvent,
    AppointmentKind,
    AppointmentStatus,
)
from gasdesk.regulations.models.assistance import AssistanceRecord, AssistanceService, HelperTest
from gasdesk.regulations.models.care import CareEvent, CareVisit, CareVisitStatus
from gasdesk.regulations.models.notification import (
    ConsultationRecord,
    MatterVisit,
    NoticeEvent,
    NoticeStatus,
    OneTimeNotice,
)
from gasdesk.regulations.models.promises import (
    PromisedMatter,
    PromiseEvent,
    PromiseOrigin,
    PromiseStatus,
)

__all__ = [
    "Appointment",
    "AppointmentChannel",
    "AppointmentEvent",
    "AppointmentKind",
    "AppointmentStatus",
    "AssistanceRecord",
    "AssistanceService",
    "CareEvent",
    "CareVisit",
    "CareVisitStatus",
    "ConsultationRecord",
    "HelperTest",
    "MatterVisit",
    "NoticeEvent",
    "NoticeStatus",
    "OneTimeNotice",
    "PromiseEvent",
    "PromiseOrigin",
    "PromiseStatus",
    "PromisedMatter",
]
