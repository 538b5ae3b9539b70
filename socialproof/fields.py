"""How every number that arrives from outside is read: one function, one rule.

A number in a query string, a form or a JSON body is ASCII digits (at most
``MAX_DIGITS`` of them) inside a stated range. ``str.isdigit()`` is not that
rule: it accepts "¹" and "₀₁₂", which ``int()`` then refuses, and it accepts
twenty digits, which SQLite's 64-bit integers can't hold. Anything else is
``None``, which the caller turns into the 4xx its context needs.
"""

from __future__ import annotations

import email.policy
import re
from typing import Any

MAX_DIGITS = 18  # 10**18 - 1 fits SQLite's signed 64-bit INTEGER
SQLITE_MAX_ID = 10**MAX_DIGITS - 1
MAX_PAGE = 100_000  # the deepest page any listing serves; past it, a 400 (or page 1 in the workspace)
_ASCII_DIGITS = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}", re.ASCII)


def text_of(data: Any, name: str) -> str:
    """A sent field as text ("" when absent), whatever JSON type it came as: checked by its parser after."""
    value = data.get(name) if hasattr(data, "get") else None
    return "" if value is None else value if isinstance(value, str) else str(value)


def ascii_int(raw: Any, low: int, high: int) -> int | None:
    """``raw`` as an int in ``low..high``, from a JSON integer or a string of ASCII digits; else None.

    Surrounding spaces are forgiven (form fields often carry them); booleans,
    floats, signs, non-ASCII digits and over-long digit strings are not.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip(" ")
        if not _ASCII_DIGITS.fullmatch(text):
            return None
        value = int(text)
    else:
        return None
    return value if low <= value <= high else None


def row_id(raw: Any) -> int | None:
    """A database row id (1 and up, what SQLite can hold), or None."""
    return ascii_int(raw, 1, SQLITE_MAX_ID)


# An e-mail address as this service accepts one: no spaces, controls or lone surrogates anywhere
# (such an address can't be mailed or stored), at most the 254 characters SMTP carries.
_ADDRESS_CHAR = r"[^@\s\x00-\x1f\x7f-\x9f\ud800-\udfff]"
ADDRESS = re.compile(rf"{_ADDRESS_CHAR}+@{_ADDRESS_CHAR}+\.{_ADDRESS_CHAR}+")
ADDRESS_MAX = 254


def is_address(text: str) -> bool:
    """One address that mail can be sent to: it must also read back whole, and alone, through the
    parser that will build the To header (``a@[x.fi`` breaks it; ``postmaster,me@x.fi`` is two)."""
    if len(text) > ADDRESS_MAX or ADDRESS.fullmatch(text) is None:
        return False
    try:
        header = email.policy.default.header_factory("To", text)
        addresses = header.addresses
    except Exception:  # the standard library's parser fails outright on some (a bug of its own)
        return False
    return not header.defects and len(addresses) == 1 and addresses[0].addr_spec == text
