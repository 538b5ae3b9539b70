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
from socialproof.insights import language

QUERY_MAX = 200  # characters: a question, not a document
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

    terms: tuple[str, ...]  # every one used by each review shown
    ranked: tuple[str, ...]  # reviews using these come first
    searched: Query

    @property
    def nothing(self) -> bool:
        return self.searched.finds_nothing


def narrowed(topic_term: str | None, text: str, lang: str) -> Narrowed:
    searched = parse(text, lang)
    return Narrowed(((topic_term,) if topic_term else ()) + searched.words, searched.phrases, searched)
