"""Shops: who a merchant is to socialproof, their settings and their API keys."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from socialproof import clock
from socialproof.errors import ApiError, Conflict, NotFound, ValidationError
from socialproof.i18n import LANGUAGES, N_
from socialproof.theme import theme_changes
from socialproof.trust import PROFILE_FIELDS, TrustProfile, profile_changes

SLUG_PATTERN = re.compile(r"[a-z0-9-]{2,40}")
KEY_PREFIX = "sp_"


class ModerationMode(StrEnum):
    PRE = "pre"    # a review waits for a moderator before it is published
    POST = "post"  # a review is published at once and moderated after


@dataclass(frozen=True)
class Shop:
    id: int
    slug: str
    name: str
    lang: str
    origins: tuple[str, ...]
    moderation: ModerationMode
    profile: TrustProfile = TrustProfile()
    purchase_threshold: int = 3
    viewer_threshold: int = 2
    theme: str = "{}"  # JSON, see theme.py

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Shop":
        return cls(
            id=row["id"],
            slug=row["slug"],
            name=row["name"],
            lang=row["lang"],
            origins=tuple(json.loads(row["origins"])),
            moderation=ModerationMode(row["moderation"]),
            profile=TrustProfile.from_row(row),
            purchase_threshold=row["purchase_threshold"],
            viewer_threshold=row["viewer_threshold"],
            theme=row.get("theme") or "{}",
        )


def validate_slug(slug: str) -> str:
    if not SLUG_PATTERN.fullmatch(slug):
        raise ValidationError(
            f"Invalid shop slug {slug!r}: use 2-40 lower-case letters, digits and hyphens.",
            {"slug": "2-40 characters a-z, 0-9 and -"},
        )
    return slug


def normalize_origin(origin: str) -> str:
    """'https://Shop.example.fi/' -> 'https://shop.example.fi'."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment:
        raise ValidationError(
            f"Invalid origin {origin!r}: give scheme and host only, like https://shop.example.fi.",
            {"origin": "scheme and host, like https://shop.example.fi"},
        )
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


def validate_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValidationError(f"Unsupported language {lang!r}: use one of {', '.join(LANGUAGES)}.",
                              {"lang": f"one of {', '.join(LANGUAGES)}"})
    return lang


def get_shop(db: Database, slug: str) -> Shop | None:
    rows = list(db.query("SELECT * FROM shops WHERE slug = ?", [slug]))
    return Shop.from_row(rows[0]) if rows else None


def require_shop(db: Database, slug: str) -> Shop:
    shop = get_shop(db, slug)
    if shop is None:
        raise NotFound(N_("There is no shop %(slug)s."), slug=repr(slug))
    return shop


def create_shop(db: Database, slug: str, name: str, origins: tuple[str, ...] = (), lang: str = "fi") -> Shop:
    validate_slug(slug)
    validate_lang(lang)
    name = name.strip()
    if not name or len(name) > 120:
        raise ValidationError("A shop needs a name of 1-120 characters.", {"name": "1-120 characters"})
    if get_shop(db, slug) is not None:
        raise Conflict(f"A shop {slug!r} exists already.")
    db["shops"].insert({
        "slug": slug,
        "name": name,
        "lang": lang,
        "origins": json.dumps(sorted({normalize_origin(o) for o in origins})),
        "moderation": ModerationMode.PRE.value,
        "created_at": clock.now_iso(),
    })
    return require_shop(db, slug)


def update_shop(db: Database, slug: str, *, name: str | None = None, lang: str | None = None,
                origins: tuple[str, ...] | None = None, moderation: str | None = None,
                purchase_threshold: int | None = None, viewer_threshold: int | None = None,
                theme: dict[str, Any] | None = None, **profile: Any) -> Shop:
    """Change settings; ``profile`` takes the trust profile's fields (see trust.py)."""
    shop = require_shop(db, slug)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown shop settings: {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = profile_changes(**profile)
    if name is not None:
        if not name.strip() or len(name.strip()) > 120:
            raise ValidationError("A shop needs a name of 1-120 characters.", {"name": "1-120 characters"})
        changes["name"] = name.strip()
    if lang is not None:
        changes["lang"] = validate_lang(lang)
    if origins is not None:
        changes["origins"] = json.dumps(sorted({normalize_origin(o) for o in origins}))
    if moderation is not None:
        try:
            changes["moderation"] = ModerationMode(moderation).value
        except ValueError:
            raise ValidationError("Moderation is 'pre' or 'post'.", {"moderation": "pre or post"}) from None
    if purchase_threshold is not None:
        if purchase_threshold < 2:
            raise ValidationError("The purchase threshold is at least 2, so no one buyer can be picked out.",
                                  {"purchase_threshold": "2 or more"})
        changes["purchase_threshold"] = purchase_threshold
    if viewer_threshold is not None:
        if viewer_threshold < 1:
            raise ValidationError("The viewer threshold is at least 1.", {"viewer_threshold": "1 or more"})
        changes["viewer_threshold"] = viewer_threshold
    if theme:
        changes["theme"] = json.dumps(theme_changes(json.loads(shop.theme), **theme))
    if changes:
        db["shops"].update(shop.id, changes)
    return require_shop(db, slug)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(db: Database, slug: str) -> str:
    """A new key for the shop; only its hash is kept, so this is the one time it is seen."""
    shop = require_shop(db, slug)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    db["api_keys"].insert({
        "shop_id": shop.id,
        "prefix": key[:10],
        "key_hash": hash_key(key),
        "created_at": clock.now_iso(),
    })
    return key


@dataclass(frozen=True)
class KeyOwner:
    shop_id: int
    prefix: str


def key_owner(db: Database, key: str) -> KeyOwner | None:
    rows = list(db.query(
        "SELECT shop_id, prefix FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", [hash_key(key)]))
    return KeyOwner(rows[0]["shop_id"], rows[0]["prefix"]) if rows else None


def authorize(db: Database, slug: str, authorization: str | None) -> tuple[Shop, KeyOwner]:
    """The shop and the key that may act on it, or the 4xx that explains why not.

    404 for a shop that doesn't exist, 401 without a valid key, 403 for a valid
    key of another shop: a key never reaches another shop's data.
    """
    shop = require_shop(db, slug)
    scheme, _, key = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise ApiError(401, N_("This needs the shop's API key as 'Authorization: Bearer KEY'."),
                       headers={"WWW-Authenticate": "Bearer"})
    owner = key_owner(db, key.strip())
    if owner is None:
        raise ApiError(401, N_("That API key is not valid."), headers={"WWW-Authenticate": "Bearer"})
    if owner.shop_id != shop.id:
        raise ApiError(403, N_("That API key belongs to another shop."))
    return shop, owner
