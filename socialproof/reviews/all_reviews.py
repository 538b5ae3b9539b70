"""Every published review of every product of a shop, newest first: the shop's all-reviews page.

Filtered by one product and by stars, a page at a time after a cursor (the page before's
last review), so page 500 costs what page 1 costs: each filter is one index range scan
(migrations 0001 and 0027). The counts come from the numbers the database keeps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from socialproof.db.engine import Database
from socialproof.photos import records as photo_records
from socialproof.reviews import replies, scales
from socialproof.reviews.listing import KeysetCursor, Sort, review_json
from socialproof.reviews.products import product_row_id
from socialproof.reviews.summary import Summary, product_summary, shop_summary
from socialproof.shops.registry import Shop


@dataclass(frozen=True)
class Filter:
    product: str | None = None  # the merchant's product id
    stars: int | None = None
    after: KeysetCursor | None = None


@dataclass(frozen=True)
class AllReviews:
    items: list[dict[str, Any]]  # review_json with the product's name and page
    summary: Summary  # the shop's, or the chosen product's
    total: int  # how many the filter leaves
    next: KeysetCursor | None  # where the next page starts, when there is one
    answers: Mapping[int, scales.Answers]  # each review's answers to its product's scales


def published(db: Database, shop: Shop, chosen: Filter, per_page: int, base_url: str) -> AllReviews:
    product_id = product_row_id(db, shop.id, chosen.product) if chosen.product else None
    summary = product_summary(db, shop.id, chosen.product) if chosen.product else shop_summary(db, shop.id)
    total = summary.distribution.get(chosen.stars, 0) if chosen.stars else summary.count
    if chosen.product and product_id is None or total == 0:
        return AllReviews([], summary, 0, None, {})
    where, params = ["r.shop_id = ?", "r.status = 'approved'"], list[Any]([shop.id])
    if product_id is not None:
        where.append("r.product_id = ?")
        params.append(product_id)
    if chosen.stars:
        where.append("r.rating = ?")
        params.append(chosen.stars)
    if chosen.after:
        where.append("(r.created_at, r.id) < (?, ?)")
        params += [chosen.after.created_at, chosen.after.id]
    rows = list(
        db.query(
            "SELECT r.*, p.external_id AS product, coalesce(p.name, p.external_id) AS product_name, "
            "p.url AS product_url FROM reviews r JOIN products p ON p.id = r.product_id "
            f"WHERE {' AND '.join(where)} ORDER BY r.created_at DESC, r.id DESC LIMIT ?",
            [*params, per_page + 1],
        )
    )
    more, rows = len(rows) > per_page, rows[:per_page]
    ids = [row["id"] for row in rows]
    photos, reply_rows, answers = (
        photo_records.of_reviews(db, ids),
        replies.of_reviews(db, ids),
        scales.answers_of(db, ids),
    )
    items = [
        review_json(
            row,
            row["product"],
            [photo_records.public_json(p, base_url) for p in photos[row["id"]]],
            reply_rows.get(row["id"]),
            answers.get(row["id"], []),
        )
        | {"product_name": row["product_name"], "product_url": row["product_url"]}
        for row in rows
    ]
    return AllReviews(items, summary, total, KeysetCursor.after(Sort.NEWEST, rows[-1]) if more else None, answers)


def reviewed_products(db: Database, shop: Shop) -> list[tuple[str, str]]:
    """(product id, name) of each product with a published review, by name: what the page filters by."""
    rows = db.query(
        "SELECT p.external_id, coalesce(p.name, p.external_id) AS name FROM products p "
        "WHERE p.shop_id = ? AND EXISTS (SELECT 1 FROM reviews r WHERE r.product_id = p.id AND r.status = 'approved')",
        [shop.id],
    )
    return sorted(((r["external_id"], r["name"]) for r in rows), key=lambda item: item[1].casefold())
