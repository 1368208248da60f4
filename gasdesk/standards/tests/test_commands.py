"""`gasdesk standards load|list|show|diff` (STD-1)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from gasdesk.standards.models import StandardPack
from gasdesk.standards.tests.factories import CHAOHU, business_type_data, write_variant

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("standards", *args, stdout=out)
    return out.getvalue()


def test_load_all_is_idempotent() -> None:
    """STD-1: `make run` calls `standards load --all` at every start."""
    first = _run("load", "--all")
    again = _run("load", "--all")
    assert first == again
    assert "chaohu/2011.yaml: chaohu 2011 已加载" in first
    assert StandardPack.objects.count() == 4


def test_load_one_file() -> None:
    assert _run("load", str(CHAOHU)).strip() == "chaohu/2011.yaml: chaohu 2011 已加载"
    assert StandardPack.objects.get().company == "chaohu"


def test_load_needs_a_path_or_all() -> None:
    with pytest.raises(CommandError, match="二选一"):
        _run("load")
    with pytest.raises(CommandError, match="二选一"):
        _run("load", str(CHAOHU), "--all")


def test_load_of_a_bad_file_names_file_and_path_and_saves_nothing(tmp_path: Path) -> None:
    def bad_unit(data: dict[str, Any]) -> None:
        business_type_data(data, "repair")["commitments"][0]["unit"] = "hour"

    path = write_variant(tmp_path, version="bad", edit=bad_unit)
    with pytest.raises(CommandError) as caught:
        _run("load", str(path))
    assert "chaohu/bad.yaml: business_types[5].commitments[0].unit: 不是允许的单位" in str(
        caught.value
    )
    assert StandardPack.objects.count() == 0


def test_list_shows_every_loaded_pack(packs: list[StandardPack]) -> None:
    lines = _run("list").splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["aode", "2022"],
        ["chaohu", "2011"],
        ["chongqing", "2010"],
        ["kunlun96602", "2020"],
    ]


def test_show_prints_business_types_and_commitments(packs: list[StandardPack]) -> None:
    """STD-5: the commitments in readable form, e.g. C8 repair arrival 4 hours."""
    out = _run("show", "chaohu", "--version", "2011")
    assert "repair                     户内燃气设施报修" in out
    assert "C8       到达  自受理起 4 小时" in out
    assert "C9b      到达  自受理起 30 分钟  [remote=50]" in out
    assert "可与用户另行约定" in out
    assert "热线 投诉电话: 0565-2856666" in out


def test_show_without_version_shows_the_pack_in_force(packs: list[StandardPack]) -> None:
    assert "科左中旗奥德燃气有限公司 2022" in _run("show", "aode")


def test_show_unknown_version() -> None:
    with pytest.raises(CommandError, match="没有已加载的服务标准包"):
        _run("show", "chaohu", "--version", "1999")


def test_diff_lists_the_changes_between_versions(tmp_path: Path) -> None:
    def shorten_repair(data: dict[str, Any]) -> None:
        business_type_data(data, "repair")["commitments"][0]["amount"] = 3

    _run("load", str(CHAOHU))
    _run("load", str(write_variant(tmp_path, version="2027", edit=shorten_repair)))
    out = _run("diff", "chaohu", "2011", "2027")
    assert out.splitlines() == [
        'version: "2011" → "2027"',
        "business_types[repair].commitments[C8].amount: 4 → 3",
    ]
