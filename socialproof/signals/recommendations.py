"""Shoppers recommending a product or the shop: one per shopper, undo allowed.

A product's count is the stored recommendations plus the approved reviews
that answered "yes" to "Would you recommend this product?". Nothing else can
add to it: there is no setting and no API that writes a count.
"""

from __future__ import annotations

from socialproof.db.engine import Database
from socialproof.reviews.products import product_row_id, upsert_product
from socialproof.safety.shoppers import Shopper
from socialproof.shops.registry import Shop
from socialproof.signals import marks


def count(db: Database, shop_id: int, product: str | None) -> int:
    if product is None:
        return marks.count(db, "recommendations", {"shop_id": shop_id, "product_id": None})
    product_id = product_row_id(db, shop_id, product)
    if product_id is None:
        return 0
    from_reviews = next(db.query("SELECT recommend_yes FROM product_stats WHERE product_id = ?", [product_id]))[
        "recommend_yes"
    ]
    return marks.count(db, "recommendations", {"shop_id": shop_id, "product_id": product_id}) + from_reviews


def has_recommended(db: Database, shop: Shop, product: str | None, shopper: Shopper) -> bool:
    product_id = product_row_id(db, shop.id, product) if product else None
    if product and product_id is None:
        return False
    return marks.has_marked(db, "recommendations", {"shop_id": shop.id, "product_id": product_id}, shopper)


def recommend(db: Database, shop: Shop, product: str | None, shopper: Shopper, *, undo: bool = False) -> int:
    """Add (or with ``undo`` remove) the shopper's recommendation; the new count."""
    product_id = upsert_product(db, shop.id, product) if product else None
    target = {"shop_id": shop.id, "product_id": product_id}
    if undo:
        marks.unmark(db, "recommendations", target, shopper)
    else:
        marks.mark(db, "recommendations", target, shopper)
    return count(db, shop.id, product)
