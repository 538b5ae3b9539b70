"""Pages of approved reviews, as the public sees them.

Only approved reviews are ever counted or shown, and never a shopper's e-mail address.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from socialproof.photos import records as photo_records
from socialproof.reviews import replies
from socialproof.reviews.summary import Summary


class Sort(StrEnum):
    NEWEST = "newest"
    HIGHEST = "highest"
    LOWEST = "lowest"
    HELPFUL = "helpful"


# The id breaks ties so that pages never overlap; each order is served by an
# index declared in migrations.py.
ORDER_BY = {
    Sort.NEWEST: "created_at DESC, id DESC",
    Sort.HIGHEST: "rating DESC, created_at DESC, id DESC",
    Sort.LOWEST: "rating ASC, created_at DESC, id DESC",
    Sort.HELPFUL: "helpful_count DESC, created_at DESC, id DESC",
}


def _where(stars: int | None, with_photos: bool) -> str:
    return (
        "product_id = ? AND status = 'approved'"
        + (" AND has_photos = 1" if with_photos else "")
        + (" AND rating = ?" if stars else "")
    )


def page_sql(sort: Sort, stars: int | None, with_photos: bool = False) -> str:
    """A page of a product's approved reviews; parameters: product row id, [stars], limit, offset."""
    return f"SELECT * FROM reviews WHERE {_where(stars, with_photos)} ORDER BY {ORDER_BY[sort]} LIMIT ? OFFSET ?"


def count_sql(stars: int | None, with_photos: bool) -> str:
    """How many reviews a filter that the summary can't answer leaves (with photos)."""
    return f"SELECT count(*) AS n FROM reviews WHERE {_where(stars, with_photos)}"


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    page: int
    pages: int
    total: int

    def as_json(self) -> dict[str, Any]:
        return {"items": self.items, "page": self.page, "pages": self.pages, "total": self.total}


def review_json(
    row: dict[str, Any], product: str, photos: Sequence[dict[str, Any]] = (), reply: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A review as the public sees it: never the e-mail address; ``photos`` already in their public form."""
    return {
        "id": row["id"],
        "product": product,
        "rating": row["rating"],
        "title": row["title"],
        "body": row["body"],
        "author_name": row["author_name"],
        "created_at": row["created_at"],
        "published_at": row["published_at"],
        "lang": row["lang"],
        "recommend": None if row["recommend"] is None else bool(row["recommend"]),
        "verified": bool(row["verified"]),
        "helpful": row["helpful_count"],
        "photos": list(photos),
        "edited_by_shop": bool(row["edited_by_shop"]),
        "erased": bool(row["erased"]),
        "reply": {"body": reply["body"], "created_at": reply["created_at"]} if reply else None,
    }


def list_reviews(
    db: Database,
    summary: Summary,
    product_id: int | None,
    *,
    page: int,
    per_page: int,
    sort: Sort = Sort.NEWEST,
    stars: int | None = None,
    with_photos: bool = False,
    base_url: str = "",
) -> Page:
    """One page of a product's approved reviews, with their public photos; ``product_id`` is the
    product's row (products.product_row_id), None for a product never named, which has none."""
    params: list[Any] = [product_id] + ([stars] if stars else [])
    if product_id is None:
        total = 0
    elif with_photos and stars:
        total = next(db.query(count_sql(stars, with_photos), params))["n"]
    elif with_photos:
        total = summary.with_photos
    else:  # the summary has counted already
        total = summary.distribution.get(stars, 0) if stars else summary.count
    pages = max(1, math.ceil(total / per_page))
    if total == 0:
        return Page([], page, pages, total)
    rows = list(db.query(page_sql(sort, stars, with_photos), params + [per_page, (page - 1) * per_page]))
    ids = [row["id"] for row in rows]
    photos, reply_rows = photo_records.of_reviews(db, ids), replies.of_reviews(db, ids)
    return Page(
        [
            review_json(
                row,
                summary.product,
                [photo_records.public_json(p, base_url) for p in photos[row["id"]]],
                reply_rows.get(row["id"]),
            )
            for row in rows
        ],
        page,
        pages,
        total,
    )
