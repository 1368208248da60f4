"""SMS-1: templates render only the fixed field set; the pack refuses anything else."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from gasdesk.notices.rendering import render
from gasdesk.standards.sections.notices import MessageTemplate


def test_render_fills_known_fields_and_blanks_missing_ones() -> None:
    text = "尊敬的{customer_name}：{start_at}停气，咨询{hotline}。"
    at = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert render(text, {"customer_name": "王芳", "start_at": at, "secret": "x"}) == (
        "尊敬的王芳：2026年11月23日 09:00停气，咨询。"
    )


@pytest.mark.parametrize(
    "text",
    [
        "{customer_name.__class__}",
        "{customer_name[0]}",
        "{customer_name:>100000}",
        "{customer_name!r}",
        "{password}",
        "{0}",
    ],
)
def test_pack_refuses_templates_beyond_plain_known_fields(text: str) -> None:
    with pytest.raises(ValidationError):
        MessageTemplate(text=text)
