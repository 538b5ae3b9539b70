"""The review funnel, month by month: orders reported, review requests sent, reviews written, published.

Counted from stored rows only: an order is one ``order_ref`` the shop's platform or API
reported (the invitations it made), a request is one order asked by mail, a review is
one a shopper wrote here (imported ones came from another service and are left out).
The review rate is reviews written / orders reported in the same month.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialproof.db.engine import Database
from socialproof.insights.scope import Scope, month, share
from socialproof.reviews.provenance import IMPORT_PREFIX


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
    written_here = (" AND source NOT LIKE ?", [IMPORT_PREFIX + "%"])
    counted: dict[str, dict[str, int]] = {}
    queries = {  # column: (table, what is counted, the moment it is counted at, a further condition)
        "orders": ("invitations", "count(DISTINCT order_ref)", "created_at", ("", [])),
        "requested": ("invitations", "count(DISTINCT order_ref)", "requested_at", ("", [])),
        "written": ("reviews", "count(*)", "created_at", written_here),
        "published": ("reviews", "count(*)", "published_at", written_here),
    }
    for column, (table, counting, moment, (extra, extra_params)) in queries.items():
        where, params = scope.where(moment)
        sql = f"SELECT {month(moment)} AS m, {counting} AS n FROM {table} WHERE {where}{extra} GROUP BY {month(moment)}"
        for row in db.query(sql, params + extra_params):
            counted.setdefault(row["m"], {})[column] = int(row["n"])
    return [Month(m, **{c: counted[m].get(c, 0) for c in queries}) for m in sorted(counted)]


def totals(months: list[Month]) -> Month:
    return Month(
        "all",
        sum(m.orders for m in months),
        sum(m.requested for m in months),
        sum(m.written for m in months),
        sum(m.published for m in months),
    )
