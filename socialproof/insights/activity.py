"""What shoppers add besides words: photos with reviews, recommendations and helpful votes, by month.

Photos: the share of published reviews (by the month written) that carry one.
Recommendations: presses of the recommend button still standing (one taken back
is gone), and published reviews answering "yes" to "Would you recommend it?" —
together they make the count the widgets show. Helpful votes: by the month cast,
on the shop's reviews. For the whole shop, recommendations of the shop itself count too.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialproof.db.engine import Database
from socialproof.insights import rollups
from socialproof.insights.ratings import STAR_COLUMNS
from socialproof.insights.scope import Scope, month, share


@dataclass(frozen=True)
class ActivityMonth:
    month: str  # YYYY-MM
    published: int
    with_photos: int
    recommended: int  # presses of the button
    reviews_recommending: int
    helpful_votes: int

    @property
    def photo_share(self) -> float | None:
        return share(self.with_photos, self.published)


FIELDS = ("published", "with_photos", "recommended", "reviews_recommending", "helpful_votes")


def by_month(db: Database, scope: Scope) -> list[ActivityMonth]:
    counted: dict[str, dict[str, int]] = {
        m: {
            "published": sum(c[column] for column in STAR_COLUMNS),
            "with_photos": c["with_photos"],
            "reviews_recommending": c["recommending"],
        }
        for m, c in rollups.review_counts(db, scope, (*STAR_COLUMNS, "with_photos", "recommending")).items()
    }
    presses, press_params = scope.where("created_at")
    votes, vote_params = scope.where("v.created_at", "r")
    queries = [
        (
            f"SELECT {month('created_at')} AS m, count(*) AS recommended FROM recommendations "
            f"WHERE {presses} GROUP BY {month('created_at')}",
            press_params,
        ),
        (
            f"SELECT {month('v.created_at')} AS m, count(*) AS helpful_votes FROM helpful_votes v "
            f"JOIN reviews r ON r.id = v.review_id WHERE {votes} GROUP BY {month('v.created_at')}",
            vote_params,
        ),
    ]
    for sql, params in queries:
        for row in db.query(sql, params):
            counted.setdefault(row["m"], {}).update({k: int(v or 0) for k, v in row.items() if k != "m"})
    months = [ActivityMonth(m, *(counted[m].get(f, 0) for f in FIELDS)) for m in sorted(counted)]
    return [m for m in months if any(getattr(m, f) for f in FIELDS)]


def overall(months: list[ActivityMonth]) -> ActivityMonth:
    return ActivityMonth("all", *(sum(getattr(m, f) for m in months) for f in FIELDS))
