"""The shop's trust profile: who the shop is, checked where it can be.

Only what the merchant has set is shown. The Finnish business ID is accepted
only with a right check digit; numbers about the shop (its rating, how many
recommend it) are computed from stored reviews and recommendations, never set.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from babel import Locale
from PIL import Image, ImageOps, UnidentifiedImageError

from socialproof import clock
from socialproof.errors import FieldProblem, Invalid, Message, plural
from socialproof.i18n import N_
from socialproof.sanitize import plain_text

BUSINESS_ID = re.compile(r"(\d{7})-(\d)")
BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
GREETING_MAX, NAME_MAX, URL_MAX, PHOTO_PX = 300, 80, 2000, 160
PHOTO_FILE_MAX = 20 * 1024 * 1024
COUNTRIES = {code for code in map(str, Locale("en").territories) if len(code) == 2 and code.isalpha()}


def valid_business_id(value: str) -> bool:
    """A Finnish Y-tunnus NNNNNNN-C whose check digit C matches its seven digits."""
    match = BUSINESS_ID.fullmatch(value)
    if not match:
        return False
    remainder = sum(int(d) * w for d, w in zip(match.group(1), BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return False
    return int(match.group(2)) == (0 if remainder == 0 else 11 - remainder)


def photo_data_uri(image: Image.Image) -> str:
    """A small square JPEG of a portrait, every byte of metadata left behind.

    Kept inline in the database: one small image needs no file storage and no
    third-party host that would see the shoppers' addresses.
    """
    square = ImageOps.fit(ImageOps.exif_transpose(image).convert("RGB"), (PHOTO_PX, PHOTO_PX))
    buffer = io.BytesIO()
    square.save(buffer, "JPEG", quality=85)  # a fresh encode carries no EXIF, GPS or camera data
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()


def _photo(value: str | Path | bytes) -> str | Message:
    """An https address as it is, or an image (a local file, or an upload's bytes) made into a data URI;
    or what is wrong with it. Only the command line passes a Path: a string is never read as a file."""
    if isinstance(value, str):
        if re.fullmatch(r"https://\S+", value) and len(value) <= URL_MAX:
            return value
        return Message(N_("%(value)s: a photo's address must start with https://"), params={"value": value[:200]})
    if isinstance(value, Path):
        path, shown = value.expanduser(), str(value)[:200]
        if not path.is_file():
            return Message(N_("no such file: %(value)s"), params={"value": shown})
        if path.stat().st_size > PHOTO_FILE_MAX:
            return Message(N_("%(value)s is larger than 20 MB"), params={"value": shown})
        return _portrait(path) or Message(N_("%(value)s is not a JPEG, PNG or WebP image"), params={"value": shown})
    if len(value) > PHOTO_FILE_MAX:
        return Message(N_("the photo is larger than 20 MB"))
    return _portrait(io.BytesIO(value)) or Message(N_("the photo is not a JPEG, PNG or WebP image"))


def _portrait(source: Path | io.BytesIO) -> str | None:
    try:
        with Image.open(source) as image:
            return photo_data_uri(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        return None


@dataclass(frozen=True)
class TrustProfile:
    country: str | None = None
    ships_from: str | None = None
    independent: bool | None = None
    founder_name: str | None = None
    founder_photo: str | None = None
    greeting: str | None = None
    business_id: str | None = None
    returns_days: int | None = None
    free_returns: bool | None = None
    founded: int | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> TrustProfile:
        values = {f.name: row.get(f.name) for f in fields(cls)}
        for flag in ("independent", "free_returns"):
            if values[flag] is not None:
                values[flag] = bool(values[flag])
        return cls(**values)


PROFILE_FIELDS = tuple(f.name for f in fields(TrustProfile))


def profile_changes(**options: Any) -> dict[str, Any]:
    """Validated column values for the options given; '' clears a text setting."""
    errors: dict[str, FieldProblem] = {}
    changes: dict[str, Any] = {}
    for name, value in options.items():
        if value is None:
            continue
        if value == "":
            changes[name] = None
        elif name in ("country", "ships_from"):
            code = str(value).upper()
            if code in COUNTRIES:
                changes[name] = code
            else:
                errors[name] = N_("a two-letter country code such as FI or SE")
        elif name == "business_id":
            given = str(value).strip()
            if valid_business_id(given):
                changes[name] = given
            elif BUSINESS_ID.fullmatch(given):
                errors[name] = Message(
                    N_("%(value)s has the wrong check digit: look the business ID up again (such as 0112038-9)"),
                    params={"value": given},
                )
            else:
                errors[name] = Message(
                    N_("%(value)s is not a Finnish business ID: NNNNNNN-C, such as 0112038-9"),
                    params={"value": given[:40]},
                )
        elif name in ("independent", "free_returns"):
            changes[name] = int(bool(value))
        elif name == "founder_name":
            text = plain_text(str(value))
            if len(text) > NAME_MAX:
                errors[name] = plural("at most %(num)s character", "at most %(num)s characters", NAME_MAX)
            changes[name] = text or None
        elif name == "greeting":
            text = plain_text(str(value), multiline=True)
            if len(text) > GREETING_MAX:
                errors[name] = plural(
                    "at most %(num)s character of plain text", "at most %(num)s characters of plain text", GREETING_MAX
                )
            changes[name] = text or None
        elif name == "founder_photo":
            photo = _photo(value)
            if isinstance(photo, Message):
                errors[name] = photo
            else:
                changes[name] = photo
        elif name == "returns_days":
            if isinstance(value, int) and 0 <= value <= 365:
                changes[name] = value
            else:
                errors[name] = N_("a number of days from 0 to 365")
        elif name == "founded":
            if isinstance(value, int) and 1800 <= value <= clock.now().year:
                changes[name] = value
            else:
                errors[name] = Message(N_("a year from 1800 to %(year)s"), params={"year": clock.now().year})
        else:
            raise ValueError(f"not a trust profile field: {name}")
    if errors:
        raise Invalid(N_("The trust profile was not changed; nothing was saved."), errors)
    return changes
