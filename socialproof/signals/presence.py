"""Honest social presence: who else ordered, who else is looking.

"12 ordered this week" counts only purchase events the shop's backend
reported; "4 others are looking" counts only heartbeats from distinct
visitors in the last minute. A count below the shop's threshold isn't shown,
so no one shopper can be picked out; larger counts are rounded down to a step.
No names, ever.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from socialproof import clock, policy
from socialproof.db.engine import Database, executemany
from socialproof.errors import Invalid
from socialproof.fields import ascii_int
from socialproof.i18n import N_
from socialproof.reviews.products import product_row_id, upsert_product, validate_product_id
from socialproof.sanitize import bounded
from socialproof.shops.registry import Shop

TOWN_MAX = 60
TOWN = re.compile(rf"[^\d\x00-\x1f<>]{{1,{TOWN_MAX}}}")


@dataclass(frozen=True)
class Shown:
    """A count as shown: the value, and whether it was rounded down ("40+")."""

    value: int
    rounded: bool


def shown(count: int, threshold: int) -> Shown | None:
    """None below the threshold; exact below 20; then down to tens, and to fifties from 100."""
    if count < threshold:
        return None
    step = 1 if count < 20 else 10 if count < 100 else 50
    value = count // step * step
    return Shown(value, value != count)


@dataclass(frozen=True)
class Activity:
    ordered: Shown | None = None
    viewers: Shown | None = None
    towns: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "ordered_this_week": self.ordered.value if self.ordered else None,
            "ordered_rounded": bool(self.ordered and self.ordered.rounded),
            "viewers_now": self.viewers.value if self.viewers else None,
            "viewers_rounded": bool(self.viewers and self.viewers.rounded),
            "towns": self.towns,
        }


def parse_event(data: object) -> tuple[str, int, str | None]:
    errors: dict[str, str] = {}
    if not isinstance(data, dict):
        raise Invalid(N_("Send a JSON object."), {"type": N_("required")})
    if data.get("type") != "purchase":
        errors["type"] = N_("purchase")
    product = data.get("product")
    try:
        validate_product_id(product if isinstance(product, str) else "")
    except Invalid:
        errors["product"] = N_("1-100 characters: letters, digits and . _ : -")
    quantity = ascii_int(data.get("quantity", 1), 1, 1000)
    if quantity is None:
        errors["quantity"] = N_("a whole number from 1 to 1000")
    town = data.get("town")
    if town is not None:
        town = bounded(town, TOWN_MAX) if isinstance(town, str) else None
        if town is None or not TOWN.fullmatch(town):
            errors["town"] = N_("a town name of at most 60 characters, or leave it out")
    if errors:
        raise Invalid(N_("The event has fields that need attention."), errors)
    return str(product), quantity or 1, town


def record_purchase(db: Database, shop: Shop, product: str, quantity: int, town: str | None) -> None:
    product_id = upsert_product(db, shop.id, product)
    db.table("purchase_events").insert(
        {
            "shop_id": shop.id,
            "product_id": product_id,
            "quantity": quantity,
            "town": town,
            "created_at": clock.now_iso(),
        }
    )


def record_heartbeats(db: Database, shop_id: int, product: str, seen: Mapping[str, str]) -> None:
    """Heartbeats gathered in memory (beats.py): visitor key -> when they were seen."""
    product_id = upsert_product(db, shop_id, product)
    executemany(
        db,
        "INSERT INTO heartbeats (product_id, visitor_hash, seen_at) VALUES (?, ?, ?) "
        "ON CONFLICT (product_id, visitor_hash) DO UPDATE SET seen_at = CASE WHEN excluded.seen_at > "
        "heartbeats.seen_at THEN excluded.seen_at ELSE heartbeats.seen_at END",
        [(product_id, key, seen_at) for key, seen_at in seen.items()],
    )


def looking_now(db: Database, seen_since: float | None = None) -> list[tuple[int, str, str, str]]:
    """(shop id, product, visitor key, seen at) of everyone looking now, oldest first (beats.py's mirror);
    only those seen since ``seen_since`` (a timestamp), when given."""
    start = clock.now() - policy.VIEWER_WINDOW
    if seen_since is not None:
        start = max(start, datetime.fromtimestamp(seen_since, UTC))
    since = start.isoformat(timespec="microseconds")
    return db.execute(
        "SELECT products.shop_id, products.external_id, heartbeats.visitor_hash, heartbeats.seen_at FROM heartbeats "
        "JOIN products ON products.id = heartbeats.product_id WHERE heartbeats.seen_at >= ? ORDER BY heartbeats.seen_at",
        [since],
    ).fetchall()


def activity(
    db: Database, shop: Shop, product: str, viewer_key: str | None = None, others: int | None = None
) -> Activity:
    """What the activity widget may say about a product, for one viewer (not counted as "other").

    ``others``: how many others are looking, when the caller counted them (beats.py knows it in memory)."""
    product_id = product_row_id(db, shop.id, product)
    if product_id is None:  # no product row yet: only a process's unwritten beats may know of it
        return Activity(viewers=shown(others or 0, shop.viewer_threshold))
    now = clock.now()
    since_week = (now - policy.PURCHASE_WINDOW).isoformat(timespec="microseconds")
    ordered = next(
        db.query(
            "SELECT coalesce(sum(quantity), 0) AS n FROM purchase_events WHERE product_id = ? AND created_at >= ?",
            [product_id, since_week],
        )
    )["n"]
    towns = [
        row["town"]
        for row in db.query(
            "SELECT min(town) AS town, sum(quantity) AS n FROM purchase_events WHERE product_id = ? AND created_at >= ? "
            "AND town IS NOT NULL GROUP BY lower(town) HAVING sum(quantity) >= ? ORDER BY n DESC, town LIMIT 3",
            [product_id, since_week, shop.purchase_threshold],
        )
    ]
    since_minute = (now - policy.VIEWER_WINDOW).isoformat(timespec="microseconds")
    if others is None:
        others = next(
            db.query(
                "SELECT count(*) AS n FROM heartbeats WHERE product_id = ? AND seen_at >= ? AND visitor_hash IS NOT ?",
                [product_id, since_minute, viewer_key],
            )
        )["n"]
    viewers = others
    return Activity(shown(ordered, shop.purchase_threshold), shown(viewers, shop.viewer_threshold), towns)


def purge_heartbeats(db: Database) -> int:
    cutoff = (clock.now() - policy.HEARTBEAT_KEPT).isoformat(timespec="microseconds")
    return db.execute("DELETE FROM heartbeats WHERE seen_at < ?", [cutoff]).rowcount
