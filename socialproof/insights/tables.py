"""Every Insights view at once for a scope, and each one as rows of a CSV file (a header, then the figures).

The page and its CSV downloads read the same ``Figures``: a number in the file
is the number on the screen.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from socialproof.audit import RejectReason
from socialproof.db.engine import Database
from socialproof.insights import activity, answers, funnel, moderation, products, ratings, words
from socialproof.insights.ratings import STARS
from socialproof.insights.scope import Scope


@dataclass(frozen=True)
class Figures:
    funnel: list[funnel.Month]
    ratings: list[ratings.RatingMonth]
    products: list[products.ProductRatings]
    decisions: list[moderation.DecisionMonth]
    answers: list[answers.AnswerMonth]
    activity: list[activity.ActivityMonth]
    words: list[words.Usage]
    words_months: tuple[str, str]  # the whole months the words are counted over ('' first: all time)


def load(db: Database, scope: Scope, sort: products.ProductSort = products.ProductSort.COUNT) -> Figures:
    return Figures(
        funnel.funnel(db, scope),
        ratings.by_month(db, scope),
        products.by_product(db, scope, sort),
        moderation.decisions(db, scope),
        answers.by_month(db, scope),
        activity.by_month(db, scope),
        words.usage(db, scope),
        scope.covering().months,
    )


def _decimal(value: float | None, places: int) -> str:
    return "" if value is None else f"{value:.{places}f}"


def _funnel(f: Figures) -> list[list[object]]:
    head: list[object] = ["month", "orders", "requested", "written", "published", "rate"]
    return [head] + [[m.month, m.orders, m.requested, m.written, m.published, _decimal(m.rate, 3)] for m in f.funnel]


def _ratings(f: Figures) -> list[list[object]]:
    head: list[object] = ["month", *(f"stars_{s}" for s in STARS), "reviews", "average"]
    return [head] + [[r.month, *r.stars, r.count, _decimal(r.average, 2)] for r in f.ratings]


def _products(f: Figures) -> list[list[object]]:
    head: list[object] = ["product", "name", "reviews", "average", "change", "low_share"]
    return [head] + [
        [p.product, p.name or "", p.count, _decimal(p.average, 2), _decimal(p.change, 2), _decimal(p.low_share, 3)]
        for p in f.products
    ]


def _within(hours: float | None) -> str:
    """A bound in hours for the CSV: '12', or '720+' beyond the longest; '' without decisions."""
    if hours is None:
        return ""
    return f"{moderation.LONGEST}+" if math.isinf(hours) else f"{hours:g}"


def _decisions(f: Figures) -> list[list[object]]:
    head: list[object] = [
        "month",
        "decided",
        *(f"published_{s}" for s in STARS),
        *(f"rejected_{s}" for s in STARS),
        *(f"rejected_{reason.value}" for reason in RejectReason),
        "half_within_hours",
        "nine_in_ten_within_hours",
    ]
    return [head] + [
        [
            d.month,
            d.decided,
            *d.published,
            *d.rejected,
            *d.reasons,
            _within(d.half_within),
            _within(d.nine_in_ten_within),
        ]
        for d in f.decisions
    ]


def _answers(f: Figures) -> list[list[object]]:
    head: list[object] = ["month", "published", "answered", "low", "low_answered", "half_within_hours"]
    return [head] + [
        [a.month, a.published, a.answered, a.low, a.low_answered, _within(a.half_within)] for a in f.answers
    ]


def _activity(f: Figures) -> list[list[object]]:
    head: list[object] = ["month", "published", "with_photos", "recommended", "reviews_recommending", "helpful_votes"]
    return [head] + [
        [a.month, a.published, a.with_photos, a.recommended, a.reviews_recommending, a.helpful_votes]
        for a in f.activity
    ]


def _words(f: Figures) -> list[list[object]]:
    head: list[object] = ["language", "stars", "kind", "term", "shown", "reviews"]
    rows = [head]
    for usage in f.words:
        for kind, found in (("word", usage.words), ("phrase", usage.phrases)):
            for band, counted in found.items():
                rows += [[usage.lang, band.value, kind, c.term, c.shown, c.reviews] for c in counted]
    return rows


TABLES: dict[str, Callable[[Figures], list[list[object]]]] = {
    "funnel": _funnel,
    "ratings": _ratings,
    "products": _products,
    "moderation": _decisions,
    "answers": _answers,
    "activity": _activity,
    "words": _words,
}
