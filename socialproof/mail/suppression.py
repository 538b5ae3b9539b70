"""The shop's suppression list: addresses that unsubscribed, kept as keyed hashes.

An address on the list gets nothing from that shop again, of any kind. The
list holds no address, only an HMAC of it under this database's secret, so
the list itself leaks nothing and can't be matched against other lists. The
one-click unsubscribe link (RFC 8058) carries the same hash, signed.
"""

from __future__ import annotations

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.db.server_secrets import keyed_hash, sign, verified

SECRET = "suppression"


def address_hash(db: Database, address: str) -> str:
    return keyed_hash(db, SECRET, address.strip().lower())


def unsubscribe_token(db: Database, shop_id: int, address: str) -> str:
    return sign(db, SECRET, {"s": shop_id, "a": address_hash(db, address)})


def unsubscribe(db: Database, token: str) -> int | None:
    """Put the address the token stands for on its shop's list; the shop's id, or None for a bad token."""
    claims = verified(db, SECRET, token)
    if claims is None or not isinstance(claims.get("s"), int) or not isinstance(claims.get("a"), str):
        return None
    db.execute(
        "INSERT INTO suppressions (shop_id, address_hash, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [claims["s"], claims["a"], clock.now_iso()],
    )
    return int(claims["s"])


def token_shop(db: Database, token: str) -> int | None:
    """The shop a genuine unsubscribe token belongs to (for the confirmation page), else None."""
    claims = verified(db, SECRET, token)
    return claims["s"] if claims is not None and isinstance(claims.get("s"), int) else None


def is_suppressed(db: Database, shop_id: int, address: str) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM suppressions WHERE shop_id = ? AND address_hash = ?", [shop_id, address_hash(db, address)]
        ).fetchone()
    )


def count(db: Database, shop_id: int) -> int:
    (n,) = db.execute("SELECT count(*) FROM suppressions WHERE shop_id = ?", [shop_id]).fetchone()
    return int(n)
