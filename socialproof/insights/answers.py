"""The shop's answers: how many published reviews it replied to, how soon, and whether low ratings got one.

By the month each review was written, for reviews written here (an imported
review's reply came with the file, so its timing says nothing of this shop). Time to
reply runs from publication to the reply's first version, kept in buckets as the
decisions' times are, so "half within 12 hours" is a bound that holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialproof.db.engine import Database
from socialproof.insights import rollups
from socialproof.insights.scope import Scope, share

LOW = (1, 2)  # the star ratings a shop most needs to answer
COLUMNS = ("published_here", "answered", "low_here", "answered_low", *rollups.REPLY_BUCKETS)


@dataclass(frozen=True)
class AnswerMonth:
    month: str  # YYYY-MM
    published: int
    answered: int
    low: int  # published at 1 or 2 stars
    low_answered: int
    buckets: tuple[int, ...]  # answered within each of rollups.BOUNDS hours of publication, then later

    @property
    def answered_share(self) -> float | None:
        return share(self.answered, self.published)

    @property
    def low_answered_share(self) -> float | None:
        return share(self.low_answered, self.low)

    @property
    def half_within(self) -> float | None:
        return rollups.within(self.buckets, 0.5)


def by_month(db: Database, scope: Scope) -> list[AnswerMonth]:
    counted = rollups.review_counts(db, scope, COLUMNS)
    return [
        AnswerMonth(
            m,
            c["published_here"],
            c["answered"],
            c["low_here"],
            c["answered_low"],
            tuple(c[b] for b in rollups.REPLY_BUCKETS),
        )
        for m, c in sorted(counted.items())
        if c["published_here"]
    ]


def overall(months: list[AnswerMonth]) -> AnswerMonth:
    buckets = tuple(sum(m.buckets[i] for m in months) for i in range(len(rollups.REPLY_BUCKETS)))
    return AnswerMonth(
        "all",
        sum(m.published for m in months),
        sum(m.answered for m in months),
        sum(m.low for m in months),
        sum(m.low_answered for m in months),
        buckets,
    )
