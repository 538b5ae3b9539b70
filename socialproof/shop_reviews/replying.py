"""The shop's public reply to a review of itself: one per review, plain text, logged as a product review's is."""

from __future__ import annotations

from socialproof import clock
from socialproof.audit import Action, Subject, about, log_action
from socialproof.db.engine import Database
from socialproof.reviews.replies import parse_reply
from socialproof.shop_reviews.listing import row
from socialproof.shops.registry import Shop


def set_reply(db: Database, shop: Shop, review_id: int, body: str, by: str) -> None:
    """Write, change or (with an empty body) remove the shop's reply."""
    before = row(db, shop, review_id)
    text = parse_reply(body)
    if text == (before["reply"] or ""):
        return
    action = Action.REPLY_REMOVE if not text else Action.REPLY_EDIT if before["reply"] else Action.REPLY
    db.table("shop_reviews").update(review_id, {"reply": text or None, "replied_at": clock.now_iso() if text else None})
    log_action(db, shop.id, None, by, action, None, None, None, subject=about(Subject.SHOP_REVIEW, review_id))
