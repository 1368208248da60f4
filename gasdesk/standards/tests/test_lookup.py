"""Which pack is in force (STD-1): by company and Shanghai date, by org unit, by row id."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pytest_django import DjangoAssertNumQueries

from gasdesk.core.errors import RuleViolation
from gasdesk.org.tests.factories import make_company, make_unit
from gasdesk.standards.loading import load_pack_file
from gasdesk.standards.lookup import (
    LoadedPack,
    clear_cache,
    loaded_pack,
    pack_for_unit,
    pack_in_force,
)
from gasdesk.standards.models import StandardPack
from gasdesk.standards.tests.factories import CHAOHU, business_type_data, write_variant

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(tmp_path: Path) -> tuple[StandardPack, StandardPack]:
    """chaohu 2011 (repair 4 h) and a 2027 version effective 2027-01-01 (repair 3 h)."""

    def shorten_repair(data: dict[str, Any]) -> None:
        business_type_data(data, "repair")["commitments"][0]["amount"] = 3

    old = load_pack_file(CHAOHU)
    path = write_variant(tmp_path, version="2027", effective_from="2027-01-01", edit=shorten_repair)
    return old, load_pack_file(path)


def _repair_hours(loaded: LoadedPack) -> int:
    return loaded.pack.business_type("repair").commitments[0].amount


def test_std_1_pack_in_force_picks_the_version_by_effective_date(
    two_versions: tuple[StandardPack, StandardPack],
) -> None:
    """STD-1: an order on 2026-12-31 gets the 2011 rules, one on 2027-01-01 the 2027 rules."""
    old, new = two_versions
    before = pack_in_force("chaohu", datetime(2026, 12, 31, 23, 59, tzinfo=SHANGHAI))
    after = pack_in_force("chaohu", datetime(2027, 1, 1, 0, 0, tzinfo=SHANGHAI))
    assert (before.record, _repair_hours(before)) == (old, 4)
    assert (after.record, _repair_hours(after)) == (new, 3)


def test_effective_date_is_read_in_shanghai_time(
    two_versions: tuple[StandardPack, StandardPack],
) -> None:
    """CAL-1: 2026-12-31 16:00 UTC is already 2027-01-01 in Shanghai."""
    _, new = two_versions
    assert pack_in_force("chaohu", datetime(2026, 12, 31, 16, 0, tzinfo=UTC)).record == new


def test_pack_in_force_is_one_query(
    two_versions: tuple[StandardPack, StandardPack],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    """The row without its document: the parsed document is read once per process."""
    at = datetime(2027, 3, 1, tzinfo=SHANGHAI)
    clear_cache()
    with django_assert_num_queries(2):
        first = pack_in_force("chaohu", at)  # cold: the row, then its document
    with django_assert_num_queries(1):
        again = pack_in_force("chaohu", at)
    assert again.pack is first.pack


def test_no_pack_before_the_first_effective_date(
    two_versions: tuple[StandardPack, StandardPack],
) -> None:
    with pytest.raises(RuleViolation) as caught:
        pack_in_force("chaohu", datetime(2010, 12, 31, 12, tzinfo=SHANGHAI))
    assert (caught.value.field, caught.value.message) == (
        "pack",
        "公司 chaohu 在 2010-12-31 没有生效的服务标准",
    )


def test_unknown_company_has_no_pack(packs: list[StandardPack]) -> None:
    with pytest.raises(RuleViolation) as caught:
        pack_in_force("nowhere", datetime(2026, 11, 20, tzinfo=SHANGHAI))
    assert caught.value.field == "pack"


def test_naive_datetime_is_refused(packs: list[StandardPack]) -> None:
    with pytest.raises(ValueError, match="naive"):
        pack_in_force("chaohu", datetime(2026, 11, 20))  # noqa: DTZ001 (the point of the test)


def test_pack_for_unit_uses_the_company_of_the_unit(packs: list[StandardPack], org: Any) -> None:
    loaded = pack_for_unit(org.team_a, datetime(2026, 11, 20, tzinfo=SHANGHAI))
    assert (loaded.record.company, loaded.pack.company_name) == ("chaohu", "巢湖新奥燃气有限公司")


def test_pack_for_unit_of_another_company(packs: list[StandardPack]) -> None:
    company = make_company(standard_company="kunlun96602", name="XX分公司")
    unit = make_unit(parent=company)
    loaded = pack_for_unit(unit, datetime(2026, 11, 20, tzinfo=SHANGHAI))
    assert loaded.pack.hotlines[0].number == "96602"


def test_unit_of_a_company_without_a_pack_code_is_refused(packs: list[StandardPack]) -> None:
    company = make_company(standard_company="", name="未配置公司")
    with pytest.raises(RuleViolation) as caught:
        pack_for_unit(make_unit(parent=company), datetime(2026, 11, 20, tzinfo=SHANGHAI))
    assert caught.value.field == "pack"


def test_loaded_pack_by_id_parses_once(
    packs: list[StandardPack], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    record = packs[0]
    first = loaded_pack(record.pk)
    with django_assert_num_queries(1):
        again = loaded_pack(record.pk)
    assert again.pack is first.pack
    assert again.record == record


def test_loaded_pack_of_a_missing_row(packs: list[StandardPack]) -> None:
    with pytest.raises(RuleViolation) as caught:
        loaded_pack(999_999)
    assert caught.value.field == "pack"
