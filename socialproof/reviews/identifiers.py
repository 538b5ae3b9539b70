"""A product's identifiers (GTIN, MPN, SKU, brand): what search engines match reviews to products by.

A GTIN is 8, 12, 13 or 14 digits whose last is the GS1 check digit; the others
are short printable text. They come from the shop (the invitations API,
``socialproof product set``, an import, a placeholder's data attributes) and
are never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from socialproof.errors import FieldProblem, Invalid
from socialproof.i18n import N_
from socialproof.sanitize import bounded

NAMES = ("gtin", "mpn", "sku", "brand")
TEXT_MAX = 70
GTIN = re.compile(r"\d{8}|\d{12,14}")
BAD_GTIN = N_("a GTIN is 8, 12, 13 or 14 digits with a correct check digit")
BAD_TEXT = N_("at most 70 characters")


@dataclass(frozen=True)
class Identifiers:
    gtin: str | None = None
    mpn: str | None = None
    sku: str | None = None
    brand: str | None = None

    def given(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}


NONE = Identifiers()


def gtin_is_valid(value: str) -> bool:
    """GS1's check: from the right, digits alternately weigh 3 and 1; the total ends in 0."""
    if not GTIN.fullmatch(value):
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(reversed(value)))
    return total % 10 == 0


def parse(data: Mapping[str, Any], prefix: str = "") -> Identifiers:
    """The identifiers among ``data``'s fields (each optional), or an Invalid naming each bad one."""
    errors: dict[str, FieldProblem] = {}
    found: dict[str, str | None] = {}
    for name in NAMES:
        raw = data.get(name)
        if raw is None or raw == "":
            found[name] = None
            continue
        text = bounded(raw, TEXT_MAX) if isinstance(raw, str) else None
        if name == "gtin":
            text = text.replace(" ", "").replace("-", "") if text else None
            if not text or not gtin_is_valid(text):
                errors[prefix + name] = BAD_GTIN
        elif not text:
            errors[prefix + name] = BAD_TEXT
        found[name] = text
    if errors:
        raise Invalid(N_("A product identifier is not valid."), errors)
    return Identifiers(**found)
