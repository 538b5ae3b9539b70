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
    reviews, review_params = scope.where("created_at")
    presses, press_params = scope.where("created_at")
    votes, vote_params = scope.where("v.created_at", "r")
    counted: dict[str, dict[str, int]] = {}
    queries = [
        (
            f"SELECT {month('created_at')} AS m, count(*) AS published, sum(has_photos) AS with_photos, "
            "count(*) FILTER (WHERE recommend = 1) AS reviews_recommending FROM reviews "
            f"WHERE {reviews} AND status = 'approved' AND erased = 0 GROUP BY {month('created_at')}",
            review_params,
        ),
        (
            f"SELECT {month('created_at')} AS m, count(*) AS recommended FROM recommendations "
            f"WHERE {presses} GROUP BY {month('created_at')}",
            press_params,
        ),
        (
            f"SELECT {month('v.created_at')} AS m, count(*) AS helpful_votes FROM helpful_votes v "
            f"JOIN reviews r ON r.id = v.review_id WHERE {votes} "
            f"GROUP BY {month('v.created_at')}",
            vote_params,
        ),
    ]
    for sql, params in queries:
        for row in db.query(sql, params):
            counted.setdefault(row["m"], {}).update({k: int(v or 0) for k, v in row.items() if k != "m"})
    return [ActivityMonth(m, *(counted[m].get(f, 0) for f in FIELDS)) for m in sorted(counted)]


def overall(months: list[ActivityMonth]) -> ActivityMonth:
    return ActivityMonth("all", *(sum(getattr(m, f) for m in months) for f in FIELDS))
