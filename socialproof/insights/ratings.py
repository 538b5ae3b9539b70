"""How ratings move: the published reviews of each month, by star, and their average.

Published reviews only (what shoppers see, imported ones included, by the month they
were written); a withdrawn review no longer counts. Read from the monthly roll-ups.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialproof.db.engine import Database
from socialproof.insights import rollups
from socialproof.insights.scope import Scope

STARS = (1, 2, 3, 4, 5)
STAR_COLUMNS = tuple(f"n{stars}" for stars in STARS)  # review_months' published reviews at each star rating


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
    counted = rollups.review_counts(db, scope, STAR_COLUMNS)
    months = [RatingMonth(m, (c["n1"], c["n2"], c["n3"], c["n4"], c["n5"])) for m, c in sorted(counted.items())]
    return [m for m in months if m.count]


def overall(months: list[RatingMonth]) -> RatingMonth:
    summed = [sum(m.stars[i] for m in months) for i in range(len(STARS))]
    return RatingMonth("all", (summed[0], summed[1], summed[2], summed[3], summed[4]))
