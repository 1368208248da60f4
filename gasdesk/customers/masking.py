"""Masking of personal numbers in lists, exports and API lists (CUST-1, CUST-10; platform rule).

Pure functions, the same for every company. Lists (search results, API list, Excel export)
always mask; the customer page shows full numbers only to the roles in
`customers.permissions.FULL_CONTACT_ROLES`.

- Phone: keep the first 3 and last 4 digits (`138****5678`), the form customers know from bank
  and carrier statements; the agent confirms a caller by the tail. Shorter numbers keep the last 4
  only; numbers of 4 digits or fewer are fully masked.
- ID number (证件号, 18-character 居民身份证 or other papers): keep the first 6 (the issuing region)
  and the last 4, mask the birth date in between; shorter papers keep the first 2 and last 2.
"""

from __future__ import annotations

import re

MASK = "*"
_NOT_DIGIT = re.compile(r"[^0-9]")
_PHONE_HEAD = 3
_PHONE_TAIL = 4
_ID_HEAD = 6
_ID_TAIL = 4
_SHORT_ID_KEEP = 2


def digits_of(text: str) -> str:
    """The ASCII digits of a phone number as typed ("0551-6234 5678" -> "055162345678")."""
    return _NOT_DIGIT.sub("", text)


def mask_phone(number: str) -> str:
    """`13812345678` -> `138****5678`; separators as typed are dropped."""
    digits = digits_of(number)
    if len(digits) <= _PHONE_TAIL:
        return MASK * len(digits)
    if len(digits) < _PHONE_HEAD + _PHONE_TAIL + 1:
        return MASK * (len(digits) - _PHONE_TAIL) + digits[-_PHONE_TAIL:]
    hidden = len(digits) - _PHONE_HEAD - _PHONE_TAIL
    return digits[:_PHONE_HEAD] + MASK * hidden + digits[-_PHONE_TAIL:]


def mask_id_number(number: str) -> str:
    """`340181199001011234` -> `340181********1234`; an empty value stays empty."""
    value = number.strip()
    if not value:
        return ""
    if len(value) > _ID_HEAD + _ID_TAIL:
        head, tail = _ID_HEAD, _ID_TAIL
    elif len(value) > 2 * _SHORT_ID_KEEP:
        head = tail = _SHORT_ID_KEEP
    else:
        return MASK * len(value)
    return value[:head] + MASK * (len(value) - head - tail) + value[-tail:]
