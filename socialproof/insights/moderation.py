"""How the shop moderates: decisions by month, for each reason and star rating, and how long they took.

Counted from each review's decision as it stands (``moderated_at``, the month it
was made), for reviews written here: imported ones were decided elsewhere. A review
published at once by post-moderation had no decision to wait for and is left out.
The share rejected at each star rating, month by month, is the suppression check of
``/admin/stats`` over time: a shop hiding its low ratings would show here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from socialproof.audit import RejectReason
from socialproof.db.engine import Database
from socialproof.insights.ratings import STARS
from socialproof.insights.scope import Scope, median, month, percentile_90, share
from socialproof.reviews.provenance import IMPORT_PREFIX
from socialproof.reviews.status import ReviewStatus


@dataclass(frozen=True)
class DecisionMonth:
    month: str  # YYYY-MM
    published: tuple[int, ...]  # decided "publish", at 1 … 5 stars
    rejected: tuple[int, ...]  # decided "reject", at 1 … 5 stars
    reasons: tuple[int, ...]  # rejections for each of RejectReason, in its order
    hours: tuple[float, ...]  # from writing to decision, one per decision

    @property
    def decided(self) -> int:
        return sum(self.published) + sum(self.rejected)

    @property
    def rejected_shares(self) -> tuple[float | None, ...]:
        """The share rejected of those decided, at each star rating."""
        return tuple(share(r, p + r) for p, r in zip(self.published, self.rejected, strict=True))

    @property
    def median_hours(self) -> float | None:
        return median(list(self.hours))

    @property
    def p90_hours(self) -> float | None:
        return percentile_90(list(self.hours))


def _hours(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 3600


def decisions(db: Database, scope: Scope) -> list[DecisionMonth]:
    """Every month of the period with a decision in it, oldest first."""
    where, params = scope.where("moderated_at")
    rows = db.query(
        f"SELECT {month('moderated_at')} AS m, rating, status, rejection_reason, created_at, moderated_at "
        f"FROM reviews WHERE {where} AND status != ? AND source NOT LIKE ?",
        [*params, ReviewStatus.PENDING.value, IMPORT_PREFIX + "%"],
    )
    reasons = list(RejectReason)
    counted: dict[str, tuple[list[int], list[int], list[int], list[float]]] = {}
    for row in rows:
        published, rejected, by_reason, hours = counted.setdefault(
            row["m"], ([0] * len(STARS), [0] * len(STARS), [0] * len(reasons), [])
        )
        if row["status"] == ReviewStatus.APPROVED:
            published[row["rating"] - 1] += 1
        else:
            rejected[row["rating"] - 1] += 1
            if row["rejection_reason"] in set(RejectReason):
                by_reason[reasons.index(RejectReason(row["rejection_reason"]))] += 1
        hours.append(_hours(row["created_at"], row["moderated_at"]))
    return [DecisionMonth(m, tuple(p), tuple(r), tuple(b), tuple(h)) for m, (p, r, b, h) in sorted(counted.items())]


def overall(months: list[DecisionMonth]) -> DecisionMonth:
    def summed(values: list[tuple[int, ...]]) -> tuple[int, ...]:
        return tuple(sum(column) for column in zip(*values, strict=True)) if values else ()

    return DecisionMonth(
        "all",
        summed([m.published for m in months]) or (0,) * len(STARS),
        summed([m.rejected for m in months]) or (0,) * len(STARS),
        summed([m.reasons for m in months]) or (0,) * len(RejectReason),
        tuple(h for m in months for h in m.hours),
    )
