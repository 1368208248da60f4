"""Field-work factories: orders through the intake service, then the field services."""

from __future__ import annotations

import base64
import struct
import zlib
from datetime import datetime
from typing import Any

import time_machine

from gasdesk.fieldwork.models import Assignment
from gasdesk.fieldwork.services.dispatch import assign_order
from gasdesk.org.models import OrgUnit, User
from gasdesk.workorders.models import WorkOrder
from gasdesk.workorders.tests.factories import make_order


def assigned_order(
    *,
    agent: User,
    dispatcher: User,
    technician: User,
    unit: OrgUnit,
    at: datetime,
    business_type: str = "repair",
    **fields: Any,
) -> tuple[WorkOrder, Assignment]:
    """An order received and assigned at `at`."""
    with time_machine.travel(at, tick=False):
        order = make_order(by=agent, org_unit=unit, business_type=business_type, **fields)
        assignment = assign_order(order, by=dispatcher, technician=technician)
    return order, assignment


def tiny_png(width: int = 2, height: int = 1) -> bytes:
    """A valid PNG image (what a canvas produces), built without Pillow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def signature_url() -> str:
    return "data:image/png;base64," + base64.b64encode(tiny_png()).decode()
