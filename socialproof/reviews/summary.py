"""A product's (or a shop's) rating: counted from every approved review, nothing left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True)
class Summary:
    product: str
    distribution: dict[int, int] = field(default_factory=dict)
    recommend_yes: int = 0
    recommend_answered: int = 0

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


SUMMARY_SQL = (
    "SELECT r.rating, count(*) AS n, sum(r.recommend) AS yes, count(r.recommend) AS answered "
    "FROM reviews r JOIN products p ON p.id = r.product_id "
    "WHERE p.shop_id = ? AND p.external_id = ? AND r.status = 'approved' GROUP BY r.rating"
)


def product_summary(db: Database, shop_id: int, product: str) -> Summary:
    rows = list(db.query(SUMMARY_SQL, [shop_id, product]))
    return Summary(
        product,
        dict.fromkeys(range(1, 6), 0) | {row["rating"]: row["n"] for row in rows},
        recommend_yes=sum(row["yes"] or 0 for row in rows),
        recommend_answered=sum(row["answered"] for row in rows),
    )


SHOP_SUMMARY_SQL = "SELECT rating, count(*) AS n FROM reviews WHERE shop_id = ? AND status = 'approved' GROUP BY rating"


def shop_summary(db: Database, shop_id: int) -> Summary:
    """Every approved review of every product of the shop: the shop's overall rating."""
    rows = db.query(SHOP_SUMMARY_SQL, [shop_id])
    return Summary("", dict.fromkeys(range(1, 6), 0) | {row["rating"]: row["n"] for row in rows})
