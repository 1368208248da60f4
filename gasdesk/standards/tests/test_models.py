"""A loaded pack never changes (STD-1): no save of an existing row, no bulk update."""

from __future__ import annotations

import pytest

from gasdesk.standards.models import PackImmutableError, StandardPack

pytestmark = pytest.mark.django_db


def test_std_1_changing_a_loaded_row_raises_and_changes_nothing(packs: list[StandardPack]) -> None:
    record = StandardPack.objects.get(company="chaohu")
    record.document = {**record.document, "company_name": "改名"}
    with pytest.raises(PackImmutableError):
        record.save()
    assert StandardPack.objects.get(company="chaohu").document["company_name"] == (
        "巢湖新奥燃气有限公司"
    )


def test_std_1_bulk_update_is_refused(packs: list[StandardPack]) -> None:
    with pytest.raises(PackImmutableError):
        StandardPack.objects.filter(company="chaohu").update(version="2012")
    assert StandardPack.objects.get(company="chaohu").version == "2011"


def test_string_names_company_and_version(packs: list[StandardPack]) -> None:
    assert str(StandardPack.objects.get(company="aode")) == "科左中旗奥德燃气有限公司 2022"
