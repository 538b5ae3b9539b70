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
from socialproof.insights.scope import Scope, share


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
    for m, c in rollups.signal_counts(db, scope).items():
        counted.setdefault(m, {}).update(recommended=c["recommendations"], helpful_votes=c["helpful_votes"])
    months = [ActivityMonth(m, *(counted[m].get(f, 0) for f in FIELDS)) for m in sorted(counted)]
    return [m for m in months if any(getattr(m, f) for f in FIELDS)]


def overall(months: list[ActivityMonth]) -> ActivityMonth:
    return ActivityMonth("all", *(sum(getattr(m, f) for m in months) for f in FIELDS))
