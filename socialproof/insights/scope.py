"""What an insight counts over: one shop, a period back from now, and optionally one product.

Every figure is grouped by calendar month (``YYYY-MM``, the first seven characters
of a stored timestamp, which sort and compare as text on both engines).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from socialproof import clock


class Period(StrEnum):
    DAYS_30 = "30d"
    DAYS_90 = "90d"
    MONTHS_12 = "12m"
    ALL = "all"


SPANS = {Period.DAYS_30: timedelta(days=30), Period.DAYS_90: timedelta(days=90), Period.MONTHS_12: timedelta(days=365)}


def month(column: str) -> str:
    """SQL for the month a timestamp column falls in."""
    return f"substr({column}, 1, 7)"


@dataclass(frozen=True)
class Scope:
    shop_id: int
    period: Period
    product_id: int | None = None  # a products row id; None for the whole shop
    back: int = 0  # 0: the period up to now; 1: the period of the same length just before it
    now: datetime = field(default_factory=lambda: clock.now())  # fixed once: every query counts one period

    @property
    def since(self) -> str:
        """The period's first moment as stored timestamps sort; '' for all time."""
        return self._moment(self.back + 1)

    def _moment(self, spans_back: int) -> str:
        span = SPANS.get(self.period)
        return (self.now - spans_back * span).isoformat(timespec="microseconds") if span else ""

    def previous(self) -> Scope | None:
        """The period of the same length just before this one; None for all time, which has none."""
        return None if self.period is Period.ALL else replace(self, back=self.back + 1)

    def where(self, moment: str, owner: str = "") -> tuple[str, list[object]]:
        """The condition (and its parameters) for rows whose ``moment`` (an SQL expression) is in the period,
        of the shop and, when one is chosen, of the product; ``owner`` is the alias of the table that has
        ``shop_id`` and ``product_id`` (none when only one table is read)."""
        at = f"{owner}." if owner else ""
        sql = f"{at}shop_id = ? AND {moment} >= ?"
        params: list[object] = [self.shop_id, self.since]
        if self.back:
            sql += f" AND {moment} < ?"
            params.append(self._moment(self.back))
        if self.product_id is not None:
            sql += f" AND {at}product_id = ?"
            params.append(self.product_id)
        return sql, params


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide (shown as a dash, never as 0 %)."""
    return part / whole if whole else None


def median(values: list[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile_90(values: list[float]) -> float | None:
    """The nearest-rank 90th percentile: nine in ten took at most this long."""
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1] if ordered else None
