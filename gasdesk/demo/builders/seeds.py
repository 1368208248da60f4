"""Seed discipline of the demo: every stage draws from its own stream (ORG-1, CUST-1, WO-1).

A stage is named by its parts (e.g. "customers", "CHAOHU"); changing the size of one stage
leaves the names, numbers and choices of every other stage as they were.
"""

from __future__ import annotations

import zlib

from faker import Faker


def stage_seed(seed: int, *parts: str) -> str:
    """Each stage (staff, a company's customers, its orders) draws from its own stream."""
    return ":".join([str(seed), *parts])


def stage_int(seed: int, *parts: str) -> int:
    """The stage's seed as an int, for builders that take `random.Random(seed: int)`."""
    return zlib.crc32(stage_seed(seed, *parts).encode())


def stage_faker(seed: int, *parts: str) -> Faker:
    """One Chinese Faker per stage."""
    fake = Faker("zh_CN")
    fake.seed_instance(stage_seed(seed, *parts))
    return fake
