"""Searching a product's reviews: the words typed, in their base forms, found in every inflection.

The same analysis as what buyers mention (language.py): "pakkaus" finds "pakkauksessa", and a
review must use every word searched for. Reviews that use two searched words side by side, as
typed ("nopea toimitus"), come first. Nothing of the query reaches SQL but base forms as
parameters, so quotes, FTS or tsquery operators and odd characters are just text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from socialproof.db.engine import Database
from socialproof.db.migrations.m0020_insight_rollups import SHOP_ROW
from socialproof.insights import language
from socialproof.reviews.listing import Narrowing

QUERY_MAX = 200  # characters: a question, not a document
COUNT_CAP = 200  # reviews counted for a search of two or more words; past it, "at least" (listing.Narrowing)
Segments = list[tuple[str, bool]]  # a review's body in pieces, each marked or not


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]  # base forms, every one of which a review must use
    phrases: tuple[str, ...]  # two searched words side by side: reviews using them so come first

    @property
    def finds_nothing(self) -> bool:
        """Something was typed, but no word of it means anything to search for (only "the", or "+-*")."""
        return bool(self.text) and not self.words


def parse(text: str, lang: str) -> Query:
    text = text.strip()
    found = language.terms(text, lang if lang in language.LANGUAGES else "en") if text else []
    return Query(
        text,
        tuple(t.key for t in found if not t.phrase),
        tuple(t.key for t in found if t.phrase),
    )


def marked(db: Database, reviews: Sequence[dict[str, Any]], words: Sequence[str]) -> dict[int, Segments]:
    """Each review's body with the searched words marked, as the review wrote them (any inflection)."""
    ids = [r["id"] for r in reviews]
    if not ids or not words:
        return {}
    forms: dict[int, set[str]] = {}
    rows = db.query(
        f"SELECT review_id, shown FROM review_terms WHERE term IN ({', '.join('?' * len(words))}) "
        f"AND review_id IN ({', '.join('?' * len(ids))})",
        [*words, *ids],
    )
    for row in rows:
        forms.setdefault(row["review_id"], set()).add(row["shown"])
    found = {}
    for review in reviews:
        shown = forms.get(review["id"])
        if not shown:
            continue
        pattern = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(s) for s in sorted(shown, key=len, reverse=True)) + r")(?!\w)", re.I
        )
        body, pieces, at = review["body"] or "", [], 0
        for match in pattern.finditer(body):
            pieces += [(body[at : match.start()], False), (match.group(), True)]
            at = match.end()
        found[review["id"]] = [*pieces, (body[at:], False)]
    return found


@dataclass(frozen=True)
class Narrowed:
    """What a product's review list is narrowed to: a phrase buyers mention and the words searched for."""

    narrowing: Narrowing
    searched: Query

    @property
    def nothing(self) -> bool:
        return self.searched.finds_nothing


def narrowed(
    db: Database,
    shop_id: int,
    product_ids: Sequence[int],
    reviews: int,
    topic_term: str | None,
    text: str,
    lang: str,
    per_page: int,
) -> Narrowed:
    """A phrase buyers mention (its term) and a search, as the list's narrowing (see plan)."""
    searched = parse(text, lang)
    terms = ((topic_term,) if topic_term else ()) + searched.words
    return Narrowed(plan(db, shop_id, product_ids, reviews, terms, searched.phrases, per_page), searched)


def plan(
    db: Database,
    shop_id: int,
    product_ids: Sequence[int],
    reviews: int,
    terms: Sequence[str],
    phrases: Sequence[str],
    per_page: int,
) -> Narrowing:
    """The terms to narrow by, each checked the cheaper way (listing.Narrowing), from the kept counts of how
    many of these products' reviews, and of the shop's, use it (migration 0032): a page read in order finds
    a common word at once, while a rare one is quicker through the few reviews that use it."""
    if not terms:
        return Narrowing()
    here = _used(db, shop_id, product_ids, terms)
    everywhere = _used(db, shop_id, [SHOP_ROW], terms)
    common = tuple(per_page * reviews / max(here.get(t, 0), 1) < everywhere.get(t, 0) for t in terms)
    total = here.get(terms[0], 0) if len(terms) == 1 else None
    return Narrowing(tuple(terms), common, tuple(phrases), total, COUNT_CAP)


def _used(db: Database, shop_id: int, product_ids: Sequence[int], terms: Sequence[str]) -> dict[str, int]:
    """How many published reviews of these products (in any language) use each term, as kept."""
    if not product_ids:
        return {}
    rows = db.query(
        f"SELECT term, sum(reviews) AS n FROM topic_totals WHERE shop_id = ? "
        f"AND product_id IN ({', '.join('?' * len(product_ids))}) AND term IN ({', '.join('?' * len(terms))}) "
        "GROUP BY term",
        [shop_id, *product_ids, *terms],
    )
    return {row["term"]: row["n"] for row in rows}
