"""Demo complaints (CMP): registered through `register_complaint` and moved through the
complaint services, so numbers, clocks, events and checks are those of the UI.

Receipt times are spread over the last `days`; the later steps happen at build time (the
services stamp `now`), so a fresh demo's deductions fall in the current quarter.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from faker import Faker

from gasdesk.complaints.intake import register_complaint
from gasdesk.complaints.models import Complaint, ComplaintChannel
from gasdesk.complaints.services import (
    archive_complaint,
    close_complaint,
    record_callback,
    set_level,
)
from gasdesk.core.errors import PermissionDeniedRule
from gasdesk.org.models import OrgUnit, User

CAUSES = ("service_attitude", "timeliness", "construction_quality", "billing", "gas_supply")
# Level mix of the demo: mostly light complaints, a few serious ones.
LEVEL_WEIGHTS = {1: 1, 2: 2, 3: 4, 4: 6, 5: 12}
# Demo mix: draws below 0.5 stay registered, below 0.66 levelled, below CALLBACK_OWED closed
# with the callback owed; the rest are called back and archived.
CALLBACK_OWED = 0.76


@dataclass(frozen=True)
class ComplaintCast:
    """Who acts in the demo complaint flow (one company)."""

    agent: User  # registers (首问负责人)
    specialist: User  # levels, closes, archives
    committee_member: User  # calls back level-1 complaints (CMP-16)
    callback_agent: User  # calls back the others
    target_units: Sequence[OrgUnit]  # departments complained about


def build_complaints(
    cast: ComplaintCast, *, fake: Faker, count: int, now: datetime, days: int = 80
) -> list[Complaint]:
    """Register `count` complaints; about half are levelled, a third closed (most archived)."""
    rng = random.Random(fake.random.random())
    # Evenly spread stages in a shuffled order: even a small demo gets every step of the mix.
    stages = [(n + 0.5) / count for n in range(count)]
    rng.shuffle(stages)
    built = []
    for index, stage in enumerate(stages):
        received = now - timedelta(minutes=rng.randint(30, days * 24 * 60))
        complaint = register_complaint(
            by=cast.agent,
            channel=rng.choice([c.value for c in ComplaintChannel if c != "callback"]),
            complainant_name=fake.name(),
            address=fake.address().split(" ")[0],
            phone=fake.phone_number(),
            target_text=fake.sentence(nb_words=4),
            narrative=fake.paragraph(nb_sentences=2),
            cause=rng.choice(CAUSES),
            target_unit=rng.choice(list(cast.target_units)),
            external_ref=f"12345-DEMO-{index:05d}" if index % 7 == 0 else "",
            received_at=received,
        )
        built.append(_advance(complaint, cast, _draw(rng, stage, count), fake))
    return built


@dataclass(frozen=True)
class _Draw:
    stage: float  # how far the complaint gets (see CALLBACK_OWED)
    level: int
    investigate: bool


def _draw(rng: random.Random, stage: float, count: int) -> _Draw:
    """The last complaint to be archived is level 1, so the committee's callback (CMP-16)
    is in every demo; the others follow LEVEL_WEIGHTS."""
    levels, weights = zip(*LEVEL_WEIGHTS.items(), strict=True)
    level = 1 if stage > 1 - 1 / count else rng.choices(levels, weights)[0]
    return _Draw(stage, level, rng.random() < 0.4)


def _advance(complaint: Complaint, cast: ComplaintCast, draw: _Draw, fake: Faker) -> Complaint:
    stage = draw.stage
    if stage < 0.5:
        return complaint
    set_level(complaint, by=cast.specialist, level=draw.level, needs_investigation=draw.investigate)
    if stage < 0.66:
        return complaint
    close_complaint(complaint, by=cast.specialist, resolution=fake.sentence(nb_words=8))
    if stage < CALLBACK_OWED:
        return complaint  # closed, the callback still owed (the callback agent's list)
    try:
        record_callback(complaint, by=cast.callback_agent, result="客户表示满意")
    except PermissionDeniedRule:  # the pack reserves this level for the committee (CMP-16)
        record_callback(complaint, by=cast.committee_member, result="委员会领导回访，客户满意")
    return archive_complaint(complaint, by=cast.specialist)
