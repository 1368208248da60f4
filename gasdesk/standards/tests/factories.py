"""Pack files for tests: the shipped packs, the 000 item 16 variant and edited copies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from gasdesk.standards.loading import SHIPPED_DIR, parse_pack
from gasdesk.standards.schema import Pack

TEST_PACKS_DIR = Path(__file__).resolve().parent / "packs"
CHAOHU = SHIPPED_DIR / "chaohu" / "2011.yaml"
ITEM16 = TEST_PACKS_DIR / "chaohu-2011-item16.yaml"


def shipped_pack(company: str) -> Pack:
    """The parsed shipped pack of `company` (the only version under packs/<company>/)."""
    (path,) = sorted((SHIPPED_DIR / company).glob("*.yaml"))
    return parse_pack(path.read_text("utf-8"), source_name=f"{company}/{path.name}")


def item16_pack() -> Pack:
    """巢湖 with 000 item 16's tier rule (CUST-2), the alternative to the shipped 004 rule."""
    return parse_pack(ITEM16.read_text("utf-8"), source_name=f"tests/{ITEM16.name}")


def pack_data(path: Path = CHAOHU) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return loaded


def pack_text(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write_variant(
    folder: Path,
    *,
    base: Path = CHAOHU,
    edit: Callable[[dict[str, Any]], None] | None = None,
    **top_level: Any,
) -> Path:
    """A copy of `base` with top-level keys replaced and `edit` applied, written as
    `<folder>/<company>/<version>.yaml` like a shipped pack."""
    data = pack_data(base)
    data.update(top_level)
    if edit is not None:
        edit(data)
    path = folder / str(data["company"]) / f"{data['version']}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(pack_text(data), "utf-8")
    return path


def business_type_data(data: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(b for b in data["business_types"] if b["code"] == code)
    return found
