"""The shop's answers: how many published reviews it replied to, how soon, and whether low ratings got one.

By the month each review was written, for reviews written here (an imported
review's reply came with the file, so its timing says nothing of this shop).
Time to reply runs from publication to the reply's first version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from socialproof.db.engine import Database
from socialproof.insights import rollups
from socialproof.insights.scope import Scope, median, month, share
from socialproof.reviews.provenance import IMPORT_PREFIX

LOW = (1, 2)  # the star ratings a shop most needs to answer


@dataclass(frozen=True)
class AnswerMonth:
    month: str  # YYYY-MM
    published: int
    answered: int
    low: int  # published at 1 or 2 stars
    low_answered: int
    hours: tuple[float, ...]  # from publication to reply, one per answered review

    @property
    def answered_share(self) -> float | None:
        return share(self.answered, self.published)

    @property
    def low_answered_share(self) -> float | None:
        return share(self.low_answered, self.low)

    @property
    def median_hours(self) -> float | None:
        return median(list(self.hours))


def by_month(db: Database, scope: Scope) -> list[AnswerMonth]:
    counted = rollups.review_counts(db, scope, ("published_here", "low_here"))
    replied: dict[str, tuple[list[int], list[float]]] = {}
    where, params = scope.where("r.created_at", "r")
    rows = db.query(
        f"SELECT {month('r.created_at')} AS m, r.rating, coalesce(r.published_at, r.created_at) AS shown, "
        "a.created_at AS replied FROM replies a JOIN reviews r ON r.id = a.review_id "
        f"WHERE {where} AND r.status = 'approved' AND r.erased = 0 AND r.source NOT LIKE ?",
        [*params, IMPORT_PREFIX + "%"],
    )
    for row in rows:
        counts, hours = replied.setdefault(row["m"], ([0, 0], []))
        counts[0] += 1
        counts[1] += row["rating"] in LOW
        waited = datetime.fromisoformat(row["replied"]) - datetime.fromisoformat(row["shown"])
        hours.append(max(0.0, waited.total_seconds() / 3600))
    months = []
    for m in sorted(counted):
        (answered, low_answered), hours = replied.get(m, ([0, 0], []))
        published, low = counted[m]["published_here"], counted[m]["low_here"]
        if published:
            months.append(AnswerMonth(m, published, answered, low, low_answered, tuple(hours)))
    return months


def overall(months: list[AnswerMonth]) -> AnswerMonth:
    return AnswerMonth(
        "all",
        sum(m.published for m in months),
        sum(m.answered for m in months),
        sum(m.low for m in months),
        sum(m.low_answered for m in months),
        tuple(h for m in months for h in m.hours),
    )
