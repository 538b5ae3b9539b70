"""The review funnel, month by month: orders reported, review requests sent, reviews written, published.

Counted from stored rows only: an order is one ``order_ref`` the shop's platform or API
reported (the invitations it made), a request is one order asked by mail, a review is
one a shopper wrote here (imported ones came from another service and are left out),
and "published" is how many of the reviews written that month are published now.
The review rate is reviews written / orders reported in the same month.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialproof.db.engine import Database
from socialproof.insights import rollups
from socialproof.insights.scope import Scope, month, share


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM
    orders: int
    requested: int
    written: int
    published: int

    @property
    def rate(self) -> float | None:
        """Reviews written per order reported; None in a month without orders."""
        return share(self.written, self.orders)


def funnel(db: Database, scope: Scope) -> list[Month]:
    """Every month of the period that has anything in it, oldest first."""
    counted = {
        m: {"written": c["written"], "published": c["published_here"]}
        for m, c in rollups.review_counts(db, scope, ("written", "published_here")).items()
    }
    for column, moment in (("orders", "created_at"), ("requested", "requested_at")):
        where, params = scope.where(moment)
        sql = (
            f"SELECT {month(moment)} AS m, count(DISTINCT order_ref) AS n FROM invitations "
            f"WHERE {where} GROUP BY {month(moment)}"
        )
        for row in db.query(sql, params):
            counted.setdefault(row["m"], {})[column] = int(row["n"])
    months = [Month(m, **{c: counted[m].get(c, 0) for c in COLUMNS}) for m in sorted(counted)]
    return [m for m in months if any(getattr(m, c) for c in COLUMNS)]


COLUMNS = ("orders", "requested", "written", "published")


def totals(months: list[Month]) -> Month:
    return Month(
        "all",
        sum(m.orders for m in months),
        sum(m.requested for m in months),
        sum(m.written for m in months),
        sum(m.published for m in months),
    )
