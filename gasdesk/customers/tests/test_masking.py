"""Masking of phone and ID numbers in lists and exports (platform rule)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gasdesk.customers.masking import digits_of, mask_id_number, mask_phone


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("0551-62345678", "055*****5678"),
        ("6234567", "***4567"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_phone_keeps_first_three_and_last_four_digits(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("340181199001011234", "340181********1234"),
        ("34018119900101123x", "340181********123x"),
        ("G1234567", "G1****67"),
        ("", ""),
    ],
)
def test_id_number_keeps_region_and_last_four(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked


@given(st.text(alphabet="0123456789 -", max_size=24))
def test_masked_phone_never_shows_more_than_seven_digits(number: str) -> None:
    masked = mask_phone(number)
    assert len(masked) == len(digits_of(number))
    assert len(digits_of(masked)) <= 7
    assert masked.endswith(digits_of(number)[-4:]) or len(digits_of(number)) <= 4
