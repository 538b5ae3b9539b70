"""Ratings per product: how many, how good, how it moved against the period before, and the share of 1–2 stars.

Published reviews by the month written, as the ratings by month count them. The
change compares the product's average with its own in the period of the same
length just before (none for all time, or when either period had no review).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from socialproof.db.engine import Database
from socialproof.insights import rollups
from socialproof.insights.answers import LOW
from socialproof.insights.ratings import STAR_COLUMNS, STARS
from socialproof.insights.scope import Scope, share


class ProductSort(StrEnum):
    """The orders the products table can be read in (each column's own: larger first, or the fall first)."""

    COUNT = "count"
    AVERAGE = "average"
    CHANGE = "change"
    LOW = "low"
    NAME = "name"


@dataclass(frozen=True)
class ProductRatings:
    product: str  # the shop's product id
    name: str | None
    count: int
    total: int  # the sum of its ratings
    low: int  # at 1 or 2 stars
    before_count: int
    before_total: int

    @property
    def average(self) -> float | None:
        return share(self.total, self.count)

    @property
    def change(self) -> float | None:
        """The average now minus the average in the period before."""
        before = share(self.before_total, self.before_count)
        return None if before is None or self.average is None else self.average - before

    @property
    def low_share(self) -> float | None:
        return share(self.low, self.count)


def _counts(db: Database, scope: Scope) -> dict[int, tuple[int, int, int]]:
    """For each product row id: published reviews, the sum of their ratings, and how many at 1-2 stars."""
    counted = rollups.review_counts(db, scope, STAR_COLUMNS, each_product=True)
    return {
        product_id: (
            sum(c[column] for column in STAR_COLUMNS),
            sum(stars * c[f"n{stars}"] for stars in STARS),
            sum(c[f"n{stars}"] for stars in LOW),
        )
        for product_id, c in counted.items()
    }


def by_product(db: Database, scope: Scope, sort: ProductSort = ProductSort.COUNT) -> list[ProductRatings]:
    """Every product with a published review in the period."""
    now = {product_id: c for product_id, c in _counts(db, scope).items() if c[0]}
    previous = scope.previous()
    before = _counts(db, previous) if previous else {}
    names = {
        r["id"]: (r["external_id"], r["name"])
        for r in db.query("SELECT id, external_id, name FROM products WHERE shop_id = ?", [scope.shop_id])
    }
    rows = [
        ProductRatings(*names[product_id], n, total, low, *(before.get(product_id, (0, 0, 0))[:2]))
        for product_id, (n, total, low) in now.items()
    ]
    return sorted(rows, key=_ORDER[sort])


def fell(rows: list[ProductRatings]) -> list[ProductRatings]:
    """The products whose average fell against the period before, the largest fall first."""
    return sorted((r for r in rows if r.change is not None and r.change < 0), key=lambda r: r.change or 0.0)


_ORDER = {
    ProductSort.COUNT: lambda r: (-r.count, r.product),
    ProductSort.AVERAGE: lambda r: (-(r.average or 0.0), r.product),
    ProductSort.CHANGE: lambda r: (r.change is None, r.change or 0.0, r.product),
    ProductSort.LOW: lambda r: (-(r.low_share or 0.0), r.product),
    ProductSort.NAME: lambda r: ((r.name or r.product).casefold(), r.product),
}
