"""What an insight counts over: one shop, a period back from now, and optionally one product.

Every figure is grouped by calendar month (``YYYY-MM``, the first seven characters
of a stored timestamp, which sort and compare as text on both engines).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.db.migrations.m0020_insight_rollups import SHOP_ROW


class Period(StrEnum):
    DAYS_30 = "30d"
    DAYS_90 = "90d"
    MONTHS_12 = "12m"
    ALL = "all"


SPANS = {Period.DAYS_30: timedelta(days=30), Period.DAYS_90: timedelta(days=90), Period.MONTHS_12: timedelta(days=365)}


def month(column: str) -> str:
    """SQL for the month a timestamp column falls in."""
    return f"substr({column}, 1, 7)"


def _next(year_month: str) -> str:
    year, number = int(year_month[:4]), int(year_month[5:7])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def _previous(year_month: str) -> str:
    year, number = int(year_month[:4]), int(year_month[5:7])
    return f"{year - (number == 1):04d}-{(number - 2) % 12 + 1:02d}"


@dataclass(frozen=True)
class Scope:
    """Rows from ``start`` (inclusive) to ``end`` (exclusive; None: up to now), as stored timestamps sort.

    Whole months inside it are read from the monthly roll-ups (migration 0020); the part of a month
    at either end (``edges``) from the rows themselves, so a period of 30 days counts exactly 30 days.
    A month's first moment is written as ``YYYY-MM``, which sorts just before every timestamp in it.
    """

    shop_id: int
    period: Period
    product_id: int | None = None  # a products row id; None for the whole shop
    back: int = 0  # 0: the period up to now; 1: the period of the same length just before it
    now: datetime = field(default_factory=lambda: clock.now())  # fixed once: every query counts one period
    window: tuple[str, str] | None = None  # an edge: exactly these moments, never the roll-ups
    aligned: bool = False  # widened to whole months: from the first day of the first month the period touches
    # What one page has counted already (shared by the scopes made from this one): each edge is read once
    counted: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def _moment(self, spans_back: int) -> str:
        span = SPANS.get(self.period)
        return (self.now - spans_back * span).isoformat(timespec="microseconds") if span else ""

    @property
    def start(self) -> str:
        """The first moment counted; '' for all time."""
        start = self.window[0] if self.window else self._moment(self.back + 1)
        return start[:7] if self.aligned else start

    @property
    def end(self) -> str | None:
        end = self.window[1] if self.window else (self._moment(self.back) if self.back else None)
        return _next(end[:7]) if self.aligned and end is not None else end

    def covering(self) -> Scope:
        """The whole months this period touches, for what is kept by month only (the words of reviews)."""
        return replace(self, aligned=True)

    @property
    def months(self) -> tuple[str, str]:
        """The first and the last month the period touches (YYYY-MM; the first '' for all time)."""
        last = _previous(self.end[:7]) if self.end is not None else self.now.strftime("%Y-%m")
        return self.start[:7], last

    def previous(self) -> Scope | None:
        """The period of the same length just before this one; None for all time, which has none."""
        return None if self.period is Period.ALL else replace(self, back=self.back + 1)

    def whole_months(self) -> tuple[str, str | None] | None:
        """The first and last month wholly inside (the last None: the current month, up to now), or None."""
        if self.window:
            return None
        first = self.start if len(self.start) <= len("YYYY-MM") else _next(self.start[:7])
        last = None if self.end is None else _previous(self.end[:7])
        return None if last is not None and first > last else (first, last)

    def edges(self) -> list[Scope]:
        """The parts of months at the ends, each a window read from the rows themselves."""
        months = self.whole_months()
        if months is None:
            return [replace(self, window=(self.start, self.end or "9999"))] if not self.window else [self]
        first, last = months
        edges = [(self.start, first)] if first else []
        if last is not None and self.end is not None:
            edges.append((_next(last), self.end))
        return [replace(self, window=w) for w in edges if w[0] < w[1]]

    def where(self, moment: str, owner: str = "") -> tuple[str, list[object]]:
        """The condition (and its parameters) for rows whose ``moment`` (an SQL expression) is in the scope,
        of the shop and, when one is chosen, of the product; ``owner`` is the alias of the table that has
        ``shop_id`` and ``product_id`` (none when only one table is read)."""
        at = f"{owner}." if owner else ""
        sql = f"{at}shop_id = ? AND {moment} >= ?"
        params: list[object] = [self.shop_id, self.start]
        if self.end is not None:
            sql += f" AND {moment} < ?"
            params.append(self.end)
        if self.product_id is not None:
            sql += f" AND {at}product_id = ?"
            params.append(self.product_id)
        return sql, params

    def months_where(self, each_product: bool = False) -> tuple[str, list[object]] | None:
        """The condition on a roll-up table (shop_id, product_id, month) for the whole months: the shop's own row,
        the chosen product's, or with ``each_product`` every product's; None when there are no whole months."""
        months = self.whole_months()
        if months is None:
            return None
        first, last = months
        sql, params = "shop_id = ? AND month >= ?", [self.shop_id, first]
        if last is not None:
            sql += " AND month <= ?"
            params.append(last)
        if each_product and self.product_id is None:
            sql += " AND product_id <> ?"
            params.append(SHOP_ROW)
        else:
            sql += " AND product_id = ?"
            params.append(SHOP_ROW if self.product_id is None else self.product_id)
        return sql, params

    def rows(
        self,
        db: Database,
        rolled: str | None,
        scanned: str,
        moment: str,
        owner: str = "",
        each_product: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """The rows of ``rolled`` (SQL on a roll-up, ``{where}`` for its condition) for the whole months, then
        those of ``scanned`` (on the rows themselves, ``{where}`` on ``moment``) for the edges: the same columns
        from both, for the caller to add up by month (or by product, with ``each_product``). Without ``rolled``
        (counts another roll-up's rows already hold), the edges only."""
        whole = self.months_where(each_product)
        if whole is not None and rolled is not None:
            yield from db.query(rolled.format(where=whole[0]), whole[1])
        for edge in self.edges():
            where, params = edge.where(moment, owner)
            yield from db.query(scanned.format(where=where), params)


def add_up(rows: Iterable[dict[str, Any]], key: str = "m") -> dict[Any, dict[str, int]]:
    """Rows of counts summed by ``key`` (a month, or a product): the roll-ups' and the edges' together."""
    summed: dict[Any, dict[str, int]] = {}
    for row in rows:
        into = summed.setdefault(row[key], {})
        for column, value in row.items():
            if column != key:
                into[column] = into.get(column, 0) + int(value or 0)
    return summed


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide (shown as a dash, never as 0 %)."""
    return part / whole if whole else None
