"""The review funnel, month by month: orders reported, review requests sent, reviews written, published.

Counted from stored rows only: an order is one ``order_ref`` the shop's platform or API
reported (the invitations it made), a request is one order asked by mail, a review is
one a shopper wrote here (imported ones came from another service and are left out).
The review rate is reviews written / orders reported in the same month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.reviews.provenance import IMPORT_PREFIX
from socialproof.shops.registry import Shop


class Period(StrEnum):
    DAYS_30 = "30d"
    DAYS_90 = "90d"
    MONTHS_12 = "12m"
    ALL = "all"


SPANS = {Period.DAYS_30: timedelta(days=30), Period.DAYS_90: timedelta(days=90), Period.MONTHS_12: timedelta(days=365)}


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
        return self.written / self.orders if self.orders else None


def since(period: Period) -> str:
    """The period's first moment as stored timestamps sort; '' for all time."""
    span = SPANS.get(period)
    return (clock.now() - span).isoformat(timespec="microseconds") if span else ""


def funnel(db: Database, shop: Shop, period: Period, product_id: int | None = None) -> list[Month]:
    """Every month of the period that has anything in it, oldest first."""
    start = since(period)
    product = " AND product_id = ?" if product_id is not None else ""
    extra = [product_id] if product_id is not None else []
    counted: dict[str, dict[str, int]] = {}
    queries = {
        "orders": "SELECT substr(created_at, 1, 7) AS m, count(DISTINCT order_ref) AS n FROM invitations "
        f"WHERE shop_id = ? AND created_at >= ?{product} GROUP BY substr(created_at, 1, 7)",
        "requested": "SELECT substr(requested_at, 1, 7) AS m, count(DISTINCT order_ref) AS n FROM invitations "
        f"WHERE shop_id = ? AND requested_at >= ?{product} GROUP BY substr(requested_at, 1, 7)",
        "written": "SELECT substr(created_at, 1, 7) AS m, count(*) AS n FROM reviews "
        f"WHERE shop_id = ? AND created_at >= ? AND source NOT LIKE ?{product} GROUP BY substr(created_at, 1, 7)",
        "published": "SELECT substr(published_at, 1, 7) AS m, count(*) AS n FROM reviews "
        f"WHERE shop_id = ? AND published_at >= ? AND source NOT LIKE ?{product} GROUP BY substr(published_at, 1, 7)",
    }
    for column, sql in queries.items():
        params = [shop.id, start, *([IMPORT_PREFIX + "%"] if "source" in sql else []), *extra]
        for row in db.query(sql, params):
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
