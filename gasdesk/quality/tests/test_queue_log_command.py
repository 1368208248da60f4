"""AGENT-1: `gasdesk import_calls` imports a file and prints the report; twice adds nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gasdesk.quality.models import HotlineCall
from gasdesk.quality.tests.hotline_factories import synthetic_day
from gasdesk.quality.tests.hotline_fixtures import HotlineOrg


def test_command_imports_and_reports(hotline_org: HotlineOrg, tmp_path: Path) -> None:
    """AGENT-1: 282 lines, 219 imported, 40 DID skipped; run again: 0 imported, 219 duplicates."""
    path = tmp_path / "queue_log"
    path.write_text("".join(f"{x}\n" for x in synthetic_day()), encoding="utf-8")
    out = StringIO()
    call_command(
        "import_calls", str(path), company=hotline_org.company.code, stdout=out, stderr=StringIO()
    )
    text = out.getvalue()
    assert "lines 282, events 219, imported 219, duplicates 0, calls rebuilt 62" in text
    assert "skipped non_asterisk_event: 40 (first lines 5, " in text
    again = StringIO()
    call_command(
        "import_calls", str(path), company=hotline_org.company.code, stdout=again, stderr=StringIO()
    )
    assert "imported 0, duplicates 219, calls rebuilt 0" in again.getvalue()
    assert HotlineCall.objects.count() == 62


def test_command_refuses_unknown_company(hotline_org: HotlineOrg, tmp_path: Path) -> None:
    """AGENT-1: an unknown company code is an error, nothing imported."""
    path = tmp_path / "queue_log"
    path.write_text("", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_calls", str(path), company="NOPE")
    assert HotlineCall.objects.count() == 0
