"""What an event says, in the Standard Webhooks shape: ``{"type", "timestamp", "data"}``.

``data`` carries what a public widget would show of the review (the words,
the writer's display name, the rating, public photos and the reply) plus
ids and status, never an e-mail address or anything else personal that the
shop's widgets don't show. ``status`` is the review's just after the event;
the rest is as it stands when the event is sent out, seconds later.
"""

from __future__ import annotations

from typing import Any

from socialproof.db.engine import Database
from socialproof.photos import records as photo_records
from socialproof.reviews import replies, scales
from socialproof.reviews.listing import review_json
from socialproof.shops.registry import Shop
from socialproof.webhooks.events import Event, EventType

REVIEW_SQL = (
    "SELECT r.*, p.external_id AS product, p.name AS product_name, p.url AS product_url FROM reviews r "
    "JOIN products p ON p.id = r.product_id WHERE r.id = ? AND r.shop_id = ?"
)


def review(db: Database, shop: Shop, review_id: int, public_url: str) -> dict[str, Any] | None:
    row = next(db.query(REVIEW_SQL, [review_id, shop.id]), None)
    if row is None:
        return None
    photos = photo_records.of_reviews(db, [review_id]).get(review_id, []) if row["status"] == "approved" else []
    shown = review_json(
        row,
        row["product"],
        [photo_records.public_json(p, public_url) for p in photos],
        replies.of_reviews(db, [review_id]).get(review_id),
        scales.answers_of(db, [review_id]).get(review_id, []),
    )
    return shown | {
        "status": row["status"],
        "rejection_reason": row["rejection_reason"],
        "product_name": row["product_name"],
        "product_url": row["product_url"],
    }


def build(db: Database, shop: Shop, event: Event, public_url: str) -> dict[str, Any] | None:
    """The payload of ``event``, or None when what it is about is gone (erased with its shop, say)."""
    data: dict[str, Any] = {"shop": shop.slug, "event_id": event.id}
    if event.review_id is not None:
        about = review(db, shop, event.review_id, public_url)
        if about is None:
            return None
        data["review"] = about | ({"status": event.status} if event.status else {})
    if event.type is EventType.REVIEW_REPORTED:
        row = db.execute("SELECT id, reason FROM reports WHERE id = ?", [event.ref_id]).fetchone()
        data["report"] = {"id": row[0], "reason": row[1]} if row else None  # the shopper's note may name people
    elif event.type is EventType.PHOTO_PUBLISHED:
        photo = next(db.query("SELECT * FROM photos WHERE id = ?", [event.ref_id]), None)
        if photo is None:
            return None
        data["photo"] = {"id": photo["id"]} | photo_records.public_json(photo, public_url)
    elif event.type is EventType.IMPORT_FINISHED:
        found = next(db.query("SELECT * FROM imports WHERE id = ? AND shop_id = ?", [event.ref_id, shop.id]), None)
        if found is None:
            return None
        data["import"] = {
            k: found[k] for k in ("id", "service", "reviews", "replies", "photos", "refused", "created_at")
        }
    return {"type": event.type.value, "timestamp": event.created_at, "data": data}
