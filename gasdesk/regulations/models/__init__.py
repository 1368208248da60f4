"""Records of the service regulations (APPT, NOTIFY, TLC, HELP, MGR), one module per area."""

from gasdesk.regulations.models.appointments import (
    ApplicantKind,
    Appointment,
    AppointmentChannel,
    AppointmentEvent,
    AppointmentKind,
    AppointmentScope,
    AppointmentStatus,
    ConductBreach,
)
from gasdesk.regulations.models.assistance import (
    AssistanceRecord,
    AssistanceService,
    DutyRole,
    DutyShift,
    HelperTest,
)
from gasdesk.regulations.models.care import CareEvent, CareVisit, CareVisitStatus
from gasdesk.regulations.models.notification import (
    ConsultationRecord,
    MatterVisit,
    NoticeEvent,
    NoticeStatus,
    OneTimeNotice,
)
from gasdesk.regulations.models.promises import (
    InformedHow,
    PromisedMatter,
    PromiseEvent,
    PromiseOrigin,
    PromiseStatus,
)
from gasdesk.regulations.models.prospects import (
    ManagerGrade,
    ManagerRating,
    Prospect,
    ProspectEvent,
    ProspectStatus,
    ProspectStep,
)

__all__ = [
    "ApplicantKind",
    "AppointmentScope",
    "ConductBreach",
    "DutyRole",
    "DutyShift",
    "InformedHow",
    "ManagerGrade",
    "ManagerRating",
    "Prospect",
    "ProspectEvent",
    "ProspectStatus",
    "ProspectStep",
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
