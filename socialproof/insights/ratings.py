"""How ratings move: the published reviews of each month, by star, and their average.

Published reviews only (what shoppers see, imported ones included, by the date they
were written); a withdrawn review no longer counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialproof.db.engine import Database
from socialproof.insights.scope import Scope, month

STARS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class RatingMonth:
    month: str  # YYYY-MM
    stars: tuple[int, int, int, int, int]  # how many of 1, 2, 3, 4 and 5 stars

    @property
    def count(self) -> int:
        return sum(self.stars)

    @property
    def average(self) -> float | None:
        return sum(s * n for s, n in zip(STARS, self.stars, strict=True)) / self.count if self.count else None


def by_month(db: Database, scope: Scope) -> list[RatingMonth]:
    where, params = scope.where("created_at")
    rows = db.query(
        f"SELECT {month('created_at')} AS m, rating, count(*) AS n FROM reviews "
        f"WHERE {where} AND status = 'approved' AND erased = 0 GROUP BY {month('created_at')}, rating",
        params,
    )
    counted: dict[str, list[int]] = {}
    for row in rows:
        counted.setdefault(row["m"], [0] * len(STARS))[int(row["rating"]) - 1] = int(row["n"])
    return [RatingMonth(m, (c[0], c[1], c[2], c[3], c[4])) for m, c in sorted(counted.items())]


def overall(months: list[RatingMonth]) -> RatingMonth:
    summed = [sum(m.stars[i] for m in months) for i in range(len(STARS))]
    return RatingMonth("all", (summed[0], summed[1], summed[2], summed[3], summed[4]))
