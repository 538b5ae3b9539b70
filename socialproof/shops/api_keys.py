"""A shop's API keys: shown once when made, kept only as a hash."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.errors import Forbidden, Unauthenticated
from socialproof.i18n import N_
from socialproof.shops.registry import Shop, require_shop

KEY_PREFIX = "sp_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(db: Database, slug: str) -> str:
    """A new key for the shop; only its hash is kept, so this is the one time it is seen."""
    shop = require_shop(db, slug)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    db.table("api_keys").insert(
        {
            "shop_id": shop.id,
            "prefix": key[:10],
            "key_hash": hash_key(key),
            "created_at": clock.now_iso(),
        }
    )
    return key


@dataclass(frozen=True)
class KeyOwner:
    shop_id: int
    prefix: str


def key_owner(db: Database, key: str) -> KeyOwner | None:
    rows = list(
        db.query("SELECT shop_id, prefix FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", [hash_key(key)])
    )
    return KeyOwner(rows[0]["shop_id"], rows[0]["prefix"]) if rows else None


def authorize(db: Database, slug: str, key: str | None) -> tuple[Shop, KeyOwner]:
    """The shop and the key that may act on it, or the problem that explains why not.

    NotFound for a shop that doesn't exist, Unauthenticated without a valid
    key, Forbidden for a valid key of another shop: a key never reaches
    another shop's data.
    """
    shop = require_shop(db, slug)
    if not key:
        raise Unauthenticated(N_("This needs the shop's API key as 'Authorization: Bearer KEY'."))
    owner = key_owner(db, key)
    if owner is None:
        raise Unauthenticated(N_("That API key is not valid."))
    if owner.shop_id != shop.id:
        raise Forbidden(N_("That API key belongs to another shop."))
    return shop, owner
