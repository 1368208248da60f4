"""STD-1: pack versions stored by an earlier release still parse after a schema change.

A loaded pack is immutable and every order points at the row that set its deadlines, so the
documents in the database outlive the code that wrote them. A field added to a section must
therefore have a default: otherwise every stored version (and every order's deadline basis)
fails to load after an upgrade. `stored/<date>/` holds the documents exactly as the release of
that date stored them (`Pack.model_dump(mode="json")` of the shipped packs).
"""

import json
from pathlib import Path

import pytest

from gasdesk.standards.schema import Pack

STORED = Path(__file__).parent / "stored"
DOCUMENTS = sorted(STORED.glob("*/*.json"))


def test_std_1_stored_documents_exist() -> None:
    assert len(DOCUMENTS) >= 4


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_std_1_document_stored_by_an_earlier_release_still_parses(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    pack = Pack.model_validate(document)
    assert pack.company == document["company"]
    assert len(pack.business_types) == len(document["business_types"])
