"""Loading packs: validation with file and path, idempotence, new versions only, diff (STD-1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gasdesk.org.models import User
from gasdesk.standards import loading
from gasdesk.standards.loading import (
    PackError,
    diff_packs,
    load_all_shipped,
    load_pack_file,
    parse_pack,
    shipped_pack_files,
)
from gasdesk.standards.models import PackStatus, StandardPack
from gasdesk.standards.tests.factories import (
    CHAOHU,
    business_type_data,
    pack_data,
    pack_text,
    shipped_pack,
    write_variant,
)


def _problems(
    data: dict[str, Any], source_name: str = "chaohu/bad.yaml"
) -> tuple[dict[str, str], str]:
    with pytest.raises(PackError) as caught:
        parse_pack(pack_text(data), source_name=source_name)
    return {p.path: p.problem for p in caught.value.problems}, str(caught.value)


def test_unknown_key_is_named_with_its_path() -> None:
    data = pack_data()
    data["business_types"][3]["colour"] = "red"
    problems, message = _problems(data)
    assert list(problems) == ["business_types[3].colour"]
    assert "chaohu/bad.yaml: business_types[3].colour: 不允许的键" in message


def test_wrong_unit_is_named_with_its_path() -> None:
    data = pack_data()
    data["business_types"][3]["commitments"][0]["unit"] = "fortnights"
    problems, message = _problems(data)
    assert problems["business_types[3].commitments[0].unit"].startswith("不是允许的单位")
    assert "chaohu/bad.yaml: business_types[3].commitments[0].unit: 不是允许的单位" in message


def test_negative_amount_is_refused() -> None:
    data = pack_data()
    data["business_types"][5]["commitments"][0]["amount"] = -4
    problems, _ = _problems(data)
    assert problems == {"business_types[5].commitments[0].amount": "不能小于 0，实际为 -4"}


def test_duplicate_business_type_codes_are_refused() -> None:
    data = pack_data()
    data["business_types"][1]["code"] = data["business_types"][0]["code"]
    problems, _ = _problems(data)
    assert problems == {"business_types": "duplicate business type codes ['commercial_install']"}


def test_std_6_trial_without_trial_months_is_refused() -> None:
    """STD-6: a trial pack must say how long the trial lasts (or that it is open-ended)."""
    data = pack_data()
    data["status"] = "trial"
    problems, _ = _problems(data)
    assert problems == {"trial_months": "trial_months is required when status is trial"}


def test_every_problem_is_listed_at_once() -> None:
    data = pack_data()
    data["colour"] = "red"
    data["business_types"][3]["commitments"][0]["unit"] = "fortnights"
    del data["company_name"]
    problems, _ = _problems(data)
    assert set(problems) == {
        "colour",
        "business_types[3].commitments[0].unit",
        "company_name",
    }


def test_repeated_yaml_key_is_refused_with_its_line() -> None:
    text = CHAOHU.read_text("utf-8").replace('version: "2011"', 'version: "2011"\nversion: x')
    with pytest.raises(PackError) as caught:
        parse_pack(text, source_name="chaohu/2011.yaml")
    assert caught.value.path.startswith("第 ")
    assert "重复的键 'version'" in caught.value.problem


def test_document_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(PackError) as caught:
        parse_pack("- a\n- b\n", source_name="x/list.yaml")
    assert caught.value.problem == "文档必须是键值映射"


@pytest.mark.django_db
def test_bad_file_saves_nothing(tmp_path: Path) -> None:
    path = write_variant(tmp_path, version="bad", edit=lambda d: d.update(colour="red"))
    with pytest.raises(PackError) as caught:
        load_pack_file(path)
    assert caught.value.source_name == "chaohu/bad.yaml"
    assert StandardPack.objects.count() == 0


@pytest.mark.django_db
def test_std_1_load_all_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """STD-1: one bad file among the shipped ones: no pack is saved."""
    write_variant(tmp_path, version="2011")
    write_variant(tmp_path, version="2012", edit=lambda d: d.update(colour="red"))
    monkeypatch.setattr(loading, "SHIPPED_DIR", tmp_path)
    with pytest.raises(PackError):
        load_all_shipped()
    assert StandardPack.objects.count() == 0


@pytest.mark.django_db
def test_std_1_every_shipped_pack_loads(sysadmin: User) -> None:
    """STD-1: the shipped packs load with their version, effective date, status and source."""
    records = load_all_shipped(by=sysadmin)
    assert len(records) == len(shipped_pack_files()) == 4
    chaohu = StandardPack.objects.get(company="chaohu")
    assert (chaohu.version, str(chaohu.effective_from)) == ("2011", "2011-01-01")
    assert (chaohu.status, chaohu.trial_months) == (PackStatus.DEFINITIVE, None)
    assert chaohu.source_name == "chaohu/2011.yaml"
    assert len(chaohu.source_sha256) == 64
    assert chaohu.loaded_by == sysadmin
    assert chaohu.document["company_name"] == "巢湖新奥燃气有限公司"
    kunlun = StandardPack.objects.get(company="kunlun96602")
    assert (kunlun.status, kunlun.trial_months) == (PackStatus.TRIAL, None)


@pytest.mark.django_db
def test_loading_the_same_file_again_returns_the_existing_row() -> None:
    first = load_all_shipped()
    again = load_all_shipped()
    assert [r.pk for r in again] == [r.pk for r in first]
    assert StandardPack.objects.count() == 4


@pytest.mark.django_db
def test_changed_file_under_a_loaded_version_is_refused(tmp_path: Path) -> None:
    """STD-1: a change must be a new version; the stored row is unchanged."""
    original = load_pack_file(CHAOHU)

    def shorten_repair(data: dict[str, Any]) -> None:
        business_type_data(data, "repair")["commitments"][0]["amount"] = 3

    path = write_variant(tmp_path, edit=shorten_repair)
    with pytest.raises(PackError) as caught:
        load_pack_file(path)
    assert caught.value.path == "version"
    assert "须发布新版本" in caught.value.problem
    stored = StandardPack.objects.get()
    assert stored.source_sha256 == original.source_sha256
    assert stored.document == original.document


def test_diff_reports_changes_by_business_type_and_commitment_code() -> None:
    old = shipped_pack("chaohu")
    data = pack_data()
    data["version"] = "2027"
    business_type_data(data, "repair")["commitments"][0]["amount"] = 3
    data["business_types"] = [b for b in data["business_types"] if b["code"] != "care_visit"]
    new = parse_pack(pack_text(data), source_name="chaohu/2027.yaml")
    assert diff_packs(old, new) == [
        'version: "2011" → "2027"',
        "business_types[repair].commitments[C8].amount: 4 → 3",
        'business_types[care_visit]: 删除 {"code": "care_visit", "name": "大客户拜访", '
        '"family": "care", "commitments": [], "source": "000 item 23; 004 三.2"}',
    ]


def test_diff_of_identical_packs_is_empty() -> None:
    assert diff_packs(shipped_pack("aode"), shipped_pack("aode")) == []
