"""A shop's link to its platform: the secret the platform signs webhooks with, and the deliveries seen.

Both platforms sign the raw body with HMAC-SHA256 and send it base64-encoded
in a header; it is compared in constant time. A delivery id seen before is
acknowledged without acting again (platforms retry, and replay is an attack).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import timedelta
from enum import StrEnum

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.errors import Invalid, Unauthenticated
from socialproof.i18n import N_
from socialproof.shops.registry import Shop

SECRET_MIN, SECRET_MAX = 16, 200
DELIVERIES_KEPT = timedelta(days=30)  # longer than any platform retries a webhook
ENDPOINT = "/hooks/{shop}/{platform}"


class Platform(StrEnum):
    SHOPIFY = "shopify"
    WOOCOMMERCE = "woocommerce"


def connect(db: Database, shop: Shop, platform: Platform, secret: str) -> None:
    secret = secret.strip()
    if not SECRET_MIN <= len(secret) <= SECRET_MAX or not secret.isprintable():
        raise Invalid(
            N_("The platform's webhook secret should be 16-200 printable characters."), {"secret": N_("required")}
        )
    db.execute(
        "INSERT INTO platform_connections (shop_id, platform, secret, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (shop_id, platform) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at",
        [shop.id, platform.value, secret, clock.now_iso()],
    )


def connected(db: Database, shop: Shop) -> list[Platform]:
    rows = db.execute("SELECT platform FROM platform_connections WHERE shop_id = ? ORDER BY platform", [shop.id])
    return [Platform(p) for (p,) in rows.fetchall()]


def verify(db: Database, shop: Shop, platform: Platform, body: bytes, signature: str | None) -> None:
    """Unauthenticated unless ``signature`` is the platform's HMAC of ``body`` with the shop's secret."""
    row = db.execute(
        "SELECT secret FROM platform_connections WHERE shop_id = ? AND platform = ?", [shop.id, platform.value]
    ).fetchone()
    expected = base64.b64encode(hmac.new(row[0].encode(), body, hashlib.sha256).digest()).decode() if row else None
    if expected is None or not signature or not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        raise Unauthenticated(N_("The webhook's signature does not match the shop's platform secret."))


def first_delivery(db: Database, shop: Shop, platform: Platform, delivery_id: str | None) -> bool:
    """Remember the delivery; False when it was seen before."""
    if not delivery_id:
        return True
    inserted = db.execute(
        "INSERT INTO hook_deliveries (shop_id, platform, delivery_id, received_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        [shop.id, platform.value, delivery_id[:200], clock.now_iso()],
    ).rowcount
    return inserted == 1


def forget_old_deliveries(db: Database) -> int:
    cutoff = (clock.now() - DELIVERIES_KEPT).isoformat()
    return db.execute("DELETE FROM hook_deliveries WHERE received_at < ?", [cutoff]).rowcount
