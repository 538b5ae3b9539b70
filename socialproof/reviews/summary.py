"""A product's (or a shop's) rating: counted from every approved review, nothing left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from socialproof.db.engine import Database


@dataclass(frozen=True)
class Summary:
    product: str
    distribution: dict[int, int] = field(default_factory=dict)
    recommend_yes: int = 0
    recommend_answered: int = 0
    verified: int = 0
    with_photos: int = 0

    @property
    def recommend_percent(self) -> int | None:
        """Of the reviews that answered "Would you recommend?", the share that said yes."""
        if not self.recommend_answered:
            return None
        return int(Decimal(100 * self.recommend_yes / self.recommend_answered).quantize(0, ROUND_HALF_UP))

    @property
    def count(self) -> int:
        return sum(self.distribution.values())

    @property
    def average(self) -> float | None:
        """The arithmetic mean of every approved rating, rounded half up to one decimal."""
        if not self.count:
            return None
        mean = Decimal(sum(r * n for r, n in self.distribution.items())) / Decimal(self.count)
        return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

    def share(self, rating: int) -> float:
        return self.distribution.get(rating, 0) / self.count if self.count else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "review_count": self.count,
            "rating_average": self.average,
            "rating_distribution": {str(r): self.distribution.get(r, 0) for r in range(1, 6)},
            "recommend_percent": self.recommend_percent,
        }


STATS = "n1, n2, n3, n4, n5, recommend_yes, recommend_answered, verified, with_photos"


def _from_stats(product: str, row: dict[str, Any] | None) -> Summary:
    row = row or {}
    return Summary(
        product,
        {r: row.get(f"n{r}", 0) for r in range(1, 6)},
        recommend_yes=row.get("recommend_yes", 0),
        recommend_answered=row.get("recommend_answered", 0),
        verified=row.get("verified", 0),
        with_photos=row.get("with_photos", 0),
    )


PRODUCT_STATS_SQL = (
    f"SELECT {STATS} FROM product_stats s JOIN products p ON p.id = s.product_id "
    "WHERE p.shop_id = ? AND p.external_id = ?"
)
SHOP_STATS_SQL = f"SELECT {STATS} FROM shop_stats WHERE shop_id = ?"


def product_summary(db: Database, shop_id: int, product: str) -> Summary:
    """Read from the numbers the database keeps (migration 0009): one row, however many reviews."""
    return _from_stats(product, next(db.query(PRODUCT_STATS_SQL, [shop_id, product]), None))


def shop_summary(db: Database, shop_id: int) -> Summary:
    """Every approved review of every product of the shop: the shop's overall rating."""
    return _from_stats("", next(db.query(SHOP_STATS_SQL, [shop_id]), None))


GROUP_STATS_SQL = (
    "SELECT " + ", ".join(f"coalesce(sum({c}), 0) AS {c}" for c in STATS.split(", ")) + " FROM product_stats "
    "WHERE product_id IN (SELECT id FROM products WHERE group_id = ?)"
)


def summary_of_group(db: Database, group_id: int, key: str) -> Summary:
    """A product group's numbers: its members' kept rows added up."""
    return _from_stats(key, next(db.query(GROUP_STATS_SQL, [group_id]), None))
