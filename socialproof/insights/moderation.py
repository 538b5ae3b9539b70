"""How the shop moderates: decisions by month, for each reason and star rating, and how long they took.

Counted from each review's decision as it stands (``moderated_at``, the month it
was made), for reviews written here: imported ones were decided elsewhere. A review
published at once by post-moderation had no decision to wait for and is left out.
The share rejected at each star rating, month by month, is the suppression check of
``/admin/stats`` over time: a shop hiding its low ratings would show here.

How long decisions took is kept in buckets (up to 1, 4, 12 hours, 1, 2, 7, 30 days,
then longer; migration 0020), so "half within 12 hours" is a bound that holds: at
least half of the decisions took no longer.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialproof.audit import RejectReason
from socialproof.db.engine import Database
from socialproof.insights import rollups
from socialproof.insights.ratings import STARS
from socialproof.insights.scope import Scope, share

PUBLISHED = "published"  # the outcome of a decision to publish; any other is a rejection's reason
LONGEST = rollups.BOUNDS[-1]  # beyond it, "more than 30 days"


@dataclass(frozen=True)
class DecisionMonth:
    month: str  # YYYY-MM
    published: tuple[int, ...]  # decided "publish", at 1 … 5 stars
    rejected: tuple[int, ...]  # decided "reject", at 1 … 5 stars
    reasons: tuple[int, ...]  # rejections for each of RejectReason, in its order
    buckets: tuple[int, ...]  # how many took up to each of rollups.BOUNDS hours, then longer

    @property
    def decided(self) -> int:
        return sum(self.published) + sum(self.rejected)

    @property
    def rejected_shares(self) -> tuple[float | None, ...]:
        """The share rejected of those decided, at each star rating."""
        return tuple(share(r, p + r) for p, r in zip(self.published, self.rejected, strict=True))

    @property
    def half_within(self) -> float | None:
        return rollups.within(self.buckets, 0.5)

    @property
    def nine_in_ten_within(self) -> float | None:
        return rollups.within(self.buckets, 0.9)


def _empty() -> tuple[list[int], list[int], list[int], list[int]]:
    return [0] * len(STARS), [0] * len(STARS), [0] * len(RejectReason), [0] * len(rollups.BUCKETS)


def decisions(db: Database, scope: Scope) -> list[DecisionMonth]:
    """Every month of the period with a decision in it, oldest first."""
    reasons = [reason.value for reason in RejectReason]
    counted: dict[str, tuple[list[int], list[int], list[int], list[int]]] = {}
    for row in rollups.decision_counts(db, scope):
        n = int(row["decisions"] or 0)
        if not n:
            continue
        published, rejected, by_reason, buckets = counted.setdefault(row["m"], _empty())
        if row["outcome"] == PUBLISHED:
            published[row["rating"] - 1] += n
        else:
            rejected[row["rating"] - 1] += n
            if row["outcome"] in reasons:
                by_reason[reasons.index(row["outcome"])] += n
        for i, bucket in enumerate(rollups.BUCKETS):
            buckets[i] += int(row[bucket] or 0)
    return [DecisionMonth(m, tuple(p), tuple(r), tuple(b), tuple(h)) for m, (p, r, b, h) in sorted(counted.items())]


def overall(months: list[DecisionMonth]) -> DecisionMonth:
    def summed(values: list[tuple[int, ...]], size: int) -> tuple[int, ...]:
        return tuple(sum(column) for column in zip(*values, strict=True)) if values else (0,) * size

    return DecisionMonth(
        "all",
        summed([m.published for m in months], len(STARS)),
        summed([m.rejected for m in months], len(STARS)),
        summed([m.reasons for m in months], len(RejectReason)),
        summed([m.buckets for m in months], len(rollups.BUCKETS)),
    )
