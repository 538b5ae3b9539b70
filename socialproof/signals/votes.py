""" "Helpful" votes on reviews: one per shopper per review, undo allowed.

The review's helpful_count is recomputed from the stored votes in the same
transaction as each vote, so sorting by helpfulness stays an index scan and
the number shown is always the number of votes.
"""

from __future__ import annotations

from socialproof.db.engine import Database
from socialproof.errors import NotFound
from socialproof.i18n import N_
from socialproof.safety.shoppers import Shopper
from socialproof.shops.registry import Shop
from socialproof.signals import marks


def vote(db: Database, shop: Shop, review_id: int, shopper: Shopper, *, undo: bool = False) -> int:
    """Add (or with ``undo`` remove) the shopper's vote; the review's new count."""
    rows = list(
        db.query("SELECT id FROM reviews WHERE id = ? AND shop_id = ? AND status = 'approved'", [review_id, shop.id])
    )
    if not rows:
        raise NotFound(N_("The shop has no published review %(id)s."), id=review_id)
    target = {"review_id": review_id}
    if undo:
        marks.unmark(db, "helpful_votes", target, shopper)
    else:
        marks.mark(db, "helpful_votes", target, shopper)
    helpful = marks.count(db, "helpful_votes", target)
    db.execute("UPDATE reviews SET helpful_count = ? WHERE id = ?", [helpful, review_id])
    return helpful


def voted_for_product(db: Database, product_id: int | None, shopper: Shopper) -> set[int]:
    """The reviews of a product this shopper has found helpful."""
    if product_id is None:
        return set()
    rows = db.query(
        "SELECT v.review_id FROM helpful_votes v JOIN reviews r ON r.id = v.review_id WHERE r.product_id = ? "
        "AND (v.ip_hash = ? OR v.visitor_hash = ?)",
        [product_id, shopper.ip_hash, shopper.visitor_hash],
    )
    return {row["review_id"] for row in rows}
